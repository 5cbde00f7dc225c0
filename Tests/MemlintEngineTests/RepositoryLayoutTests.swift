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
        // Only the kustomization's own render findings (its base is not on disk here) point into overlays/.
        #expect(!result.diagnostics.contains { $0.location.path.hasPrefix("overlays/") && !["E007", "E008"].contains($0.code) },
                "\(result.diagnostics.map(\.message))")
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

    static func app(_ image: String, env: String = "") -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app}
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: \(image)\(env)
                  resources: {limits: {memory: 512Mi}}
        """
    }

    static let javaDockerfile = "FROM eclipse-temurin:21-jre\nENTRYPOINT [\"java\", \"-Xmx600m\", \"-jar\", \"/app.jar\"]\n"

    static func link(_ files: [(String, String)], image: String = "registry.example.com/shop/orders:2.0") -> ResolvedContainer? {
        TestLinter.run([("deploy/app.yaml", Self.app(image))] + files).containers.first { $0.name == "app" }
    }

    @Test func composeServicesTieImagesToTheirBuild() throws {
        let compose = """
            services:
              orders:
                image: registry.example.com/shop/orders:${TAG:-latest}
                build:
                  context: ./services/java
                  dockerfile: build/Dockerfile.orders
            """
        let app = try #require(Self.link([("docker-compose.yml", compose), ("services/java/build/Dockerfile.orders", Self.javaDockerfile)]))
        #expect(app.linkedImage?.summary == "services/java/build/Dockerfile.orders (Docker Compose service at docker-compose.yml:3)")
        #expect(app.runtime?.id.rawValue == "jvm")
    }

    @Test func aWorkflowThatBuildsTheImagesTiesThem() throws {
        let workflow = """
            on: push
            jobs:
              images:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - uses: docker/build-push-action@v6
                    with:
                      context: backend
                      file: backend/docker/Dockerfile.jvm
                      tags: |
                        registry.example.com/shop/orders:${{ github.sha }}
                        registry.example.com/shop/orders:latest
                  - run: |
                      docker build \\
                        -t registry.example.com/shop/web:${GITHUB_SHA} -f web/Containerfile web
            """
        let files = [(".github/workflows/images.yml", workflow), ("backend/docker/Dockerfile.jvm", Self.javaDockerfile),
                     ("web/Containerfile", "FROM node:20\nCMD [\"node\", \"server.js\"]\n")]
        let orders = try #require(Self.link(files))
        #expect(orders.linkedImage?.summary == "backend/docker/Dockerfile.jvm (CI workflow step at .github/workflows/images.yml:7)")
        let web = try #require(Self.link(files, image: "registry.example.com/shop/web:1.0"))
        #expect(web.linkedImage?.model.path == "web/Containerfile")
        #expect(web.runtime?.id.rawValue == "node")
    }

    @Test func scriptsTiltfilesAndBakeFilesTieImages() throws {
        let script = try #require(Self.link([("scripts/build.sh", "#!/bin/sh\nset -e\ncd \"$(dirname \"$0\")/..\"\ndocker buildx build --platform linux/amd64 -t registry.example.com/shop/orders:$1 -f ../services/orders/Dockerfile ../services/orders\n"),
                                              ("services/orders/Dockerfile", Self.javaDockerfile)]))
        #expect(script.linkedImage?.summary == "services/orders/Dockerfile (docker build line at scripts/build.sh:4)")
        let tilt = try #require(Self.link([("Tiltfile", "# dev loop\ndocker_build('registry.example.com/shop/orders', 'svc', dockerfile='svc/Dockerfile.dev')\n"),
                                            ("svc/Dockerfile.dev", Self.javaDockerfile)]))
        #expect(tilt.linkedImage?.summary == "svc/Dockerfile.dev (Tiltfile docker_build at Tiltfile:2)")
        let bake = try #require(Self.link([("docker-bake.hcl", "target \"orders\" {\n  context = \"svc\"\n  dockerfile = \"Dockerfile.prod\"\n  tags = [\"registry.example.com/shop/orders:2.0\"]\n}\n"),
                                            ("svc/Dockerfile.prod", Self.javaDockerfile)]))
        #expect(bake.linkedImage?.summary == "svc/Dockerfile.prod (docker buildx bake target at docker-bake.hcl:1)")
    }

    @Test func jibGivesAJVMThatRunsJavaDirectly() throws {
        let pom = """
            <project>
              <build><plugins>
                <plugin>
                  <groupId>com.google.cloud.tools</groupId>
                  <artifactId>jib-maven-plugin</artifactId>
                  <configuration>
                    <from><image>eclipse-temurin:17-jre</image></from>
                    <to><image>registry.example.com/shop/orders</image></to>
                    <container><jvmFlags><jvmFlag>-Xmx700m</jvmFlag></jvmFlags></container>
                  </configuration>
                </plugin>
              </plugins></build>
            </project>
            """
        let result = TestLinter.run([("deploy/app.yaml", Self.app("registry.example.com/shop/orders:2.0", env: "\n          env: [{name: JAVA_OPTS, value: \"-Xmx300m\"}]")),
                                     ("orders/pom.xml", pom)])
        let app = try #require(result.containers.first { $0.name == "app" })
        #expect(app.runtime?.id.rawValue == "jvm")
        #expect(app.linkedImage?.summary == "orders/pom.xml (Jib at orders/pom.xml:5)")
        // jvmFlags reach java (JVM002 points at the flag in pom.xml); JAVA_OPTS never does (JVM008).
        let heap = try #require(result.diagnostics.first { $0.code == "JVM002" })
        #expect(heap.location.path == "orders/pom.xml")
        #expect(heap.location.span.start.line == 9)
        #expect(heap.location.span.start.column == 39)
        #expect(result.diagnostics.contains { $0.code == "JVM008" })
        // Gradle's jib block, and the version of the base image it names.
        let gradle = "plugins { id 'com.google.cloud.tools.jib' version '3.4.3' }\njib {\n  from { image = 'eclipse-temurin:21-jre' }\n  to { image = 'registry.example.com/shop/orders' }\n  container { jvmFlags = ['-Xms64m', '-Xmx800m'] }\n}\n"
        let fromGradle = try #require(Self.link([("orders/build.gradle", gradle)]))
        #expect(fromGradle.runtime?.id.rawValue == "jvm")
        #expect(fromGradle.runtime?.budget?.components.first?.bytes == 800 << 20)
    }

    @Test func koBuildsGo() throws {
        let ko = try #require(TestLinter.run(yaml: Self.app("ko://github.com/example/shop/cmd/orders")).containers.first)
        #expect(ko.runtime?.id.rawValue == "go")
        let skaffold = """
            apiVersion: skaffold/v4beta6
            kind: Config
            build:
              artifacts:
                - image: registry.example.com/shop/orders
                  ko: {}
            """
        let built = try #require(Self.link([("skaffold.yaml", skaffold)]))
        #expect(built.runtime?.id.rawValue == "go")
        #expect(built.linkedImage?.summary.hasPrefix("skaffold.yaml (ko at skaffold.yaml:5)") == true)
    }

    @Test func aProgramBuiltOnANativeBaseIsNativeButAScriptStaysUnknown() throws {
        let rust = "FROM rust:1.82 AS build\nRUN cargo build --release\nFROM debian:bookworm-slim\nCOPY --from=build /target/release/orders /orders\nENTRYPOINT [\"/orders\"]\n"
        let native = try #require(Self.link([("orders/Dockerfile", rust)], image: "registry.example.com/shop/orders:1"))
        #expect(native.coverage.category == "native")
        let script = "FROM debian:bookworm-slim\nCOPY start.sh /\nENTRYPOINT [\"/start.sh\"]\n"
        let unknown = try #require(Self.link([("orders/Dockerfile", script)], image: "registry.example.com/shop/orders:1"))
        #expect(unknown.coverage == .unknown, "a script could start any runtime")
    }
}
