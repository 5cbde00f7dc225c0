import Foundation
import MemlintEngine
import MemlintPacks
import MemlintTestSupport
import Testing

/// The image catalogue (`Rules/<Pack>/images.yml`): its data is valid and sourced, and each class
/// of fact it holds — runtime, version source, launcher defaults, variable order, opt-out flags —
/// changes what memlint concludes the way the product's docs say.
@Suite struct CatalogueTests {
    static func pod(_ image: String, limit: String = "1Gi", env: [(String, String)] = [], args: [String]? = nil) -> String {
        let envText = env.isEmpty ? "" : "\n      env: [" + env.map { "{name: \($0.0), value: \"\($0.1)\"}" }.joined(separator: ", ") + "]"
        let argsText = args.map { "\n      args: [" + $0.map { "\"\($0)\"" }.joined(separator: ", ") + "]" } ?? ""
        return """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
                - name: c
                  image: \(image)\(envText)\(argsText)
                  resources: {limits: {memory: \(limit)}}
            """
    }

    static func lint(_ image: String, limit: String = "1Gi", env: [(String, String)] = [], args: [String]? = nil,
                     configuration: Configuration? = nil) -> LintResult {
        TestLinter.run(yaml: pod(image, limit: limit, env: env, args: args), configuration: configuration)
    }

    static func codes(_ result: LintResult) -> [String] { result.diagnostics.map(\.code) }

    @Test func theBuiltInCatalogueIsValidSourcedAndCoversTheImagesPeopleRun() {
        let (entries, errors) = CatalogueLoader.load(BuiltInPacks.all)
        #expect(errors.map(\.description) == [])
        #expect(entries.count >= 60, "the issue asks for at least 60 images; found \(entries.count)")
        for entry in entries {
            #expect(entry.source?.hasPrefix("https://") == true, "\(entry.origin) has no source URL")
            if let launcher = entry.launcher { #expect(launcher.source.hasPrefix("https://"), "\(entry.origin): launcher without source") }
        }
        for image in ["prom/prometheus:v3.1.0", "grafana/loki:3.2.0", "quay.io/jetstack/cert-manager-controller:v1.15.0",
                      "docker.elastic.co/elasticsearch/elasticsearch:8.15.0", "apache/kafka:3.9.1", "redis:7", "docker.io/library/postgres:16",
                      "quay.io/kiwigrid/k8s-sidecar:1.27.5", "nodered/node-red:4.0", "registry.k8s.io/pause:3.9"] {
            #expect(Self.lint(image).containers.first?.coverage != .unknown, "\(image) is not recognised")
        }
    }

    @Test func aProductVersionIsNeverReadAsAJDKVersion() {
        // elasticsearch:8.15.0 is not JDK 8u0; tomcat:8.5.100-jdk17 is JDK 17, not 8u100.
        for image in ["docker.elastic.co/elasticsearch/elasticsearch:8.15.0", "tomcat:8.5.100-jdk17", "apache/kafka:3.9.1",
                      "sonarqube:9.9.4-community", "quay.io/keycloak/keycloak:26.0.0", "registry.example.com/orders:1.8.0"] {
            let result = Self.lint(image, limit: "4Gi", env: [("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=50")])
            #expect(!Self.codes(result).contains("JVM005"), "\(image): \(result.diagnostics.map(\.message))")
            #expect(!Self.codes(result).contains("JVM003"), "\(image): \(result.diagnostics.map(\.message))")
        }
        // A JDK image's tag is a JDK version, and an old one is still caught.
        #expect(Self.codes(Self.lint("openjdk:8u181-jre", limit: "4Gi", env: [("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=50")])).contains("JVM003"))
    }

    @Test func aBundledJDKComesFromTheCatalogueWithItsSource() throws {
        let container = try #require(Self.lint("quay.io/keycloak/keycloak:26.0.0").containers.first)
        let notes = container.runtime?.budget?.notes ?? []
        #expect(notes.contains { $0.contains("JDK 17") && $0.contains("bundles it") && $0.contains("https://") }, "\(notes)")
    }

    @Test func launcherDefaultsCountWhenTheirVariableIsUnset() throws {
        // kafka-server-start.sh passes -Xmx1G -Xms1G when KAFKA_HEAP_OPTS is empty: at a 1Gi limit that is a kill.
        let kafka = Self.lint("apache/kafka:3.9.1")
        let finding = try #require(kafka.diagnostics.first { $0.code == "JVM002" })
        #expect(finding.message.contains("-Xmx1G, the default of Apache Kafka's kafka-server-start.sh"))
        #expect(finding.fix?.contains("in KAFKA_HEAP_OPTS") == true)
        #expect(finding.location.span.start.line == 8, "points at the limit, the only place in the user's files")
        // The variable replaces the defaults.
        let tuned = Self.lint("apache/kafka:3.9.1", env: [("KAFKA_HEAP_OPTS", "-Xmx600m -Xms600m")])
        #expect(!Self.codes(tuned).contains("JVM002"))
        #expect(tuned.containers.first?.runtime?.budget?.components.first?.bytes == 600 << 20)
        // Keycloak's kc.sh: MaxRAMPercentage=70 by default, replaced by JAVA_OPTS_KC_HEAP.
        let keycloak = try #require(Self.lint("quay.io/keycloak/keycloak:26.0.0", limit: "2Gi").containers.first?.runtime?.budget)
        #expect(keycloak.components.first?.origin.text.contains("-XX:MaxRAMPercentage=70, the default of Keycloak's kc.sh") == true)
        #expect((1433 << 20...1434 << 20).contains(keycloak.components.first?.bytes ?? 0), "70 % of 2Gi, aligned")
        let replaced = try #require(Self.lint("quay.io/keycloak/keycloak:26.0.0", limit: "2Gi", env: [("JAVA_OPTS_KC_HEAP", "-Xmx1g")]).containers.first?.runtime?.budget)
        #expect(replaced.components.first?.bytes == 1 << 30)
        // Keycloak before 24 did not pass the percentage.
        let old = try #require(Self.lint("quay.io/keycloak/keycloak:22.0.5", limit: "2Gi").containers.first?.runtime?.budget)
        #expect(old.components.first?.origin.text.contains("MaxRAMPercentage=70") != true)
    }

    @Test func variablesAreReadInTheLauncherOrder() throws {
        // catalina.sh appends CATALINA_OPTS after JAVA_OPTS: the later -Xmx wins.
        let budget = try #require(Self.lint("tomcat:10.1-jdk21", limit: "2Gi", env: [("CATALINA_OPTS", "-Xmx700m"), ("JAVA_OPTS", "-Xmx300m")])
            .containers.first?.runtime?.budget)
        #expect(budget.components.first?.bytes == 700 << 20)
    }

