import MemlintEngine

/// Recognises JVM containers by their image, their command and the variables the JVM reads.
struct JVMRuntime: RuntimeDescriptor {
    static let id = RuntimeID("jvm")
    var id: RuntimeID { Self.id }
    let displayName = "JVM"

    // The budget's assumptions, shared by JVM001, JVM006, JVM007 and `memlint explain`.
    static let metaspace = Parameter.size("metaspace", default: "48Mi", "Metaspace and class space when -XX:MaxMetaspaceSize is not set (unbounded by default): the truth lab measured 23Mi committed for 12,000 classes; Spring services load 15–25k.")
    static let codeCache = Parameter.size("codeCache", default: "48Mi", "Committed code cache when -XX:ReservedCodeCacheSize is not set (240Mi is reserved; JVM006 uses that).")
    static let threads = Parameter.count("threads", default: 50, in: 0...100_000, "Live threads, each with a -Xss stack (1Mi default on x86-64) of which `stackTouched` is resident.")
    static let stackTouched = Parameter.size("stackTouched", default: "256Ki", "Stack memory a thread makes resident: the truth lab measured about 110KiB per thread (200 threads: 22Mi); the -Xss reservation (1Mi) counts in JVM006's worst case.")
    static let directMemory = Parameter.size("directMemory", default: "10Mi", "Direct buffers when -XX:MaxDirectMemorySize is not set (the Paketo calculator's default; the JDK allows as much as the heap, see JVM006).")
    static let overhead = Parameter.size("overhead", default: "50Mi", "The JVM's own native memory: GC structures, symbols, internal.")

    var parameters: [ParameterDescription] {
        [Self.metaspace.description, Self.codeCache.description, Self.threads.description, Self.stackTouched.description,
         Self.directMemory.description, Self.overhead.description]
    }

    func settings(for container: ResolvedContainer, parameters: ParameterValues) -> any RuntimeSettings {
        JVMSettings(container, parameters: parameters)
    }

    /// The JDK's own launchers; products' start scripts (`catalina.sh`) are launchers in the catalogue.
    static let commands: Set<String> = ["java", "javaw", "jshell"]
    static let variables = ["JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "JAVA_OPTS", "CATALINA_OPTS", "JAVA_HOME"]

    /// `openjdk-17-jre-headless` (Debian), `openjdk17-jre` (Alpine), `java-21-openjdk-headless` (Fedora/UBI),
    /// `temurin-21-jdk` (Adoptium), `java-17-amazon-corretto-devel`, `zulu17-jdk`, `msopenjdk-21`, `default-jre`.
    static func isJDKPackage(_ name: String) -> Bool {
        name.hasPrefix("openjdk") || name.hasPrefix("temurin-") || name.hasPrefix("zulu") || name.hasPrefix("msopenjdk")
            || (name.hasPrefix("java-") && (name.containsLiteral("openjdk") || name.containsLiteral("corretto")))
            || name.hasPrefix("default-jre") || name.hasPrefix("default-jdk") || name.hasPrefix("sapmachine")
    }

    func evidence(for subject: RuntimeSubject) -> [RuntimeEvidence] {
        (subject.buildLanguage == "java" ? [RuntimeEvidence(weight: 3, "built from a Java project without a Dockerfile (Jib or buildpacks)")] : [])
            + subject.installEvidence("JVM", weight: 3, Self.isJDKPackage) + subject.standardEvidence(runtimeName: "JVM", isCommand: { Self.commands.contains($0) }, variables: Self.variables)
    }
}
