import MemlintEngine

struct JVMTotalMemoryOverLimitRule: ContainerRule {
    static let description = RuleDescription(
        code: "JVM001", name: "jvm-total-memory-over-limit", pack: "JVM", defaultSeverity: .error,
        summary: "A JVM's heap plus the memory it uses beside the heap is larger than the container's memory limit.",
        rationale: """
            `-Xmx` caps only the heap. The JVM also needs metaspace for classes, the JIT's code cache, \
            a stack per thread (1 MiB reserved on Linux x86-64, of which a few hundred KiB become resident), direct buffers and its own native memory \
            (GC structures, symbols): the `java` man page and HotSpot's `gc_globals.hpp`. When the sum exceeds `limits.memory` the \
            kernel kills the container (OOMKilled) although the heap never filled. memlint adds the \
            components the way the JVM memory calculators do (Paketo/Cloud Foundry, Paketo's `libjvm` `helper/memory_calculator.go`): \
            each from its flag when set, the heap from HotSpot's own ergonomics when not (`Arguments::set_heap_size`: \
            MaxRAMPercentage 25 %, MinRAMPercentage 50 % under 249.6Mi, the 124.8Mi floor), and the rest \
            from the jvm runtime's assumptions (`metaspace`, `codeCache`, `threads`, `directMemory`, \
            `overhead`; docs/packs/jvm.md), set in `.lint.yml` under `runtimes: {jvm: {threads: 200}}` \
            and per workload with annotations `jvm.memlint.io/<parameter>: "<value>"`. \
            JVM006 and JVM007 use the same budget. When the heap alone reaches the limit, JVM002 reports \
            it instead. \
            Severity follows the truth lab (docs/truth-lab.md), where a real JDK 17 service ran under real \
            limits: an **error** only when the limit leaves the heap less room than the smallest service \
            the lab measured needs beside it (44Mi committed outside the heap; 18Mi more with a Java \
            agent) — there the kernel killed it every time; a **warning** when the margin is above that \
            but below the assumed budget, whose outcome depends on the application (the lab's services \
            needed 44–107Mi; long-running services with more classes need more).
            """,
        fix: "Lower -Xmx (or MaxRAMPercentage) to what the limit leaves after the non-heap memory, or raise the limit.",
        references: [
            "https://docs.oracle.com/en/java/javase/21/docs/specs/man/java.html",
            "https://github.com/paketo-buildpacks/libjvm/blob/main/helper/memory_calculator.go",
        ],
        triggering: [
            Example("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: orders}
                spec:
                  template:
                    spec:
                      containers:
                        - name: orders
                          image: eclipse-temurin:17-jre
                          command: [java, -jar, /app/orders.jar]
                          env:
                            - name: JAVA_TOOL_OPTIONS
                              value: "↓-Xmx384m -XX:MaxMetaspaceSize=64m -XX:MaxDirectMemorySize=64m"
                          resources:
                            limits: {memory: 512Mi}
                """).fixed("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: orders}
                spec:
                  template:
                    spec:
                      containers:
                        - name: orders
                          image: eclipse-temurin:17-jre
                          command: [java, -jar, /app/orders.jar]
                          env:
                            - name: JAVA_TOOL_OPTIONS
                              value: "-Xmx272m -XX:MaxMetaspaceSize=64m -XX:MaxDirectMemorySize=64m"
                          resources:
                            limits: {memory: 512Mi}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: reports}
                spec:
                  containers:
                    - name: reports
                      image: amazoncorretto:21
                      args: [java, ↓-XX:MaxRAMPercentage=75.0, -jar, /app.jar]
                      resources: {limits: {memory: 512Mi}}
                """),
            Example("""
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: nightly-export}
                spec:
                  schedule: "0 2 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          containers:
                            - name: export
                              image: eclipse-temurin:21-jre
                              command: ["sh", "-c", "exec java ↓-Xmx400m -jar /export.jar"]
                              resources: {limits: {memory: 512Mi}}
                """).fixed("""
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: nightly-export}
                spec:
                  schedule: "0 2 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          containers:
                            - name: export
                              image: eclipse-temurin:21-jre
                              command: ["sh", "-c", "exec java -Xmx342m -jar /export.jar"]
                              resources: {limits: {memory: 512Mi}}
                """),
            Example(files: [
                ("k8s/billing.yaml", """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: billing}
                    spec:
                      template:
                        spec:
                          containers:
                            - name: billing
                              image: registry.example.com/billing:5.0
                              resources: {limits: {memory: 512Mi}}
                    """),
                ("billing/Dockerfile", """
                    FROM eclipse-temurin:17-jre
                    ENV JAVA_TOOL_OPTIONS="-XX:+ExitOnOutOfMemoryError \\
                        ↓-Xmx384m"
                    ENTRYPOINT ["java", "-jar", "/app.jar"]
                    """),
            ]).fixed("""
                FROM eclipse-temurin:17-jre
                ENV JAVA_TOOL_OPTIONS="-XX:+ExitOnOutOfMemoryError \\
                    -Xmx342m"
                ENTRYPOINT ["java", "-jar", "/app.jar"]
                """, file: "billing/Dockerfile"),
            // The pod's command replaces the image's ENTRYPOINT and CMD, and with them -Xmx128m.
            Example(files: [
                ("k8s/search.yaml", """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: search}
                    spec:
                      containers:
                        - name: search
                          image: registry.example.com/search:1.2
                          command: [java, ↓-Xmx400m, -jar, /app.jar]
                          resources: {limits: {memory: 512Mi}}
                    """),
                ("search/Dockerfile", "FROM eclipse-temurin:17-jre\nCMD [\"java\", \"-Xmx128m\", \"-jar\", \"/app.jar\"]\n"),
            ]).fixed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: search}
                spec:
                  containers:
                    - name: search
                      image: registry.example.com/search:1.2
                      command: [java, -Xmx342m, -jar, /app.jar]
                      resources: {limits: {memory: 512Mi}}
                """, file: "k8s/search.yaml"),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: small}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:17-jre
                      command: [java, -Xmx256m, -jar, /app.jar]
                      resources: {limits: {memory: 512Mi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: roomy}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:17-jre
                      command: [java, -XX:MaxRAMPercentage=75.0, -jar, /app.jar]
                      resources: {limits: {memory: 2Gi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: threads
                  annotations: {jvm.memlint.io/threads: "20"}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:17-jre
                      command: [java, -Xmx280m, -jar, /app.jar]
                      resources: {limits: {memory: 512Mi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let budget = JVMBudget.of(context), let limit = context.memoryLimit else { return }
        guard let parts = budget.parts, let heap = budget.heap, heap.bytes < limit.bytes else { return }
        let total = JVMBudget.total(parts)
        guard total > limit.bytes, let anchor = context.budgetAnchor(budget) else { return }
        let nonHeap = total - heap.bytes
        var fixes: [String] = []
        if heap.source == .percentage, let percentage = JVMAdvice.percentage(limit: limit.bytes, nonHeap: nonHeap) {
            fixes.append("lower it to \(percentage)")
        } else if let largest = JVMAdvice.largestHeap(limit: limit.bytes, nonHeap: nonHeap) {
            // Also for a percentage HotSpot does not follow at this limit (its floor or small-memory rule).
            fixes.append("set the heap to \(largest) or less")
        }
        fixes.append("raise the limit to \(JVMAdvice.limitFor(total))")
        let margin = limit.bytes - heap.bytes
        let floor = JVMLabFootprint.smallestNonHeap + (budget.options.hasAgent ? JVMLabFootprint.agentAllowance : 0)
        let evidence = margin < floor
            ? "; the \(ByteFormat.mib(margin)) the limit leaves beside the heap is less than the smallest JVM service of the truth lab needed (\(ByteFormat.mib(floor))\(budget.options.hasAgent ? " with an agent" : "")): killed once the heap fills"
            : "; the limit leaves \(ByteFormat.mib(margin)) beside the heap, where the truth lab's services needed \(ByteFormat.mib(JVMLabFootprint.smallestNonHeap))–\(ByteFormat.mib(JVMLabFootprint.largestNonHeap)): whether it fits depends on the application"
        // The heap that fits, written where the -Xmx is (not for a percentage: that fix is a different flag).
        let edit = heap.source == .percentage || JVMAdvice.largestHeap(limit: limit.bytes, nonHeap: nonHeap) == nil ? nil
            : JVMAdvice.heapEdit(budget, heap: JVMAdvice.room(limit: limit.bytes, nonHeap: nonHeap))
        sink.report(
            "JVM needs \(ByteFormat.mib(total)), more than the \(limit.describe("limit")): \(JVMBudget.arithmetic(parts))\(evidence)",
            at: anchor, related: context.limitRelated, fix: fixes.joined(separator: ", or "), atMost: margin < floor ? nil : .warning, edit: edit)
    }
}
