import ArgumentParser
import FoundationEssentials
import MemlintEngine

/// `check --fix` / `--diff`: applies the run's fixes in rounds, in memory, re-linting after each
/// (a fix can make another possible, overlapping ones wait), until nothing is left to fix or four
/// rounds have passed. Only files read from disk are changed; `--fix` writes them at the end.
struct FixSession {
    let allowing: Fix.Applicability
    static let rounds = 4
    /// Files changed, original and final bytes, by the path they are reported under.
    private(set) var changes: [String: FixedFiles.Change] = [:]
    private(set) var fixedCount = 0
    private var absolutePaths: [String: String] = [:]
    private var failed: Set<String> = []

    /// `--fix` writes after each round, so renderers see the changes; `--diff` works in memory and stops
    /// after a round that changed a file a rendering is made from (rendering again needs it on disk).
    let writesEachRound: Bool

    init(allowing: Fix.Applicability, writesEachRound: Bool) {
        self.allowing = allowing
        self.writesEachRound = writesEachRound
    }

    mutating func run(_ inputs: [InputFile], first: LintResult, lint: ([InputFile]) -> LintResult) -> LintResult {
        var writable: [String: InputFile] = [:]
        for input in inputs {
            if case .disk = input.contents { writable[input.path] = input }
        }
        var result = first
        var current: [String: [UInt8]] = [:]
        for _ in 0..<Self.rounds {
            let plan = FixPlan(result.diagnostics, allowing: allowing) { writable[$0] != nil }
            guard !plan.isEmpty else { break }
            let (applied, failedPaths) = FixedFiles.apply(plan) { path in
                current[path] ?? writable[path].flatMap { try? InputFile.readBytes($0.absolutePath) }
            }
            failed.formUnion(failedPaths)
            guard !applied.isEmpty else { break }
            for change in applied {
                let original = changes[change.path]?.original ?? change.original
                changes[change.path] = FixedFiles.Change(path: change.path, original: original, fixed: change.fixed)
                current[change.path] = change.fixed
                absolutePaths[change.path] = writable[change.path]?.absolutePath
            }
            fixedCount += plan.fixed.filter { diagnostic in diagnostic.edit!.edits.allSatisfy { !failedPaths.contains($0.path) } }.count
            if writesEachRound {
                try? write(applied.map(\.path))
                result = lint(inputs)
                continue
            }
            if applied.contains(where: { writable[$0.path].map { result.renderSources.contains($0.absolutePath) } ?? false }) { break }
            let next = inputs.map { input in
                current[input.path].map { InputFile(path: input.path, contents: .bytes($0), kind: input.kind, absolutePath: input.absolutePath) } ?? input
            }
            result = lint(next)
        }
        // Files whose bytes are back to what they were (a fix and its undo) are not changes.
        changes = changes.filter { $0.value.original != $0.value.fixed }
        return result
    }

    /// Writes the changed files in place (`--fix`), all of them or those named.
    func write(_ only: [String]? = nil) throws {
        for (path, change) in changes.sorted(by: { $0.key < $1.key }) where only?.contains(path) ?? true {
            guard let absolute = absolutePaths[path] else { continue }
            do {
                try Data(change.fixed).write(to: URL(fileURLWithPath: absolute))
            } catch {
                throw ValidationError("cannot write the fixed \(path): \(describe(error))")
            }
        }
    }

    /// What `--fix` would change, as `diff -u` shows it (`--diff`).
    func diff() -> String {
        changes.sorted { $0.key < $1.key }.map { UnifiedDiff.render(path: $0.key, original: $0.value.original, fixed: $0.value.fixed) }.joined()
    }

    /// ", 3 fixed (2 more with --unsafe-fixes)" for the summary line; "" when there is nothing to say.
    func summary(_ remaining: LintResult) -> String {
        let fixable = remaining.diagnostics.compactMap(\.edit)
        let safe = fixable.filter { $0.applicability == .safe }.count
        let unsafe = fixable.filter { $0.applicability == .unsafe }.count
        var parts: [String] = []
        if fixedCount > 0 { parts.append(writesEachRound ? "\(fixedCount) fixed" : "\(fixedCount) would be fixed") }
        if allowing == .safe, unsafe > 0 { parts.append("\(unsafe) more with --unsafe-fixes") }
        if safe > 0 && fixedCount == 0 { parts.append("\(safe) fixable with --fix") }
        if !failed.isEmpty { parts.append("not rewritten: \(failed.sorted().joined(separator: ", "))") }
        return parts.isEmpty ? "" : "; " + parts.joined(separator: ", ")
    }
}