    @Test func aProgramThatSetsItsOwnMemoryLimitNeedsNoGOMEMLIMIT() throws {
        #expect(!Self.codes(Self.lint("prom/prometheus:v3.1.0")).contains("GO001"))
        #expect(!Self.codes(Self.lint("prom/prometheus")).contains("GO001"), "no tag is the newest release")
        // The opt-out flag turns it off again.
        #expect(Self.codes(Self.lint("prom/prometheus:v3.1.0", args: ["--config.file=/etc/prometheus.yml", "--no-auto-gomemlimit"])).contains("GO001"))
        // 2.x needs GOMEMLIMIT, and the fix says so.
        let old = try #require(Self.lint("prom/prometheus:v2.53.0").diagnostics.first { $0.code == "GO001" })
        #expect(old.fix?.contains("from version 3.0.0 on") == true)
        // A tag that is no version: a note, not a guess.
        let unknown = try #require(Self.lint("prom/prometheus:main").diagnostics.first { $0.code == "GO001" })
        #expect(unknown.severity == .note)
        #expect(unknown.message.contains("does not tell which version"))
    }

    @Test func nativeImagesAreCountedAndGetNoRuntimeRules() throws {
        let result = TestLinter.run(yaml: Self.pod("redis:7.4") + "\n---\n" + Self.pod("registry.example.com/thing:1.0")
            + "\n---\n" + Self.pod("eclipse-temurin:21-jre"))
        #expect(result.statistics.coverage == ["native": 1, "unknown": 1, "jvm": 1])
        #expect(result.statistics.unknown.count == 1)
        #expect(result.containers.first { $0.image?.raw == "redis:7.4" }?.runtime == nil)
        // A command that settles it still wins over a native base such as alpine.
        let alpine = TestLinter.run(yaml: """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
                - name: c
                  image: alpine:3.20
                  command: [java, -Xmx256m, -jar, /app.jar]
                  resources: {limits: {memory: 512Mi}}
            """)
        #expect(alpine.containers.first?.runtime?.id.rawValue == "jvm")
    }

    @Test func aLintYmlEntryCorrectsTheCatalogueInTheSameFields() throws {
        let folder = FileManager.default.temporaryDirectory.path
        let text = """
            images:
              - match: apache/kafka
                runtime: jvm
                product: Our Kafka build
                launcher:
                  name: start.sh
                  reads: [KAFKA_HEAP_OPTS]
                  options: "-Xmx512m"
                  unless: [KAFKA_HEAP_OPTS]
            """
        let configuration = try ConfigLoader(packs: BuiltInPacks.all).parse(Array(text.utf8), displayPath: ".lint.yml", directory: folder).get()
        let budget = try #require(Self.lint("apache/kafka:3.9.1", configuration: configuration).containers.first?.runtime?.budget)
        #expect(budget.components.first?.bytes == 512 << 20)
        #expect(budget.components.first?.origin.text.contains("Our Kafka build's start.sh") == true)
        // Bad fields are positioned errors, as for every other key.
        let bad = "images:\n  - match: x\n    runtime: jvm\n    launcher: {memoryLimitRatio: 2}\n"
        guard case .failure(let errors) = ConfigLoader(packs: BuiltInPacks.all).parse(Array(bad.utf8), displayPath: ".lint.yml", directory: folder) else {
            Issue.record("a ratio of 2 was accepted")
            return
        }
        #expect(errors.errors.map(\.description) == [".lint.yml:4:34: error: memoryLimitRatio must be a number in (0, 1]; got '2'"])
    }
}
