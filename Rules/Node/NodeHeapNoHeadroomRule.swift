import MemlintEngine

struct NodeHeapNoHeadroomRule: ContainerRule {
    static let maxRatio = Parameter.ratio("maxRatio", default: 0.75, in: 0...1, "Largest old space / limit ratio accepted.")

    static let description = RuleDescription(
        code: "NODE002", name: "node-heap-no-headroom", pack: "Node", defaultSeverity: .warning,
        summary: "V8's old space takes more of the container limit than leaves room for memory outside the heap.",
        rationale: """
            Node's own documentation suggests 1536 MiB of old space for 2 GiB of memory, 75 % \
            (Node's CLI documentation, `doc/api/cli.md`): Buffers (`arrayBuffers` in `process.memoryUsage()`), native \
            addons, compiled code, the libuv thread pool and each worker thread's heap are all outside \
            `--max-old-space-size` (Node's `process.memoryUsage()` documentation). Above `maxRatio` of the limit, a burst of large Buffers or a \
            leak in native code gets the pod killed instead of failing inside V8.
            """,
        fix: "Keep --max-old-space-size at or under 75 % of the limit.",
        parameters: [maxRatio.description],
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: api}
                spec:
                  containers:
                    - name: api
                      image: node:22
                      command: [node, ↓--max-old-space-size=1800, dist/main.js]
                      resources: {limits: {memory: 2Gi}}
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: api}
                spec:
                  containers:
                    - name: api
                      image: node:22
                      command: [node, --max-old-space-size=1536, dist/main.js]
                      resources: {limits: {memory: 2Gi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let settings = NodeSettings.of(context), let limit = context.memoryLimit else { return }
        guard let (old, flag) = settings.oldSpace(limit: limit.bytes), let location = flag.token.location else { return }
        let ratio = Double(old) / Double(limit.bytes)
        // NODE001 already reports a heap that does not fit at all.
        guard ratio > context.parameters[Self.maxRatio], old.saturatingAdd(settings.semiSpace(limit: limit.bytes).bytes.saturatingMultiply(3)) < limit.bytes else { return }
        sink.report(
            "old space \(ByteFormat.mib(old)) (\(flag.token.text)) is \(NumberText.fixed(ratio * 100, digits: 0)) % of the \(limit.describe("limit")): Buffers, native addons and code outside the V8 heap have \(ByteFormat.mib(limit.bytes.saturatingAdd(-old).saturatingAdd(-settings.semiSpace(limit: limit.bytes).bytes.saturatingMultiply(3)))) left",
            at: location, related: [limit.related("limit")],
            fix: "set --max-old-space-size=\(Int64(saturating: Double(limit.bytes) * 0.75) >> 20)")
    }
}
