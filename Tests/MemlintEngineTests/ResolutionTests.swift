import Foundation
import MemlintEngine
import MemlintPacks
import MemlintTestSupport
import Testing

/// The resolution stage as users see it: declared runtimes, one pattern grammar, linked
/// Dockerfiles parsed like every file, and findings that say whose they are.
@Suite struct ResolutionTests {
    static func deployment(_ name: String, container: String = "server", image: String, extra: String = "",
                           annotations: String = "{}") -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: \(name)}
        spec:
          template:
            metadata: {annotations: \(annotations)}
            spec:
              containers:
                - name: \(container)
                  image: \(image)
        \(extra)
        """
    }

    @Test func aMisspeltRuntimeAnnotationIsAnErrorAtItsValueAndDetectionGoesOn() throws {
        let text = Self.deployment("orders", image: "eclipse-temurin:21-jre", annotations: "{memlint.io/runtime: jvmm}")
        let result = TestLinter.run(yaml: text)
        let finding = try #require(result.diagnostics.first { $0.code == "E006" })
        #expect(finding.severity == .error)
        #expect(finding.message.contains("'jvmm'; did you mean 'jvm'?"))
        #expect(finding.location.span.start.line == 6)
        #expect(finding.location.span.start.column == 50)
        #expect(finding.workload == "Deployment/orders")
        // The annotation is ignored, not obeyed: the image still makes it a JVM.
        #expect(result.containers.first?.runtime?.id.rawValue == "jvm")
    }

    @Test func imagesMatchUsesTheDocumentedGlobGrammar() throws {
        var configuration = Configuration(directory: "/")
        configuration.images = [ImageMapping(match: try ImagePattern("registry.example.com/[a-z]*"), runtime: .runtime(RuntimeID("go")),
                                             dockerfile: nil, target: nil, span: Span(start: .zero, end: .zero))]
        func runtime(_ image: String) -> String? {
            TestLinter.run(yaml: Self.deployment("d", image: image), configuration: configuration).containers.first?.runtime?.id.rawValue
        }
        #expect(runtime("registry.example.com/orders:1.0") == "go")
        #expect(runtime("registry.example.com/9lives:1.0") == nil, "a class matches one character")
        #expect(runtime("registry.example.com/team/orders:1.0") == nil, "* stays within one path segment")
        #expect(try ImagePattern("**/orders").matches(ImageReference("registry.example.com/team/orders:1.0")))
        #expect(try ImagePattern("openjdk").matches(ImageReference("docker.io/library/openjdk:17")))
    }

    @Test func aDockerfileReachedOnlyThroughLinkingIsParsedAndChecked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("memlint-link-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dockerfile = folder.appendingPathComponent("Dockerfile")
        try "FROM eclipse-temurin:17-jre\nENV lonely\n".write(to: dockerfile, atomically: true, encoding: .utf8)
        var configuration = Configuration(directory: folder.path)
        configuration.images = [ImageMapping(match: try ImagePattern("registry.example.com/orders:*"), runtime: nil,
                                             dockerfile: dockerfile.path, target: nil, span: Span(start: .zero, end: .zero))]
        let result = TestLinter.run(yaml: Self.deployment("orders", image: "registry.example.com/orders:1.0"), configuration: configuration)
        let error = try #require(result.diagnostics.first { $0.code == "E002" })
        #expect(error.location.path.hasSuffix("Dockerfile"))
        #expect(error.location.span.start.line == 2)
        #expect(result.statistics.files == 2)

        // Parsed once, with its suppressions: a hadolint-style comment there silences the finding.
        try "FROM eclipse-temurin:17-jre\n# memlint ignore=JVM002 sized by ops\nENV JAVA_TOOL_OPTIONS=-Xmx600m\nENTRYPOINT [\"java\", \"-jar\", \"/a.jar\"]\n"
            .write(to: dockerfile, atomically: true, encoding: .utf8)
        let extra = "          resources: {limits: {memory: 512Mi}}"
        let quiet = TestLinter.run(yaml: Self.deployment("orders", image: "registry.example.com/orders:1.0", extra: extra), configuration: configuration)
        #expect(!quiet.diagnostics.contains { $0.code == "JVM002" })
        #expect(quiet.suppressed.map(\.diagnostic.code) == ["JVM002"])
    }

    @Test func containersSharingOneConfigMapEachGetTheirFinding() throws {
        let env = """
                  envFrom: [{configMapRef: {name: go-env}}]
                  resources: {limits: {memory: 512Mi}}
        """
        let text = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: go-env}
            data: {GOMEMLIMIT: "600MiB"}
            ---
            \(Self.deployment("api", image: "golang:1.22", extra: env))
            ---
            \(Self.deployment("worker", image: "golang:1.22", extra: env))
            """
        let result = TestLinter.run(yaml: text)
        let findings = result.diagnostics.filter { $0.code == "GO002" }
        #expect(findings.count == 2)
        #expect(Set(findings.map(\.location.span.start.line)) == [4], "both point at the one value")
        #expect(findings.map(\.workload) == ["Deployment/api", "Deployment/worker"])
        #expect(findings[0].message.hasSuffix("(container 'server' of Deployment/api)"))
        #expect(findings[1].message.hasSuffix("(container 'server' of Deployment/worker)"))
        let sarif = SARIFReporter.render(result, context: ReportContext(toolVersion: "0", informationURI: "x", rules: [], root: "/", exitCode: 1))
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let results = try #require(((log["runs"] as? [[String: Any]])?.first?["results"]) as? [[String: Any]])
        let fingerprints = results.filter { $0["ruleId"] as? String == "GO002" }
            .compactMap { ($0["partialFingerprints"] as? [String: String])?["memlintFingerprint/v1"] }
        #expect(Set(fingerprints).count == 2, "each container's finding has its own fingerprint")
    }

    @Test func aValueReachedThroughAnAliasIsReportedAtTheAlias() throws {
        let text = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
                - name: first
                  resources: &res
                    limits: {memory: 512Mi}
                    requests: {memory: 1Gi}
                - name: second
                  resources: *res
            """
        let findings = TestLinter.run(yaml: text).diagnostics.filter { $0.code == "K8S002" }
        #expect(findings.map(\.location.span.start.line) == [9, 11])
        #expect(findings.map(\.container) == ["first", "second"])
        let aliased = try #require(findings.last)
        #expect(aliased.location.span.start.column == 18)
        #expect(aliased.related.first?.location.span.start.line == 9)
        #expect(aliased.related.first?.message.contains("anchor") == true)
    }

    @Test func fileRulesPlaceAliasedValuesAtTheAliasToo() throws {
        let text = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
                - name: first
                  resources: &res
                    limits: {memory: 512mi}
                - name: second
                  resources: *res
            """
        let findings = TestLinter.run(yaml: text).diagnostics.filter { $0.code == "K8S003" }
        #expect(findings.map(\.location.span.start.line) == [8, 10])
        #expect(findings.map(\.container) == ["first", "second"])
        #expect(findings.last?.related.first?.location.span.start.line == 8)
    }
}
