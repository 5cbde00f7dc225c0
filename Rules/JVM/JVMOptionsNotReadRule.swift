import MemlintEngine

struct JVMOptionsNotReadRule: ContainerRule {
    static let checksImagesWithoutWorkload = true

    /// Variables that only launcher scripts read.
    static let scriptVariables = [
        "JAVA_OPTS", "CATALINA_OPTS", "JVM_OPTS", "JAVA_OPTIONS", "JAVA_ARGS", "JAVA_OPTS_APPEND",
        "ES_JAVA_OPTS", "OPENSEARCH_JAVA_OPTS", "KAFKA_HEAP_OPTS", "KAFKA_OPTS",
    ]

    static let description = RuleDescription(
        code: "JVM008", name: "jvm-options-not-read", pack: "JVM", defaultSeverity: .warning,
        summary: "JAVA_OPTS-style variables are set, but the container starts java directly and nothing passes them on.",
        rationale: """
            The JVM reads only `JAVA_TOOL_OPTIONS`, `JDK_JAVA_OPTIONS` and `_JAVA_OPTIONS` (the `java` man page; \
            HotSpot's `arguments.cpp`). `JAVA_OPTS`, `CATALINA_OPTS` and their kin are conventions of launcher scripts \
            (Tomcat's catalina.sh, Elasticsearch, Kafka, the UBI images' run-java.sh). With an exec-form \
            `java …` command and no shell that expands `$JAVA_OPTS`, the `-Xmx` in them never reaches \
            the JVM, which then falls back to its defaults (J-12).
            """,
        fix: "Move the options to JAVA_TOOL_OPTIONS, or start java through a shell that expands them: sh -c 'exec java $JAVA_OPTS -jar app.jar'.",
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: ignored}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:17-jre
                      command: [java, -jar, /app.jar]
                      env:
                        - name: JAVA_OPTS
                          value: ↓"-Xmx512m"
                      resources: {limits: {memory: 1Gi}}
                """),
            Example(files: [("Dockerfile", """
                FROM eclipse-temurin:17-jre
                ↓ENV JAVA_OPTS="-Xmx512m"
                ENTRYPOINT ["java", "-jar", "/app.jar"]
                """)]),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: expanded}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:17-jre
                      command: [sh, -c, 'exec java $JAVA_OPTS -jar /app.jar']
                      env: [{name: JAVA_OPTS, value: "-Xmx512m"}]
                      resources: {limits: {memory: 1Gi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: tomcat}
                spec:
                  containers:
                    - name: web
                      image: tomcat:10.1-jre17
                      env: [{name: CATALINA_OPTS, value: "-Xmx512m"}]
                      resources: {limits: {memory: 1Gi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard context.isJVM, context.process.executableName == "java" else { return }
        for name in Self.scriptVariables {
            guard let variable = context.process.environment[name], variable.value?.isEmpty == false,
                  !context.process.expandedVariables.contains(name) else { continue }
            sink.report(
                "\(name) is set (\(variable.describeOrigin)) but the container runs java directly: the JVM never reads \(name), so its options have no effect",
                at: variable.location, fix: "move the options to JAVA_TOOL_OPTIONS")
        }
    }
}
