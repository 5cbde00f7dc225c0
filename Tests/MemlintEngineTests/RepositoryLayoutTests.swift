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
}
