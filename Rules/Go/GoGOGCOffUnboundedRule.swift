import MemlintEngine

struct GoGOGCOffUnboundedRule: ContainerRule {
    static let checksImagesWithoutWorkload = true

    static let description = RuleDescription(
        code: "GO005", name: "go-gogc-off-unbounded", pack: "Go", defaultSeverity: .error,
        summary: "GOGC=off without GOMEMLIMIT: the Go heap is never collected.",
        rationale: """
            `GOGC=off` — or any negative `GOGC`, which the runtime keeps as -1 — turns the garbage \
            collector off (Go's `readGOGC` in `src/runtime/mgcpacer.go` and the GC guide; the truth lab \
            checks it against a real Go runtime). With a `GOMEMLIMIT` that is \
            a known tuning — collect only near the limit — but without one nothing bounds the heap: it \
            grows until the container is OOMKilled.
            """,
        fix: "Set GOMEMLIMIT next to GOGC=off, or remove GOGC=off.",
        references: ["https://go.dev/doc/gc-guide#Memory_limit"],
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: batch}
                spec:
                  containers:
                    - name: batch
                      image: golang:1.22
                      command: [/batch]
                      env: [{name: GOGC, value: ↓"off"}]
                      resources: {limits: {memory: 2Gi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: batch}
                spec:
                  containers:
                    - name: batch
                      image: golang:1.22
                      command: [/batch]
                      env: [{name: GOGC, value: ↓"-1"}]
                      resources: {limits: {memory: 2Gi}}
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: batch}
                spec:
                  containers:
                    - name: batch
                      image: golang:1.22
                      command: [/batch]
                      env: [{name: GOGC, value: "off"}, {name: GOMEMLIMIT, value: 1800MiB}]
                      resources: {limits: {memory: 2Gi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let settings = GoSettings.of(context) else { return }
        guard settings.isGOGCOff, settings.limitBytes == nil, !settings.mayBeSetUnseen, let gogc = settings.gogc else { return }
        let hint = context.memoryLimit.map { "GOMEMLIMIT=\(GoMemLimit.spelling(GoMemLimit.suggested(for: $0.bytes)))" } ?? "GOMEMLIMIT"
        sink.report("GOGC=\(gogc.value?.text ?? "off") turns the collector off and there is no GOMEMLIMIT: the garbage collector never runs, so the heap grows until the container is killed",
                    at: gogc.location, fix: "add \(hint)")
    }
}
