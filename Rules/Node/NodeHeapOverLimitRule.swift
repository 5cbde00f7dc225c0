import MemlintEngine

struct NodeHeapOverLimitRule: ContainerRule {
    static let description = RuleDescription(
        code: "NODE001", name: "node-heap-over-limit", pack: "Node", defaultSeverity: .error,
        summary: "V8's heap limit (old space plus young generation) is at or above the container's memory limit.",
        rationale: """
            `--max-old-space-size` caps V8's old space, in MiB; the young generation adds three \
            semi-spaces (16Mi each unless `--max-semi-space-size` says otherwise), Node's CLI documentation, `doc/api/cli.md` \
            N-2. Buffers, native addons, code and each worker thread's heap live outside both \
            (Node's `process.memoryUsage()` documentation). A heap limit at or above `limits.memory` means the container is OOMKilled before \
            V8 ever gets to collect garbage hard or report "heap out of memory".
            """,
        fix: "Set --max-old-space-size to about 75 % of the limit in MiB (1536 for 2Gi), or raise the limit.",
        references: ["https://nodejs.org/api/cli.html#--max-old-space-sizesize-in-mib"],
        triggering: [
            Example("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  template:
                    spec:
                      containers:
                        - name: web
                          image: node:20-alpine
                          command: [node, server.js]
                          env: [{name: NODE_OPTIONS, value: "↓--max-old-space-size=1024"}]
                          resources: {limits: {memory: 1Gi}}
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  template:
                    spec:
                      containers:
                        - name: web
                          image: node:20-alpine
                          command: [node, --max-old-space-size=1400, server.js]
                          resources: {limits: {memory: 2Gi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let settings = NodeSettings.of(context), let limit = context.memoryLimit else { return }
        guard let (old, flag) = settings.oldSpace(limit: limit.bytes), let location = flag.token.location else { return }
        let young = settings.semiSpace(limit: limit.bytes).bytes.saturatingMultiply(3)
        guard old.saturatingAdd(young) >= limit.bytes else { return }
        let suggestion = Int64(saturating: Double(limit.bytes) * 0.75) >> 20
        sink.report(
            "V8's heap limit is \(ByteFormat.mib(old.saturatingAdd(young))) (old space \(ByteFormat.mib(old)) from \(flag.token.text) + young generation \(ByteFormat.mib(young))), not below the \(limit.describe("limit")): Buffers and native memory have no room left",
            at: location, related: [limit.related("limit")], fix: "set --max-old-space-size=\(suggestion)")
    }
}
