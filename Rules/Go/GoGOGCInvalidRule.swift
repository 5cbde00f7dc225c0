import MemlintEngine

struct GoGOGCInvalidRule: ContainerRule {
    static let checksImagesWithoutWorkload = true

    static let description = RuleDescription(
        code: "GO007", name: "go-gogc-invalid", pack: "Go", defaultSeverity: .warning,
        summary: "GOGC is neither off nor a whole number, so Go silently uses 100.",
        rationale: """
            `readGOGC` accepts `off` or an integer (ASCII digits, an optional leading `-`, nothing else); \
            any other value — `50%`, `1.5`, `auto`, `+50`, ` 50` — is ignored \
            without a message and the default 100 applies (Go's `readGOGC` in `src/runtime/mgcpacer.go` and the GC guide). The tuning someone \
            intended never happens.
            """,
        fix: "Write GOGC as a whole number (e.g. 50) or off.",
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: tuned}
                spec:
                  containers:
                    - name: app
                      image: golang:1.22
                      command: [/app]
                      env: [{name: GOGC, value: ↓"50%"}, {name: GOMEMLIMIT, value: 900MiB}]
                      resources: {limits: {memory: 1Gi}}
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: tuned}
                spec:
                  containers:
                    - name: app
                      image: golang:1.22
                      command: [/app]
                      env: [{name: GOGC, value: "50"}, {name: GOMEMLIMIT, value: 900MiB}]
                      resources: {limits: {memory: 1Gi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let gogc = GoSettings.of(context)?.gogc, let value = gogc.value else { return }
        let text = value.text
        guard text != "off", GoSettings.runtimeAtoi32(text) == nil else { return }
        sink.report("GOGC=\"\(text)\" is not off or a whole number: Go ignores it and uses GOGC=100",
                    at: gogc.location, fix: "write GOGC as a whole number, e.g. 50")
    }
}
