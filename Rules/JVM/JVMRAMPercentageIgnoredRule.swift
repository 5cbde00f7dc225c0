import MemlintEngine

struct JVMRAMPercentageIgnoredRule: ContainerRule {
    static let checksImagesWithoutWorkload = true

    static let description = RuleDescription(
        code: "JVM009", name: "jvm-ram-percentage-ignored", pack: "JVM", defaultSeverity: .note,
        summary: "MaxRAMPercentage is set together with -Xmx or MaxHeapSize, which override it.",
        rationale: """
            HotSpot computes the heap from `MaxRAMPercentage` only when `MaxHeapSize` is at its default \
            (HotSpot's `Arguments::set_heap_size`, `src/hotspot/share/runtime/arguments.cpp`). With `-Xmx` anywhere in the options \
            the percentage does nothing — often a sign that someone tuned one and forgot the other, \
            for instance a `-Xmx` baked into the image under a percentage set in the manifest.
            """,
        fix: "Keep one of the two: MaxRAMPercentage to follow the limit, or -Xmx for a fixed heap.",
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: both}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:17-jre
                      env: [{name: JAVA_TOOL_OPTIONS, value: "↓-XX:MaxRAMPercentage=75.0"}]
                      command: [java, -Xmx512m, -jar, /app.jar]
                      resources: {limits: {memory: 1Gi}}
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: one}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:17-jre
                      env: [{name: JAVA_TOOL_OPTIONS, value: "-XX:MaxRAMPercentage=75.0"}]
                      command: [java, -jar, /app.jar]
                      resources: {limits: {memory: 1Gi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let options = JVMOptions.of(context) else { return }
        guard let percentage = options.effective(.maxRAMPercentage), let heap = options.effective(.maxHeap),
              let location = percentage.location else { return }
        sink.report(
            "\(percentage.text) is ignored: \(heap.text) (from \(heap.source)) sets the heap",
            at: location, related: heap.location.map { [RelatedLocation($0, "heap size set here")] } ?? [],
            fix: "remove \(percentage.text) or \(heap.text)")
    }
}
