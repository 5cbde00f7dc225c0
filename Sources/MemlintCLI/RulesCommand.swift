import ArgumentParser
import FoundationEssentials
import MemlintEngine
import MemlintPacks

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules, or show one rule's documentation.",
        discussion: """
            memlint rules                     every rule: code, name, pack, severity, summary
            memlint rules K8S002              the full documentation of one rule (code or name)
            memlint rules --images            the image catalogue: what each known image runs, with sources
            memlint rules --format markdown --output docs/rules
                                              write one Markdown page per rule, the catalogue and an index

            The custom rules and plugins' rules of the .lint.yml in force are listed too (plugins are \
            started to describe their rules, unless --no-plugins).
            """)

    enum Format: String, ExpressibleByArgument { case text, markdown }

    @Argument(help: "A rule code or name.")
    var rule: String?

    @Option(help: "text or markdown.")
    var format: Format = .text

    @Option(help: ArgumentHelp("With --format markdown: the folder to write the pages to.", valueName: "dir"))
    var output: String?

    @Option(help: ArgumentHelp("With --format markdown: also rewrite the rule table of this README (between its markers).", valueName: "file"))
    var readme: String?

    @Flag(help: "List the image catalogue (docs/catalogue.md) instead of the rules.")
    var images = false

    @Option(help: ArgumentHelp("Use this configuration file instead of the nearest .lint.yml.", valueName: "file"))
    var config: String?

    @Flag(help: "Ignore any .lint.yml: only memlint's own rules.")
    var noConfig = false

    @Flag(help: "Do not start the plugins .lint.yml names to list their rules.")
    var noPlugins = false

    func run() throws {
        let packs = BuiltInPacks.all
        if images {
            print(format == .markdown ? CatalogueDocRenderer.markdown(packs) : CatalogueDocRenderer.text(packs), terminator: "")
            return
        }
        let (extra, failures) = try configuredRules()
        try list(extra)
        // The rules that could be listed are; a plugin that could not describe its own fails the command.
        for failure in failures { StandardStream.error.write("memlint: \(failure)\n") }
        if !failures.isEmpty { throw ExitCode(1) }
    }

    private func list(_ extra: [RuleDescription]) throws {
        let packs = BuiltInPacks.all
        let all = packs.flatMap { $0.rules }.map { $0.description } + extra
        if let rule {
            guard let found = all.first(where: { $0.code == rule || $0.name == rule }) else {
                throw ValidationError("unknown rule '\(rule)'; `memlint rules` lists them")
            }
            print(format == .markdown ? RuleDocRenderer.markdownPage(found) : RuleDocRenderer.plainHelp(found), terminator: "")
            return
        }
        switch format {
        case .markdown:
            guard let output else {
                print(RuleDocRenderer.markdownIndex(packs, extra: extra), terminator: "")
                return
            }
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            for file in RuleDocRenderer.markdownFiles(packs, extra: extra) {
                try file.content.write(toFile: output + "/" + file.name, atomically: true, encoding: .utf8)
            }
            if let readme {
                let text = try String(contentsOfFile: readme, encoding: .utf8)
                guard let updated = RuleDocRenderer.replacingReadmeTable(in: text, packs: packs) else {
                    throw ValidationError("\(readme) has no rule table markers")
                }
                try updated.write(toFile: readme, atomically: true, encoding: .utf8)
            }
        case .text:
            let rows = all.map { [$0.code, $0.name, $0.pack, $0.defaultSeverity.name, $0.summary] }
            let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                print((0..<4).map { row[$0] + String(repeating: " ", count: max(0, widths[$0] - row[$0].count)) }.joined(separator: "  ") + "  " + row[4])
            }
            // The runtimes' shared settings: set under `runtimes:` in .lint.yml.
            for runtime in packs.flatMap({ $0.runtimes }) where !runtime.parameters.isEmpty {
                print("\nruntime \(runtime.id) (.lint.yml runtimes: {\(runtime.id): {…}}, annotations \(runtime.id).memlint.io/<setting>):")
                for p in runtime.parameters {
                    print("  \(p.key) (\(p.kind.rawValue), default \(p.defaultValue), \(p.rangeText)): \(p.summary)")
                }
            }
        }
    }

    /// The `.lint.yml`'s custom rules and its plugins' rules, and why a plugin could not say.
    private func configuredRules() throws -> (rules: [RuleDescription], failures: [String]) {
        guard let configuration = try LintRequest.loadConfiguration(config: config, noConfig: noConfig) else { return ([], []) }
        let custom = configuration.customRules.map(\.description)
        guard !noPlugins, !configuration.plugins.isEmpty else { return (custom, []) }
        let described = PluginStage.describe(configuration.plugins, taken: BuiltInPacks.rules.map { $0.description } + custom)
        return (custom + described.rules, described.failures)
    }
}
