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
                """).fixed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: checkout}
                spec:
                  containers:
                    - name: checkout
                      image: golang:1.22
                      command: [/checkout]
                      env: [{name: GOMEMLIMIT, value: "450MiB"}]
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
                """).fixed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: spaced}
                spec:
                  containers:
                    - name: app
                      image: golang:1.22
                      command: [/app]
                      env: [{name: GOMEMLIMIT, value: "1GiB"}, {name: GOGC, value: "50"}]
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
        // Safe when the amount is certain (450Mi → 450MiB, " 1GiB", 450mib); 450M or 450MB may have
        // meant millions of bytes, so writing 450MiB changes the amount: unsafe.
        let edit = suggestion.flatMap { Fix.settingValue(of: variable, to: $0, Self.isSameAmount(value.text) ? .safe : .unsafe, "write GOMEMLIMIT=\($0)") }
        sink.report(message, at: variable.location, fix: suggestion.map { "set GOMEMLIMIT=\($0)" }, edit: edit)
    }

    /// A binary Kubernetes suffix (Ki, Mi, Gi, Ti), the runtime's own units in another case, or a valid
    /// value with spaces: the spelling changes, the amount does not.
    static func isSameAmount(_ text: String) -> Bool {
        let compact = text.filter { $0 != " " && $0 != "\t" }
        let digits = compact.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return false }
        let unit = compact.dropFirst(digits.count)
        return ["", "B", "Ki", "Mi", "Gi", "Ti", "KiB", "MiB", "GiB", "TiB"].contains { $0.lowercased() == unit.lowercased() }
    }
}
