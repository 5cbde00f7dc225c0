import MemlintEngine

struct GoMemlimitInvalidRule: ContainerRule {
    static let description = RuleDescription(
        code: "GO004", name: "go-memlimit-invalid", pack: "Go", defaultSeverity: .error,
        summary: "GOMEMLIMIT has a value the Go runtime rejects at startup.",
        rationale: """
            The runtime parses GOMEMLIMIT with `parseByteCount` (`src/runtime/string.go`): digits, then \
            optionally `B`, `KiB`, `MiB`, `GiB` or `TiB` — case-sensitive, no spaces, no decimals. \
            Anything else is `fatal error: malformed GOMEMLIMIT` before `main` runs, and the pod crash-loops. \
            Kubernetes' own spelling is the usual mistake: `450Mi` is a quantity, not a GOMEMLIMIT.
            """,
        fix: "Write GOMEMLIMIT in the runtime's units: 450MiB, 1GiB, or plain bytes.",
        references: ["https://pkg.go.dev/runtime/debug#SetMemoryLimit"],
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: checkout}
                spec:
                  containers:
                    - name: checkout
                      image: golang:1.22
                      command: [/checkout]
                      env: [{name: GOMEMLIMIT, value: ↓"450Mi"}]
                      resources: {limits: {memory: 512Mi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: spaced}
                spec:
                  containers:
                    - name: app
                      image: golang:1.22
                      command: [/app]
                      env: [{name: GOMEMLIMIT, value: ↓" 1GiB"}, {name: GOGC, value: "50"}]
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: ok}
                spec:
                  containers:
                    - name: app
                      image: golang:1.22
                      command: [/app]
                      env: [{name: GOMEMLIMIT, value: "450MiB"}]
                      resources: {limits: {memory: 512Mi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let settings = GoSettings.of(context) else { return }
        guard settings.parsedLimit == .invalid, let variable = settings.memoryLimit, let value = variable.value else { return }
        var message = "GOMEMLIMIT=\"\(value.text)\" is not a value the Go runtime accepts (digits and B, KiB, MiB, GiB or TiB): it stops with 'malformed GOMEMLIMIT' at startup"
        let suggestion = GoMemLimit.suggestion(for: value.text)
        if let suggestion { message += "; write \(suggestion)" }
        sink.report(message, at: variable.location, fix: suggestion.map { "set GOMEMLIMIT=\($0)" })
    }
}
