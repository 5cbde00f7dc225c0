import MemlintEngine

struct JVMWorstCaseOverLimitRule: ContainerRule {
    static let description = RuleDescription(
        code: "JVM006", name: "jvm-worst-case-over-limit", pack: "JVM", defaultSeverity: .note,
        summary: "The JVM fits its limit as expected, but not in the worst case its defaults allow.",
        rationale: """
            Two JVM defaults are far above what applications usually use: direct buffers may grow as \
            large as the max heap when `-XX:MaxDirectMemorySize` is unset (`VM.maxDirectMemory()` = \
            `Runtime.maxMemory()`), and the code cache may fill its 240Mi reservation (48Mi without \
            tiered compilation) — the `java` man page and HotSpot's `gc_globals.hpp`. An application heavy on NIO, Netty or gRPC, \
            or a long-running one that compiles a lot, can reach them. This is a note: it fires only \
            when JVM001 does not.
            """,
        fix: "Bound them with -XX:MaxDirectMemorySize and -XX:ReservedCodeCacheSize, or leave room for them under the limit.",
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: netty}
                spec:
                  containers:
                    - name: gateway
                      image: eclipse-temurin:17-jre
                      command: [java, ↓-Xmx256m, -jar, /gateway.jar]
                      resources: {limits: {memory: 512Mi}}
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: bounded}
                spec:
                  containers:
                    - name: gateway
                      image: eclipse-temurin:17-jre
                      command: [java, -Xmx256m, -XX:MaxDirectMemorySize=32m, -XX:ReservedCodeCacheSize=64m, -jar, /gateway.jar]
                      resources: {limits: {memory: 512Mi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let budget = JVMBudget.of(context), let limit = context.memoryLimit else { return }
        guard let parts = budget.parts, let worst = budget.worstCase, let heap = budget.heap,
              heap.bytes < limit.bytes, JVMBudget.total(parts) <= limit.bytes else { return }
        let total = JVMBudget.total(worst)
        guard total > limit.bytes, let anchor = context.budgetAnchor(budget) else { return }
        sink.report(
            "in the worst case the JVM needs \(ByteFormat.mib(total)), more than the \(limit.describe("limit")): \(JVMBudget.arithmetic(worst))",
            at: anchor, related: context.limitRelated,
            fix: "set -XX:MaxDirectMemorySize and -XX:ReservedCodeCacheSize, or raise the limit to \(JVMAdvice.limitFor(total))")
    }
}
