import MemlintEngine

struct FileUnreadableRule: FileRule {
    static let description = RuleDescription(
        code: "E004", name: "file-unreadable", pack: "Core", defaultSeverity: .error,
        summary: "A file that was found could not be read (permissions, a vanished file, a directory where a file was expected).",
        rationale: """
            A linter that quietly passes over a file it cannot read lets whatever is in it ship \
            unchecked. memlint reports the file and goes on with the others.
            """,
        fix: "Make the file readable by the user that runs memlint, or exclude it in `.lint.yml`.",
        triggering: [],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: readable}
                """),
        ])

    func check(_ file: FileContext, _ sink: inout DiagnosticSink) {
        guard let reason = file.readError else { return }
        sink.report("cannot read the file: \(reason)", at: Span(start: .zero, end: .zero))
    }
}
