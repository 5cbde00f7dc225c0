import FoundationEssentials
import MemlintEngine

enum Summary {
    static func line(_ result: LintResult, elapsed: Double) -> String {
        let s = result.statistics
        var counts = Severity.allCases.reversed().map { severity -> String in
            let n = result.diagnostics.filter { $0.severity == severity }.count
            return "\(n) \(severity.name)\(n == 1 ? "" : "s")"
        }
        counts.append("\(result.suppressed.count) suppressed")
        let time = seconds(elapsed)
        return "memlint: \(plural(s.files, "file")), \(plural(s.documents, "document")), \(plural(s.containers, "container"))\(coverage(s)) checked: \(counts.joined(separator: ", ")) (\(time))"
    }

    /// " (12 jvm, 9 go, 2 native, 5 unknown)": what memlint recognised, runtimes first.
    static func coverage(_ s: LintStatistics) -> String {
        var patches = s.kustomizePatchFiles.isEmpty ? "" : "; \(plural(s.kustomizePatchFiles.count, "Kustomize patch file")) not linted alone"
        if !s.renderings.isEmpty { patches += "; \(plural(s.renderings.count, "rendering"))" }
        guard !s.coverage.isEmpty else { return patches.isEmpty ? "" : " (\(patches.dropFirst(2)))" }
        let order = { (key: String) -> Int in key == "unknown" ? 2 : key == "native" ? 1 : 0 }
        let parts = s.coverage.sorted { (order($0.key), $0.key) < (order($1.key), $1.key) }.map { "\($0.value) \($0.key)" }
        return " (\(parts.joined(separator: ", "))\(patches))"
    }

    /// "0.04s": two decimals, without String(format:), whose C varargs machinery costs a start-up
    /// measurable share (docs/performance.md).
    static func seconds(_ elapsed: Double) -> String {
        let hundredths = Int((max(0, elapsed) * 100).rounded(.toNearestOrEven))
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)s"
    }

    private static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
