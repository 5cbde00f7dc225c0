import MemlintEngine

struct JVMInvalidOptionRule: ContainerRule {
    static let checksImagesWithoutWorkload = true

    static let description = RuleDescription(
        code: "JVM003", name: "jvm-invalid-option", pack: "JVM", defaultSeverity: .error,
        summary: "A JVM memory option has a value the JVM refuses, so the container does not start.",
        rationale: """
            HotSpot parses sizes with `parse_integer` (`src/hotspot/share/utilities/parseInteger.hpp`): digits (or `0x` hex) and an \
            optional `k`, `m`, `g` or `t`, nothing else. `-Xmx1.5g`, `-Xmx512MB`, `-Xmx512Mi` and \
            `-Xmx=512m` make the JVM exit with "Invalid maximum heap size". `-Xss` below 136k or \
            above 1g, and `-XX:ThreadStackSize` above 1048576, stop it too. `-XX:ThreadStackSize` is in \
            KiB, so `=1m` asks for 1 GiB per thread: the JVM starts, reserving that for every thread, and \
            the finding is a warning (checked against a real JDK 17 in the truth lab). On JDK 8 the `*RAMPercentage` flags need a decimal \
            point (`80.0`, not `80`: "Improperly specified VM option"), and before 8u191 they do not \
            exist (HotSpot's `Arguments::set_heap_size`, `src/hotspot/share/runtime/arguments.cpp`). The JDK version is read only where it is written: a JDK image's tag, a `-jdk17`-style tag part, or the image catalogue's "bundles JDK N" (docs/catalogue.md); a product's own version is never taken for one.
            """,
        fix: "Write sizes as the JVM reads them: -Xmx512m, -Xmx1536m; percentages as 75.0 on JDK 8.",
        references: ["https://docs.oracle.com/en/java/javase/21/docs/specs/man/java.html"],
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: typo}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:17-jre
                      command: [java, ↓-Xmx512MB, -jar, /app.jar]
                      resources: {limits: {memory: 1Gi}}
                """).fixed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: typo}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:17-jre
                      command: [java, -Xmx512m, -jar, /app.jar]
                      resources: {limits: {memory: 1Gi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: jdk8}
                spec:
                  containers:
                    - name: app
                      image: openjdk:8u212-jre
                      env: [{name: JAVA_TOOL_OPTIONS, value: "-Xss512k ↓-XX:MaxRAMPercentage=80 ↓-XX:ThreadStackSize=1m"}]
                      command: [java, -jar, /app.jar]
                """),
            Example(files: [("Dockerfile", """
                FROM eclipse-temurin:17-jre
                ENTRYPOINT ["java", "↓-Xmx=512m", "-jar", "/app.jar"]
                """)]).fixed("""
                FROM eclipse-temurin:17-jre
                ENTRYPOINT ["java", "-Xmx512m", "-jar", "/app.jar"]
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
                      image: openjdk:8u372-jre
                      env: [{name: JAVA_TOOL_OPTIONS, value: "-Xmx512m -XX:MaxRAMPercentage=80.0 -XX:ThreadStackSize=512 -Xss0x80000"}]
                      command: [java, -jar, /app.jar]
                      resources: {limits: {memory: 1Gi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let options = JVMOptions.of(context) else { return }
        for flag in options.flags {
            guard let problem = flag.problem, let location = flag.location else { continue }
            // An option the JVM reads, but not as meant, is a warning: the container starts.
            sink.report("\(problem) (from \(flag.source))", at: location, atMost: flag.refuses ? nil : .warning, edit: Self.sizeFix(flag))
        }
    }

    /// `-Xmx=512m` → `-Xmx512m` (safe: the same amount, only the stray `=` or spaces go); `-Xmx512MB`
    /// → `-Xmx512m` (unsafe: a JVM megabyte is 2^20 bytes, the author may have meant 10^6).
    static func sizeFix(_ flag: JVMFlag) -> Fix? {
        guard flag.bytes == nil, !flag.isLauncherDefault, let prefix = ["-Xmx", "-Xms", "-Xss", "-Xmn"].first(where: { flag.text.hasPrefix($0) }),
              let location = flag.token.contiguousLocation else { return nil }
        let written = String(flag.text.dropFirst(prefix.count))
        guard let suggestion = JVMSize.suggestion(for: written) else { return nil }
        let same = written.filter { $0 != "=" && $0 != " " } == suggestion
        return .replacing(location, with: prefix + suggestion, same ? .safe : .unsafe, "write \(prefix)\(suggestion)")
    }
}
