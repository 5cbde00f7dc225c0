import MemlintResolution

/// The image catalogue as a page (docs/rules/images.md) and as `memlint rules --images` text:
/// every entry with its patterns, runtime, version source, launcher and sources.
public enum CatalogueDocRenderer {
    public static func markdown(_ packs: [RulePack]) -> String {
        let entries = CatalogueLoader.load(packs).entries
        var out = """
            # The image catalogue

            Generated from `Rules/<Pack>/images.yml` by `memlint rules --format markdown --output docs/rules`;
            do not edit. What the fields mean and how to add or correct an entry in `.lint.yml`:
            [docs/catalogue.md](../catalogue.md). \(entries.count) entries; the first that matches an image wins,
            after `.lint.yml`'s own.

            | product | images | runtime | runtime version | launcher | source |
            |---|---|---|---|---|---|

            """
        for entry in entries {
            let cells = [entry.product ?? "", entry.patterns.map { "`\($0.pattern)`" }.joined(separator: " "), runtime(entry),
                         version(entry), launcher(entry), links(entry)]
            out += "| " + cells.map { $0.replacing("|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// One line per entry, for the terminal.
    public static func text(_ packs: [RulePack]) -> String {
        CatalogueLoader.load(packs).entries.map { entry in
            var line = "\(entry.product ?? entry.name)  [\(runtime(entry))]  \(entry.patterns.map(\.pattern).joined(separator: " "))"
            let launcher = launcher(entry)
            if !launcher.isEmpty { line += "\n    launcher: \(launcher)" }
            line += "\n    source: \(entry.source ?? "")  (\(entry.origin))"
            return line
        }.joined(separator: "\n") + "\n"
    }

    private static func runtime(_ entry: ImageFacts) -> String {
        switch entry.runtime {
        case .runtime(let id)?: id.rawValue
        case .none?: "none (native)"
        case nil: ""
        }
    }

    private static func version(_ entry: ImageFacts) -> String {
        switch entry.runtimeVersion {
        case .unknown: return "unknown"
        case .tag: return "the tag"
        case .bundled(let list):
            return list.map { "\($0.since.map { "from \($0): " } ?? "")\($0.major)" }.joined(separator: "; ")
        }
    }

    private static func launcher(_ entry: ImageFacts) -> String {
        guard let launcher = entry.launcher else { return "" }
        var parts = [launcher.name]
        if !launcher.reads.isEmpty { parts.append("reads \(launcher.reads.joined(separator: ", "))") }
        if let options = launcher.options {
            parts.append("passes \(options)\(launcher.unless.isEmpty ? "" : " unless \(launcher.unless.joined(separator: "/")) is set")")
        }
        if let ratio = launcher.memoryLimitRatio { parts.append("sets its memory limit to \(Int(ratio * 100)) % of the container's") }
        if !launcher.optOut.isEmpty { parts.append("off with \(launcher.optOut.joined(separator: ", "))") }
        if let since = launcher.since { parts.append("from version \(since)") }
        if let beyond = launcher.beyondHeap { parts.append("needs \(beyond >> 20)Mi beyond the heap") }
        return parts.joined(separator: "; ")
    }

    private static func links(_ entry: ImageFacts) -> String {
        var urls = [entry.source].compactMap { $0 } + [entry.launcher?.source].compactMap { $0 }
        if case .bundled(let list) = entry.runtimeVersion { urls += list.map(\.source) }
        var seen = Set<String>()
        return urls.filter { !$0.isEmpty && seen.insert($0).inserted }.map { "<\($0)>" }.joined(separator: " ")
    }
}
