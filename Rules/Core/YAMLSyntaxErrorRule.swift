import MemlintEngine

struct YAMLSyntaxErrorRule: FileRule {
    static let description = RuleDescription(
        code: "E001", name: "yaml-syntax-error", pack: "Core", defaultSeverity: .error,
        summary: "A YAML file could not be parsed, so the rest of it was not checked.",
        rationale: """
            kubectl and the API server reject a manifest that is not valid YAML, and memlint cannot \
            check memory settings it cannot read. The documents before the error in the same stream \
            are still checked; the ones after it are not. The position and the message are libyaml's \
            (the parser behind PyYAML and many Kubernetes tools). Files that are not UTF-8 (or UTF-16 \
            with a byte order mark), aliases to anchors that do not exist and nesting deeper than 1,000 \
            levels are reported here too.
            """,
        fix: "Fix the YAML at the reported position; `memlint debug yaml-events FILE` shows how far it parses.",
        references: ["https://pyyaml.org/wiki/LibYAML", "https://yaml.org/spec/1.2.2/"],
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: broken
                  labels: {app: web
                spec↓: {}
                """).skipping(.multiDocument),
            Example("""
                apiVersion: v1
                kind: ConfigMap
                data:
                  key: ↓*missing
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: fine}
                data:
                  key: "value"
                """),
        ])

    func check(_ file: FileContext, _ sink: inout DiagnosticSink) {
        for error in file.yamlErrors where error.kind != .tooComplex {
            var related: [RelatedLocation] = []
            if let contextMark = error.contextMark, let contextMessage = error.contextMessage, contextMark != error.mark {
                related.append(RelatedLocation(sink.here(Span(start: contextMark, end: contextMark)), contextMessage))
            }
            sink.report(error.message, at: Span(start: error.mark, end: error.mark), related: related)
        }
    }
}
