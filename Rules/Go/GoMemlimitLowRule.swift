import MemlintEngine

struct GoMemlimitLowRule: ContainerRule {
    static let minRatio = Parameter.ratio("minRatio", default: 0.5, in: 0...1, "Smallest GOMEMLIMIT / limit ratio accepted.")

    static let description = RuleDescription(
        code: "GO006", name: "go-memlimit-low", pack: "Go", defaultSeverity: .warning,
        summary: "GOMEMLIMIT is far below the container limit, so the GC runs much more than needed.",
        rationale: """
            Near `GOMEMLIMIT` the GC runs more often; far below the limit it keeps collecting to stay \
            under a bound that wastes most of the container's memory, up to the GC CPU limiter's 50 % \
            (Go's `runtime/debug.SetMemoryLimit` docs and `parseByteCount` in `src/runtime/string.go`). The Downward API trap is the sharp case: `resourceFieldRef: \
            limits.memory` with `divisor: 1Mi` gives `512` — which GOMEMLIMIT reads as 512 **bytes** \
            (the Downward API documentation), and the service spends its time in the GC.
            """,
        fix: "Set GOMEMLIMIT near 90 % of the limit; with the Downward API use divisor 1 — or better, a literal value.",
        parameters: [minRatio.description],
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: thrash}
                spec:
                  containers:
                    - name: app
                      image: golang:1.22
                      command: [/app]
                      env:
                        - name: GOMEMLIMIT
                          valueFrom:
                            resourceFieldRef: {resource: ↓limits.memory, divisor: 1Mi}
                      resources: {limits: {memory: 512Mi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: stingy}
                spec:
                  containers:
                    - name: app
                      image: golang:1.22
                      command: [/app]
                      env: [{name: GOMEMLIMIT, value: ↓128MiB}]
                      resources: {limits: {memory: 1Gi}}
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: fine}
                spec:
                  containers:
                    - name: app
                      image: golang:1.22
                      command: [/app]
                      env: [{name: GOMEMLIMIT, value: 900MiB}]
                      resources: {limits: {memory: 1Gi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let settings = GoSettings.of(context), let limit = context.memoryLimit else { return }
        guard let bytes = settings.limitBytes, let variable = settings.memoryLimit else { return }
        let ratio = Double(bytes) / Double(limit.bytes)
        guard ratio < context.parameters[Self.minRatio] else { return }
        let suggestion = "set GOMEMLIMIT=\(GoMemLimit.spelling(GoMemLimit.suggested(for: limit.bytes)))"
        if let field = settings.fromResourceField, field.divisor != "1" {
            sink.report(
                "GOMEMLIMIT comes from resourceFieldRef \(field.resource) with divisor \(field.divisor), which gives \(variable.value?.text ?? "a small number"): GOMEMLIMIT reads that as \(ByteFormat.format(bytes)), and the GC runs almost constantly",
                at: variable.location, related: [limit.related("limit")], fix: suggestion)
            return
        }
        sink.report(
            "GOMEMLIMIT=\(variable.value?.text ?? "") is only \(NumberText.fixed(ratio * 100, digits: 1)) % of the \(limit.describe("limit")): the GC collects far more often than the limit requires",
            at: variable.location, related: [limit.related("limit")], fix: suggestion)
    }
}
