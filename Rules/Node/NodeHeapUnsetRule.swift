import MemlintEngine

struct NodeHeapUnsetRule: ContainerRule {
    static let description = RuleDescription(
        code: "NODE003", name: "node-heap-unset", pack: "Node", defaultSeverity: .warning,
        summary: "A Node.js container sets no heap flag where V8's default does not follow the container limit.",
        rationale: """
            From Node 20.3 V8 sizes its heap at about half the container limit (V8's `Heap::HeapSizeFromPhysicalMemory` in `src/heap/heap.cc`, fed by Node's `SetIsolateCreateParamsForNode`), but \
            not below a floor of about 256 MiB: under a 256Mi limit `heap_size_limit` is 262 MiB, more \
            than the container has (nodejs/node#64646), and up to 512Mi the heap takes most of it (N-7). \
            Node 18 and Node 20.0–20.2 read only cgroup v1, so on cgroup v2 nodes they size the heap from \
            the node's RAM (libuv < 1.45, nodejs/node#47259). In both cases the limit should be told \
            to V8 explicitly.
            """,
        fix: "Set --max-old-space-size (MiB) to about 75 % of the limit in NODE_OPTIONS or on the node command line.",
        references: ["https://github.com/nodejs/node/issues/47259", "https://nodejs.org/api/cli.html#--max-old-space-sizesize-in-mib"],
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: legacy}
                spec:
                  containers:
                    - name: ↓web
                      image: node:18
                      command: [node, server.js]
                      resources: {limits: {memory: 1Gi}}
                """).fixed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: legacy}
                spec:
                  containers:
                    - name: web
                      env:
                        - name: NODE_OPTIONS
                          value: --max-old-space-size=768
                      image: node:18
                      command: [node, server.js]
                      resources: {limits: {memory: 1Gi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: tiny}
                spec:
                  containers:
                    - name: ↓sidecar
                      image: node:22-alpine
                      command: [npm, start]
                      env: [{name: NODE_OPTIONS, value: --enable-source-maps}]
                      resources: {limits: {memory: 256Mi}}
                """).fixed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: tiny}
                spec:
                  containers:
                    - name: sidecar
                      image: node:22-alpine
                      command: [npm, start]
                      env: [{name: NODE_OPTIONS, value: --enable-source-maps --max-old-space-size=192}]
                      resources: {limits: {memory: 256Mi}}
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: modern}
                spec:
                  containers:
                    - name: web
                      image: node:22-alpine
                      command: [node, server.js]
                      resources: {limits: {memory: 1Gi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: told}
                spec:
                  containers:
                    - name: web
                      image: node:18
                      env: [{name: NODE_OPTIONS, value: "--max-old-space-size=700"}]
                      command: [node, server.js]
                      resources: {limits: {memory: 1Gi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let settings = NodeSettings.of(context), let limit = context.memoryLimit else { return }
        guard settings.oldSpace(limit: limit.bytes) == nil else { return }
        let suggestion = "--max-old-space-size=\(Int64(saturating: Double(limit.bytes) * 0.75) >> 20)"
        let anchor = context.container.name?.span ?? context.container.span
        // Unsafe: a heap cap changes when V8 collects and when it gives up.
        let (edit, unfixable) = Fix.addingOption(suggestion, to: "NODE_OPTIONS", in: context, .unsafe)
        if limit.bytes <= 512 << 20, let heap = settings.heapLimit(limit: limit.bytes) {
            let outside = limit.bytes.saturatingAdd(-heap.bytes)
            let standing = outside <= 0 ? "\(ByteFormat.mib(-outside)) above the \(limit.describe("limit"))"
                : "leaving \(ByteFormat.mib(outside)) of the \(limit.describe("limit")) outside the heap"
            sink.report(
                "no heap flag: V8's default heap limit is \(ByteFormat.mib(heap.bytes)) (old space \(ByteFormat.mib(heap.old)), never below 256Mi, + young generation \(ByteFormat.mib(heap.young))), \(standing)",
                at: anchor, related: [limit.related("limit")], fix: "add \(suggestion) to NODE_OPTIONS" + (unfixable.map { " (not fixed automatically: \($0))" } ?? ""), edit: edit)
        } else if let version = settings.version, !version.readsCgroupV2 {
            sink.report(
                "no heap flag on Node \(version), which reads only cgroup v1 limits: on cgroup v2 nodes V8 sizes its heap from the node's memory, not the \(limit.describe("limit"))",
                at: anchor, related: [limit.related("limit")], fix: "add \(suggestion) to NODE_OPTIONS, or move to Node 20.3 or later" + (unfixable.map { " (not fixed automatically: \($0))" } ?? ""), edit: edit)
        }
    }
}
