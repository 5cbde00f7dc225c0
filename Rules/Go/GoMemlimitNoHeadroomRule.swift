import MemlintEngine

struct GoMemlimitNoHeadroomRule: ContainerRule {
    static let maxRatio = Parameter.ratio("maxRatio", default: 0.95, in: 0...1, "Largest GOMEMLIMIT / limit ratio accepted.")

    static let description = RuleDescription(
        code: "GO003", name: "go-memlimit-no-headroom", pack: "Go", defaultSeverity: .warning,
        summary: "GOMEMLIMIT leaves less headroom under the limit than the Go GC guide advises.",
        rationale: """
            The GC guide's rule of thumb is to leave 5–10 % of the container's memory for what the Go \
            runtime does not count (Go's `runtime/debug.SetMemoryLimit` docs and `parseByteCount` in `src/runtime/string.go`). A `GOMEMLIMIT` above `maxRatio` of the limit \
            leaves less. The Downward API case is the common one: `valueFrom: resourceFieldRef: \
            {resource: limits.memory}` with divisor 1 gives exactly the limit in bytes — a valid \
            GOMEMLIMIT, but 100 % of the limit, and the Downward API cannot express a fraction (the Downward API documentation).
            """,
        fix: "Set GOMEMLIMIT to about 90 % of the limit as a literal value.",
        parameters: [maxRatio.description],
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: downward}
                spec:
                  containers:
                    - name: app
                      image: golang:1.22
                      command: [/app]
                      env:
                        - name: GOMEMLIMIT
                          valueFrom:
                            resourceFieldRef: {resource: ↓limits.memory}
                      resources: {limits: {memory: 512Mi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: tight}
                spec:
                  containers:
                    - name: app
                      image: golang:1.22
                      command: [/app]
                      env: [{name: GOMEMLIMIT, value: ↓500MiB}]
                      resources: {limits: {memory: 512Mi}}
                """).fixed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: tight}
                spec:
                  containers:
                    - name: app
                      image: golang:1.22
                      command: [/app]
                      env: [{name: GOMEMLIMIT, value: 460MiB}]
                      resources: {limits: {memory: 512Mi}}
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: roomy}
                spec:
                  containers:
                    - name: app
                      image: golang:1.22
                      command: [/app]
                      env: [{name: GOMEMLIMIT, value: 460MiB}]
                      resources: {limits: {memory: 512Mi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let settings = GoSettings.of(context), let limit = context.memoryLimit else { return }
        guard let bytes = settings.limitBytes, let variable = settings.memoryLimit else { return }
        let ratio = Double(bytes) / Double(limit.bytes)
        let suggestion = GoMemLimit.spelling(GoMemLimit.suggested(for: limit.bytes))
        if let field = settings.fromResourceField, field.resource == "limits.memory", bytes >= limit.bytes {
            sink.report(
                "GOMEMLIMIT comes from resourceFieldRef limits.memory (divisor \(field.divisor)): it equals the limit, 100 %, and leaves no headroom for memory the Go runtime does not count",
                at: variable.location, related: [limit.related("limit")], fix: "set GOMEMLIMIT=\(suggestion) as a literal value")
            return
        }
        guard ratio > context.parameters[Self.maxRatio], bytes < limit.bytes else { return }
        sink.report(
            "GOMEMLIMIT=\(variable.value?.text ?? "") is \(NumberText.fixed(ratio * 100, digits: 1)) % of the \(limit.describe("limit")): the Go GC guide advises leaving 5–10 % for memory the runtime does not count",
            at: variable.location, related: [limit.related("limit")], fix: "set GOMEMLIMIT=\(suggestion)",
            // Unsafe: a lower soft limit makes the GC work harder.
            edit: Fix.settingValue(of: variable, to: suggestion, .unsafe, "set GOMEMLIMIT=\(suggestion) (90 % of the limit)"))
    }
}
