import MemlintEngine

struct NodeOptionInvalidRule: ContainerRule {
    static let checksImagesWithoutWorkload = true

    static let description = RuleDescription(
        code: "NODE004", name: "node-option-invalid", pack: "Node", defaultSeverity: .error,
        summary: "A V8 heap option has a value or a place Node.js refuses, so the process does not start.",
        rationale: """
            V8's size flags take whole MiB: `--max-old-space-size=4g`, `=4096MB` or `=1.5` stop node \
            with "illegal value for flag" (Node's CLI documentation, `doc/api/cli.md`). `NODE_OPTIONS` accepts only \
            allow-listed options, and `--max-heap-size` is not one (Node's `doc/api/cli.md`, "NODE_OPTIONS"). \
            `--max-old-space-size-percentage` takes (0, 100] and exists only from Node 22.21.0 and 24.6.0; \
            the version is read from the image tag.
            """,
        fix: "Write --max-old-space-size as whole MiB (4096), and keep --max-heap-size out of NODE_OPTIONS.",
        references: ["https://nodejs.org/api/cli.html#node_optionsoptions"],
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: units}
                spec:
                  containers:
                    - name: web
                      image: node:20
                      env: [{name: NODE_OPTIONS, value: "↓--max-old-space-size=4g ↓--max-heap-size=4096"}]
                      command: [node, server.js]
                      resources: {limits: {memory: 8Gi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: too-early}
                spec:
                  containers:
                    - name: web
                      image: node:22.5-alpine
                      command: [node, ↓--max-old-space-size-percentage=75, server.js]
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
                    - name: web
                      image: node:24
                      env: [{name: NODE_OPTIONS, value: "--max_old_space_size=3072 --max-semi-space-size=32"}]
                      command: [node, --max-old-space-size-percentage=70, server.js]
                      resources: {limits: {memory: 4Gi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let settings = NodeSettings.of(context) else { return }
        for flag in settings.flags {
            guard let problem = flag.problem, let location = flag.token.location else { continue }
            sink.report("\(problem) (from \(flag.fromNodeOptions ? "NODE_OPTIONS" : "the node command line"))", at: location)
        }
    }
}
