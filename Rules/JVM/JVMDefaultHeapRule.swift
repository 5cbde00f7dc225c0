import MemlintEngine

struct JVMDefaultHeapRule: ContainerRule {
    static let description = RuleDescription(
        code: "JVM007", name: "jvm-default-heap", pack: "JVM", defaultSeverity: .note,
        summary: "A JVM with a memory limit sets no heap size, so it uses only a quarter of the limit (or a small-limit default).",
        rationale: """
            Without a heap flag HotSpot takes `MaxRAMPercentage` (25 %) of the limit, 50 % below \
            249.6Mi, and a flat 124.8Mi between 249.6Mi and 499.2Mi (HotSpot's `Arguments::set_heap_size`, `src/hotspot/share/runtime/arguments.cpp`). A 1Gi \
            container then runs with a 256Mi heap and pays for 768Mi it mostly does not use — or runs out \
            of heap long before the container is full. The note gives the heap the JVM will pick and the \
            flag that would use what the budget (JVM001) leaves: a `MaxRAMPercentage` where HotSpot \
            follows one, and an `-Xmx` below 499.2Mi, where the 124.8Mi floor or the small-memory rule \
            ignores a percentage (a real JDK 17 in a 300Mi cgroup keeps its 126Mi heap with \
            `-XX:MaxRAMPercentage=26.0`; the truth lab checks every suggestion, docs/truth-lab.md). All \
            heap sizes are HotSpot's, aligned to 2 MiB.
            """,
        fix: "Set -XX:MaxRAMPercentage (or, under 499.2Mi, -Xmx) to what the limit leaves after the non-heap memory.",
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: defaults}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:21-jre
                      command: [java, -jar, /app.jar]
                      resources: {limits: {memory: ↓1Gi}}
                """).fixed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: defaults}
                spec:
                  containers:
                    - name: app
                      env:
                        - name: JAVA_TOOL_OPTIONS
                          value: -XX:MaxRAMPercentage=83.3
                      image: eclipse-temurin:21-jre
                      command: [java, -jar, /app.jar]
                      resources: {limits: {memory: 1Gi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: agent}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:21-jre
                      env: [{name: JAVA_TOOL_OPTIONS, value: "-Dfile.encoding=UTF-8"}]
                      command: [java, -jar, /app.jar]
                      resources: {limits: {memory: ↓2Gi}}
                """).fixed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: agent}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:21-jre
                      env: [{name: JAVA_TOOL_OPTIONS, value: "-Dfile.encoding=UTF-8 -XX:MaxRAMPercentage=91.6"}]
                      command: [java, -jar, /app.jar]
                      resources: {limits: {memory: 2Gi}}
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: tuned}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:21-jre
                      command: [java, -XX:MaxRAMPercentage=70.0, -jar, /app.jar]
                      resources: {limits: {memory: 1Gi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let budget = JVMBudget.of(context), let limit = context.memoryLimit else { return }
        let options = budget.options
        let heapFlags: [JVMSetting] = [.maxHeap, .maxRAMPercentage, .maxRAMFraction, .maxRAM]
        guard heapFlags.allSatisfy({ options.effective($0) == nil }), budget.isContainerAware,
              let heap = budget.heap, let parts = budget.parts else { return }
        let nonHeap = JVMBudget.total(parts) - heap.bytes
        guard let (flag, room) = JVMAdvice.heapFlag(limit: limit.bytes, nonHeap: nonHeap), room > heap.bytes else { return }
        // Unsafe: a larger heap changes when the GC runs and how much the JVM keeps. JAVA_TOOL_OPTIONS
        // reaches every HotSpot JVM, whatever starts it.
        let (edit, unfixable) = Fix.addingOption(flag, to: "JAVA_TOOL_OPTIONS", in: context, .unsafe)
        sink.report(
            "no heap size is set: the JVM's default heap is \(ByteFormat.mib(heap.bytes)) (\(heap.origin.text)); \(flag) would use the \(ByteFormat.mib(room)) the budget leaves",
            at: limit.location, fix: "add \(flag) to JAVA_TOOL_OPTIONS" + (unfixable.map { " (not fixed automatically: \($0))" } ?? ""), edit: edit)
    }
}
