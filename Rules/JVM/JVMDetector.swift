import MemlintEngine

/// Recognises JVM containers by their image, their command and the variables the JVM reads.
struct JVMDetector: RuntimeDetector {
    let runtime = "jvm"

    /// Official and common JDK/JRE images, and images whose entry point starts a JVM.
    static let images = [
        "eclipse-temurin", "openjdk", "amazoncorretto", "azul/zulu-openjdk*", "azul/prime*", "ibm-semeru-runtimes",
        "ibmjava", "sapmachine", "bellsoft/liberica*", "gcr.io/distroless/java*", "*/openjdk-*", "*/ubi*/openjdk*",
        "tomcat", "jetty", "maven", "gradle", "elasticsearch", "*/elasticsearch/elasticsearch", "opensearchproject/opensearch",
        "apache/kafka", "confluentinc/cp-kafka", "bitnami/kafka", "*/keycloak/keycloak", "sonarqube", "jenkins/jenkins",
    ]
    static let commands: Set<String> = ["java", "javaw", "catalina.sh", "kafka-server-start.sh", "elasticsearch", "opensearch", "jshell"]
    static let variables = ["JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "JAVA_OPTS", "CATALINA_OPTS", "JAVA_HOME"]

    func evidence(for subject: RuntimeSubject) -> [RuntimeEvidence] {
        subject.standardEvidence(runtimeName: "JVM", images: Self.images, isCommand: { Self.commands.contains($0) }, variables: Self.variables)
    }
}
