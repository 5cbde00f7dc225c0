import MemlintEngine

struct JVMNotContainerAwareRule: ContainerRule {
    static let description = RuleDescription(
        code: "JVM005", name: "jvm-not-container-aware", pack: "JVM", defaultSeverity: .error,
        summary: "The JVM ignores the container's memory limit and sizes its heap from the node, with no -Xmx to stop it.",
        rationale: """
            Without `-Xmx`, HotSpot sizes the heap from the memory it sees (OpenJDK's container support: JDK-8146115, backported in 8u191): JDK 8 \
            before 8u191 and any JVM run with `-XX:-UseContainerSupport` see the node's RAM, not the \
            limit, and take a quarter of it — an error. JDK 11.0.0–11.0.15 and 8u191–8u362 read only \
            cgroup v1; on cgroup v2 nodes (the default since Kubernetes 1.25 on current distributions) \
            they also size from the node — a warning, since it depends on the node. The version comes \
            from a JDK image's tag or the catalogue (docs/catalogue.md), never from a product's version; an image whose tag names no update is not judged.
            """,
        fix: "Set -Xmx explicitly, or move to a JDK that reads the cgroup v2 limit (11.0.16+, 8u372+, 17+).",
        references: ["https://bugs.openjdk.org/browse/JDK-8230305", "https://developers.redhat.com/articles/2023/04/19/openjdk-8u372-feature-cgroup-v2-support"],
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: legacy}
                spec:
                  containers:
                    - name: app
                      image: ↓openjdk:8u181-jre
                      command: [java, -jar, /app.jar]
                      resources: {limits: {memory: 1Gi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: opted-out}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:17-jre
                      command: [java, ↓-XX:-UseContainerSupport, -jar, /app.jar]
                      resources: {limits: {memory: 1Gi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: cgroup-v1-only}
                spec:
                  containers:
                    - name: app
                      image: ↓eclipse-temurin:11.0.14_9-jre
                      command: [java, -jar, /app.jar]
                      resources: {limits: {memory: 1Gi}}
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: pinned}
                spec:
                  containers:
                    - name: app
                      image: openjdk:8u181-jre
                      command: [java, -Xmx512m, -jar, /app.jar]
                      resources: {limits: {memory: 1Gi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: current}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:11.0.21_9-jre
                      command: [java, -jar, /app.jar]
                      resources: {limits: {memory: 1Gi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let options = JVMOptions.of(context), context.memoryLimit != nil else { return }
        guard options.effective(.maxHeap) == nil else { return }
        if let flag = options.effective(.containerSupport), flag.enabled == false, let location = flag.location {
            sink.report("\(flag.text) makes the JVM size its heap from the node's memory, not the container limit, and no -Xmx caps it",
                        at: location, fix: "remove \(flag.text), or set -Xmx")
            return
        }
        guard let version = options.version, !version.openJ9, let update = version.update else { return }
        let anchor = context.container.image.map { context.here($0.span) } ?? context.image.map { SourceLocation(path: $0.model.path, span: $0.model.final.fromSpan) }
        guard let anchor else { return }
        if version.major == 8 && update < 191 {
            sink.report("\(version) predates container support (8u191): the default heap is a quarter of the node's memory, whatever the limit",
                        at: anchor, fix: "set -Xmx, or use JDK 8u372 or later")
        } else if (version.major == 11 && update <= 15) || (version.major == 8 && update < 372) {
            sink.report("\(version) reads only cgroup v1 limits: on cgroup v2 nodes its default heap is a quarter of the node's memory",
                        at: anchor, fix: "set -Xmx, or use JDK \(version.major == 8 ? "8u372" : "11.0.16") or later", atMost: .warning)
        }
    }
}
