import MemlintEngine

struct FileTooComplexRule: FileRule {
    static let description = RuleDescription(
        code: "E003", name: "file-too-complex", pack: "Core", defaultSeverity: .error,
        summary: "A file took longer to read than the per-file time budget, so memlint stopped reading it.",
        rationale: """
            memlint runs unattended in CI and pre-commit: a pathological file must not block every \
            merge. Each file has a time budget (`--file-timeout`, 60 seconds by default, far above \
            what real manifests need — a 50 MB stream takes about a second to parse); a file that \
            exceeds it is reported here with the position reached, and the run goes on. The documents \
            read before that point are still checked.
            """,
        fix: "Split or simplify the file, or raise --file-timeout if it is legitimately huge.",
        triggering: [],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: quick}
                data: {a: b}
                """),
        ])

    func check(_ file: FileContext, _ sink: inout DiagnosticSink) {
        for error in file.yamlErrors where error.kind == .tooComplex {
            sink.report(error.message, at: Span(start: error.mark, end: error.mark))
        }
    }
}
