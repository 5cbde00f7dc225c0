import MemlintEngine

struct JVMHeapOverLimitRule: ContainerRule {
    static let description = RuleDescription(
        code: "JVM002", name: "jvm-heap-over-limit", pack: "JVM", defaultSeverity: .error,
        summary: "The JVM's maximum heap alone is as large as the container's memory limit, or larger.",
        rationale: """
            A heap of `-Xmx` (or `MaxRAMPercentage` ≥ 100) at or above `limits.memory` leaves nothing \
            for metaspace, the code cache (240Mi reserved with tiered compilation), thread stacks and \
            the JVM's native memory (the `java` man page and HotSpot's `gc_globals.hpp`): the container is OOMKilled as soon as \
            the heap grows, long before the JVM would throw OutOfMemoryError.
            """,
        fix: "Set the heap well under the limit (JVM001 computes how much fits), or raise the limit.",
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: big}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:17-jre
                      command: [java, ↓-Xmx2g, -jar, /app.jar]
                      resources: {limits: {memory: 2Gi}}
                """).fixed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: big}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:17-jre
                      command: [java, -Xmx1878m, -jar, /app.jar]
                      resources: {limits: {memory: 2Gi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: all-of-it}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:21-jre
                      env: [{name: JAVA_TOOL_OPTIONS, value: "↓-XX:MaxRAMPercentage=100"}]
                      command: [java, -jar, /app.jar]
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
                    - name: app
                      image: eclipse-temurin:17-jre
                      command: [java, -Xmx1g, -jar, /app.jar]
                      resources: {limits: {memory: 2Gi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let budget = JVMBudget.of(context), let limit = context.memoryLimit else { return }
        guard let heap = budget.heap, heap.bytes >= limit.bytes, let anchor = context.budgetAnchor(budget) else { return }
        let nonHeap = budget.parts.map { JVMBudget.total($0) - heap.bytes } ?? 0
        sink.report(
            "the JVM's max heap \(ByteFormat.mib(heap.bytes)) (\(budget.heapOrigin ?? "the JVM's default")) is not below the \(limit.describe("limit")): nothing is left for the \(ByteFormat.mib(nonHeap)) the JVM needs beside the heap",
            at: anchor, related: context.limitRelated,
            fix: JVMAdvice.largestHeap(limit: limit.bytes, nonHeap: nonHeap).map { "set the heap to \($0) or less\(JVMAdvice.where(budget))" } ?? "raise the limit",
            edit: JVMAdvice.largestHeap(limit: limit.bytes, nonHeap: nonHeap) == nil ? nil
                : JVMAdvice.heapEdit(budget, heap: JVMAdvice.room(limit: limit.bytes, nonHeap: nonHeap)))
    }
}
