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
                """).fixed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: units}
                spec:
                  containers:
                    - name: web
                      image: node:20
                      env: [{name: NODE_OPTIONS, value: "--max-old-space-size=4096 --max-heap-size=4096"}]
                      command: [node, server.js]
                      resources: {limits: {memory: 8Gi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: units}
                spec:
                  containers:
                    - name: web
                      image: node:20
                      command: [node, ↓--max-old-space-size, 1.5GB, server.js]
                      resources: {limits: {memory: 4Gi}}
                """).fixed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: units}
                spec:
                  containers:
                    - name: web
                      image: node:20
                      command: [node, --max-old-space-size, 1536, server.js]
                      resources: {limits: {memory: 4Gi}}
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
            var edit: Fix?
            var fix: String?
            if flag.kind == .oldSpace || flag.kind == .semiSpace, let (mib, applicability) = Self.wholeMiB(flag.value) {
                let written = flag.value.unicodeScalars.count
                let name = NodeSettings.normalized(flag.token.text)
                fix = "write \(name)=\(mib)"
                edit = .replacing(flag.token.count - written..<flag.token.count, of: flag.token, with: String(mib), applicability, "write \(name)=\(mib)")
            }
            sink.report("\(problem) (from \(flag.fromNodeOptions ? "NODE_OPTIONS" : "the node command line"))", at: location, fix: fix, edit: edit)
        }
    }

    /// The whole MiB a size with a unit means: `4g`, `4G`, `4Gi`, `1.5g` are GiB as the JVM's `-Xmx`
    /// and Kubernetes write them, `4096m`, `4096MB`, `4096Mi` the flag's own MiB (Node documented it
    /// "in megabytes"), so the fix is safe; `4GB` may mean 10^9 bytes and a size that is not whole
    /// MiB is rounded down, so those are unsafe. A bare number (`1.5`) has no evident meaning: none.
    static func wholeMiB(_ value: String) -> (UInt64, Fix.Applicability)? {
        guard let split = value.firstIndex(where: { !$0.isNumber && $0 != "." }), split > value.startIndex,
              let number = Double(value[..<split]), number > 0 else { return nil }
        let factors: [String: (Double, Fix.Applicability)] = [
            "k": (1.0 / 1024, .safe), "K": (1.0 / 1024, .safe), "Ki": (1.0 / 1024, .safe), "KiB": (1.0 / 1024, .safe),
            "m": (1, .safe), "M": (1, .safe), "Mi": (1, .safe), "MiB": (1, .safe), "MB": (1, .safe), "mb": (1, .safe),
            "g": (1024, .safe), "G": (1024, .safe), "Gi": (1024, .safe), "GiB": (1024, .safe), "GB": (1024, .unsafe), "gb": (1024, .unsafe),
        ]
        guard let (factor, applicability) = factors[String(value[split...])] else { return nil }
        let mib = number * factor
        guard mib >= 1, mib < Double(UInt32.max) else { return nil }
        return (UInt64(mib), mib == mib.rounded(.down) ? applicability : .unsafe)
    }
}
