import MemlintEngine

/// Launcher scripts that read their own variables and pass them to `java` (the `java` man page on `JDK_JAVA_OPTIONS`, and HotSpot's `arguments.cpp` for `JAVA_TOOL_OPTIONS` and `_JAVA_OPTIONS`
/// each product's documentation). Their variables count only when the launcher really runs: the
/// product's image with its own entry point, or the launcher named as the command.
struct Launcher: Sendable {
    var name: String
    var images: ImagePatterns
    var commands: Set<String>
    /// Read in this order, after anything the JVM reads itself; later wins.
    var variables: [String]

    static let all: [Launcher] = [
        // Source: apache/tomcat bin/catalina.sh (header: JAVA_OPTS for every command, CATALINA_OPTS for start/run).
        Launcher(name: "Tomcat catalina.sh", images: ImagePattern.list(["tomcat", "**/tomcat"]), commands: ["catalina.sh"],
                 variables: ["JAVA_OPTS", "CATALINA_OPTS"]),
        // Source: Elasticsearch reference, JVM settings: ES_JAVA_OPTS overrides jvm.options.
        Launcher(name: "Elasticsearch", images: ImagePattern.list(["elasticsearch", "**/elasticsearch/elasticsearch", "**/elasticsearch"]),
                 commands: ["elasticsearch", "docker-entrypoint.sh", "/bin/tini"],
                 variables: ["ES_JAVA_OPTS"]),
        // Source: OpenSearch documentation: OPENSEARCH_JAVA_OPTS.
        Launcher(name: "OpenSearch", images: ImagePattern.list(["opensearchproject/opensearch"]), commands: ["opensearch", "opensearch-docker-entrypoint.sh"],
                 variables: ["OPENSEARCH_JAVA_OPTS"]),
        // Source: apache/kafka bin/kafka-run-class.sh (KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_OPTS).
        Launcher(name: "Kafka kafka-run-class.sh", images: ImagePattern.list(["apache/kafka", "confluentinc/cp-kafka", "bitnami/kafka"]),
                 commands: ["kafka-server-start.sh", "kafka-run-class.sh", "/etc/kafka/docker/run"],
                 variables: ["KAFKA_HEAP_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_OPTS"]),
        // Source: run-java.sh of the UBI OpenJDK images (fabric8io/run-java-sh): JAVA_OPTIONS/JAVA_OPTS, then JAVA_OPTS_APPEND.
        Launcher(name: "Red Hat OpenJDK run-java.sh", images: ImagePattern.list(["**/ubi*/openjdk*", "**/openjdk-*-runtime*", "fabric8/java*"]),
                 commands: ["run-java.sh", "/opt/jboss/container/java/run/run-java.sh"],
                 variables: ["JAVA_OPTIONS", "JAVA_OPTS", "JAVA_OPTS_APPEND"]),
    ]

    /// The launcher that runs in this container, if any.
    static func active(image: ImageReference?, baseImage: ImageReference?, command: String?, argvKnown: Bool) -> Launcher? {
        for launcher in all {
            if let command, launcher.commands.contains(command) { return launcher }
            let usesImageEntrypoint = !argvKnown || command == nil
            let images = [baseImage, image].compactMap { $0 }
            if usesImageEntrypoint, images.contains(where: { reference in
                launcher.images.matches(reference)
            }) {
                return launcher
            }
        }
        return nil
    }
}
