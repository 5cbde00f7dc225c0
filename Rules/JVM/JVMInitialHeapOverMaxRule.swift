import MemlintEngine

struct JVMInitialHeapOverMaxRule: ContainerRule {
    static let checksImagesWithoutWorkload = true

    static let description = RuleDescription(
        code: "JVM004", name: "jvm-initial-heap-over-max", pack: "JVM", defaultSeverity: .error,
        summary: "The initial heap (-Xms) is larger than the maximum heap (-Xmx), so the JVM does not start.",
        rationale: """
            With both set, HotSpot refuses an initial heap above the maximum ("Initial heap size set to \
            a larger value than the maximum heap size") and exits. The two often come from different \
            places — `-Xms` in the image's `JAVA_TOOL_OPTIONS`, `-Xmx` lowered in the manifest — and the \
            last occurrence of each wins (HotSpot's `parse_integer`, `src/hotspot/share/utilities/parseInteger.hpp`; the `java` man page on `JDK_JAVA_OPTIONS`, and HotSpot's `arguments.cpp` for `JAVA_TOOL_OPTIONS` and `_JAVA_OPTIONS`).
            """,
        fix: "Make -Xms at most -Xmx (many teams set them equal).",
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: inverted}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:17-jre
                      command: [java, ↓-Xms2g, -Xmx1g, -jar, /app.jar]
                      resources: {limits: {memory: 4Gi}}
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: equal}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:17-jre
                      env: [{name: JAVA_TOOL_OPTIONS, value: "-Xms2g"}]
                      command: [java, -Xms1g, -Xmx1g, -jar, /app.jar]
                      resources: {limits: {memory: 4Gi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let options = JVMOptions.of(context) else { return }
        guard let initial = options.effective(.initialHeap), let max = options.effective(.maxHeap),
              let initialBytes = initial.bytes, let maxBytes = max.bytes, initialBytes > maxBytes,
              let location = initial.location else { return }
        sink.report(
            "initial heap \(initial.text) (\(ByteFormat.mib(initialBytes))) is larger than the maximum \(max.text) (\(ByteFormat.mib(maxBytes))): the JVM refuses to start",
            at: location, related: max.location.map { [RelatedLocation($0, "maximum heap set here")] } ?? [],
            fix: "set -Xms to \(max.value) or less")
    }
}
