import MemlintEngine

struct GoMemlimitOverLimitRule: ContainerRule {
    static let description = RuleDescription(
        code: "GO002", name: "go-memlimit-over-limit", pack: "Go", defaultSeverity: .error,
        summary: "GOMEMLIMIT is at or above the container's memory limit.",
        rationale: """
            `GOMEMLIMIT` is a soft limit on what the runtime counts: heap, stacks and runtime metadata, \
            not the binary, cgo allocations or mmap'd regions (Go's `runtime/debug.SetMemoryLimit` docs and `parseByteCount` in `src/runtime/string.go`). Set at or above \
            `limits.memory` it never makes the GC act before the kernel kills the container. A value \
            derived from the Downward API (`resourceFieldRef: limits.memory`) is reported by GO003 \
            instead, which explains why it cannot leave headroom.
            """,
        fix: "Lower GOMEMLIMIT to 90–95 % of the limit.",
        references: ["https://go.dev/doc/gc-guide#Memory_limit"],
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: worker}
                spec:
                  containers:
                    - name: worker
                      image: golang:1.22
                      command: [/worker]
                      env: [{name: GOMEMLIMIT, value: ↓1GiB}]
                      resources: {limits: {memory: 1Gi}}
                """).fixed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: worker}
                spec:
                  containers:
                    - name: worker
                      image: golang:1.22
                      command: [/worker]
                      env: [{name: GOMEMLIMIT, value: 921MiB}]
                      resources: {limits: {memory: 1Gi}}
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: worker}
                spec:
                  containers:
                    - name: worker
                      image: golang:1.22
                      command: [/worker]
                      env: [{name: GOMEMLIMIT, value: 920MiB}]
                      resources: {limits: {memory: 1Gi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let settings = GoSettings.of(context), let limit = context.memoryLimit else { return }
        guard settings.fromResourceField == nil, let bytes = settings.limitBytes, bytes >= limit.bytes,
              let variable = settings.memoryLimit else { return }
        let suggested = GoMemLimit.spelling(GoMemLimit.suggested(for: limit.bytes))
        // Unsafe: a lower soft limit makes the GC work harder, which the author may not have measured.
        sink.report(
            "GOMEMLIMIT=\(variable.value?.text ?? "") (\(ByteFormat.mib(bytes))) is not below the \(limit.describe("limit")): the GC will not act before the container is OOMKilled",
            at: variable.location, related: [limit.related("limit")],
            fix: "set GOMEMLIMIT=\(suggested)", edit: Fix.settingValue(of: variable, to: suggested, .unsafe, "set GOMEMLIMIT=\(suggested) (90 % of the limit)"))
    }
}
