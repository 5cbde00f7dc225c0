import Foundation
import MemlintEngine
import MemlintTestSupport
import Testing

/// Layouts taken from real repositories: a demo whose one image repository tags each service
/// (`demo:1.12.0-cart`), and a Kustomize overlay whose patch files are fragments.
@Suite struct RepositoryLayoutTests {
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: cart}
        spec:
          template:
            spec:
              containers:
                - name: cart
                  image: ghcr.io/example/demo:1.12.0-cart-service
                  resources: {limits: {memory: 512Mi}}
        """

    @Test func theTagSuffixNamesTheServiceFolder() throws {
        let result = TestLinter.run([
            ("k8s/cart.yaml", Self.deployment),
            ("src/cart-service/Dockerfile", "FROM eclipse-temurin:21-jre\nENTRYPOINT [\"java\", \"-Xmx512m\", \"-jar\", \"/app.jar\"]\n"),
            ("src/email/Dockerfile", "FROM node:20\nCMD [\"node\", \"server.js\"]\n"),
        ])
        let cart = try #require(result.containers.first { $0.name == "cart" })
        #expect(cart.linkedImage?.summary == "src/cart-service/Dockerfile (tag suffix 'cart-service' names the folder)")
        #expect(cart.runtime?.id.rawValue == "jvm")
        #expect(result.diagnostics.contains { $0.code == "JVM002" && $0.location.path == "src/cart-service/Dockerfile" })
    }

    @Test func kustomizePatchFilesAreNotLintedAlone() {
        let patch = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: cart}
            spec:
              template:
                spec:
                  containers:
                    - name: cart
                      env: [{name: LOG_LEVEL, value: debug}]
            """
        let result = TestLinter.run([
            ("overlays/prod/kustomization.yaml", "resources: [../../base]\npatches:\n  - path: cart-patch.yaml\npatchesStrategicMerge: [more.yaml]\n"),
            ("overlays/prod/cart-patch.yaml", patch),
            ("overlays/prod/more.yaml", patch),
            ("base/cart.yaml", Self.deployment),
        ])
        #expect(result.statistics.kustomizePatchFiles == ["overlays/prod/cart-patch.yaml", "overlays/prod/more.yaml"])
        #expect(!result.diagnostics.contains { $0.location.path.hasPrefix("overlays/") }, "\(result.diagnostics.map(\.message))")
        #expect(result.diagnostics.contains { $0.code == "K8S001" } == false)
        #expect(result.statistics.containers == 1)
    }

    @Test func anOperatorBuiltOnItsOwnBaseImageInheritsTheJDKAndTheEnvironment() throws {
        let result = TestLinter.run([
            ("install/operator.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: operator}
                spec:
                  template:
                    spec:
                      containers:
                        - name: operator
                          image: quay.io/example/operator:0.45.0
                          resources: {limits: {memory: 512Mi}}
                """),
            ("images/base/Dockerfile", """
                FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
                RUN microdnf install -y --nodocs java-17-openjdk-headless && microdnf clean all
                ENV JAVA_TOOL_OPTIONS="-Xmx900m"
                """),
            ("images/operator/Dockerfile", """
                FROM quay.io/example/base:latest
                COPY operator.jar /opt/
                ENTRYPOINT ["java", "-jar", "/opt/operator.jar"]
                """),
        ])
        let op = try #require(result.containers.first { $0.name == "operator" })
        #expect(op.linkedImage?.summary == "images/operator/Dockerfile (folder name 'operator'), built on images/base/Dockerfile")
        #expect(op.runtime?.detection.evidence.contains { $0.reason.contains("installs java-17-openjdk-headless") } == true)
        let finding = try #require(result.diagnostics.first { $0.code == "JVM002" && $0.container == "operator" })
        #expect(finding.location.path == "images/base/Dockerfile", "the -Xmx set in the base image's ENV")
        #expect(finding.location.span.start.line == 3)
        #expect(op.runtime?.budget?.notes.contains { $0.contains("JDK 17") && $0.contains("java-17-openjdk-headless") } == true)
    }

    @Test func aFROMCycleIsReportedNotLooped() throws {
        let result = TestLinter.run([
            ("k8s/a.yaml", Self.deployment.replacingOccurrences(of: "ghcr.io/example/demo:1.12.0-cart-service", with: "example/alpha:1")),
            ("alpha/Dockerfile", "FROM example/beta:1\n"),
            ("beta/Dockerfile", "FROM example/alpha:1\n"),
        ])
        let container = try #require(result.containers.first { $0.name == "cart" })
        #expect(container.linkedImage?.cycle?.count == 3)
        #expect(container.linkedImage?.summary.contains("FROM cycle alpha/Dockerfile → beta/Dockerfile → alpha/Dockerfile not followed") == true,
                "\(container.linkedImage?.summary ?? "")")
    }
}
