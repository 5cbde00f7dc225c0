import Foundation
import MemlintEngine
import MemlintTestSupport
import MemlintPacks
import Testing

/// Effective process, environment, linking and detection, through the whole runner.
@Suite struct ProcessTests {
    static let dockerfile = """
        FROM eclipse-temurin:17-jre
        ENV JAVA_TOOL_OPTIONS="-Xmx256m" LEVEL=image SHARED=image
        ENTRYPOINT ["java", "-jar", "/app.jar"]
        CMD ["--port=8080"]
        """

    func run(_ manifest: String, dockerfile: String? = dockerfile, configuration: Configuration? = nil,
             extra: [(String, String)] = []) -> LintResult {
        var inputs = [InputFile(path: "k8s/app.yaml", contents: .bytes(Array(manifest.utf8)), absolutePath: "/t/k8s/app.yaml")]
        if let dockerfile {
            inputs.append(InputFile(path: "app/Dockerfile", contents: .bytes(Array(dockerfile.utf8)), absolutePath: "/t/app/Dockerfile"))
        }
        for (path, text) in extra {
            inputs.append(InputFile(path: path, contents: .bytes(Array(text.utf8)), absolutePath: "/t/" + path))
        }
        return TestLinter.make(configuration: configuration).run(inputs, jobs: 1)
    }

    func pod(_ container: String, extraDocuments: String = "") -> String {
        """
        \(extraDocuments)apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
        \(container.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))

        """
    }

    func argv(_ result: LintResult) -> [String] { result.containers.first?.process.argv.map(\.text) ?? [] }

    @Test func commandArgsEntrypointCmdMatrix() {
        // Neither: ENTRYPOINT + CMD.
        #expect(argv(run(pod(""))) == ["java", "-jar", "/app.jar", "--port=8080"])
        // args only: ENTRYPOINT + args (CMD replaced).
        #expect(argv(run(pod("args: [\"--port=9090\"]"))) == ["java", "-jar", "/app.jar", "--port=9090"])
        // command only: ENTRYPOINT replaced, CMD discarded.
        #expect(argv(run(pod("command: [\"java\", \"-Xmx1g\", \"-jar\", \"/app.jar\"]"))) == ["java", "-Xmx1g", "-jar", "/app.jar"])
        // both.
        #expect(argv(run(pod("command: [\"java\"]\nargs: [\"-version\"]"))) == ["java", "-version"])
        // No Dockerfile: what the manifest says, marked as partly unknown.
        let unknown = run(pod("args: [\"--x\"]"), dockerfile: nil)
        #expect(argv(unknown) == ["--x"])
        #expect(unknown.containers.first?.process.argvKnown == false)
    }

    @Test func environmentPrecedenceAndOrigins() throws {
        let configMap = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {LEVEL: configmap, FROM_MAP: "yes", SHARED: configmap}
            ---

            """
        let result = run(pod("""
            envFrom:
              - configMapRef: {name: settings}
              - prefix: S_
                secretRef: {name: secrets}
            env:
              - {name: LEVEL, value: pod}
              - {name: LIMIT_MB, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}
              - {name: KEY, valueFrom: {configMapKeyRef: {name: settings, key: FROM_MAP}}}
              - {name: PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}
            resources: {limits: {memory: 512Mi}}
            """, extraDocuments: configMap))
        let env = try #require(result.containers.first?.process.environment)
        #expect(env["LEVEL"]?.value?.text == "pod")
        #expect(env["LEVEL"]?.mechanism == .env)
        #expect(env["SHARED"]?.value?.text == "configmap")
        #expect(env["SHARED"]?.mechanism == .envFrom(kind: "ConfigMap", name: "settings"))
        #expect(env["JAVA_TOOL_OPTIONS"]?.mechanism == .imageEnv)
        #expect(env["JAVA_TOOL_OPTIONS"]?.location.path == "app/Dockerfile")
        #expect(env["LIMIT_MB"]?.value?.text == "512")
        #expect(env["KEY"]?.value?.text == "yes")
        #expect(env["KEY"]?.location.span.start.line == 4)
        #expect(env["PASSWORD"] != nil && env["PASSWORD"]?.value == nil)
        #expect(env.opaqueSources == ["secret secrets"])
    }

    @Test func dollarParenthesisReferencesExpand() {
        let result = run(pod("""
            command: ["java", "$(HEAP)", "$$(HEAP)", "$(UNDEFINED)", "-jar", "/app.jar"]
            env:
              - {name: HEAP, value: "-Xmx300m"}
            """))
        #expect(argv(result) == ["java", "-Xmx300m", "$(HEAP)", "$(UNDEFINED)", "-jar", "/app.jar"])
        // The expanded flag points at where -Xmx300m was written, in the env entry (line 10).
        #expect(result.containers.first?.process.argv[1].location?.span.start.line == 10)
    }

    @Test func shellWrappersAreUnwrapped() {
        let result = run(pod("""
            command: ["/usr/bin/tini", "--", "/bin/sh", "-c"]
            args: ["set -e; cd /app && JAVA_OPTS_EXTRA=-Dx=1 exec java $JAVA_TOOL_OPTIONS $(OPTS) -jar app.jar"]
            env: [{name: OPTS, value: "-Xss512k"}]
            """))
        let process = result.containers.first?.process
        #expect(process?.command.map(\.text) == ["java", "-Xmx256m", "-Xss512k", "-jar", "app.jar"])
        #expect(process?.wrappers == ["tini", "sh -c"])
        #expect(process?.environment["JAVA_OPTS_EXTRA"]?.mechanism == .shellAssignment)
        // -Xmx256m came from the Dockerfile's ENV, and still points there.
        #expect(process?.command[1].location?.path == "app/Dockerfile")
    }

    @Test func shellFormCmdRunsUnderTheShell() {
        let result = run(pod(""), dockerfile: "FROM python:3.12\nCMD gunicorn -w 4 app:app\n")
        #expect(argv(result) == ["/bin/sh", "-c", "gunicorn -w 4 app:app"])
        #expect(result.containers.first?.process.command.map(\.text) == ["gunicorn", "-w", "4", "app:app"])
        #expect(result.containers.first?.runtime?.id.rawValue == "python")
    }

    @Test func linkingByFolderConfigSkaffoldAndAmbiguity() throws {
        // Folder name: app/Dockerfile ↔ registry.example.com/app.
        #expect(run(pod("")).containers.first?.linkedImage?.summary == "app/Dockerfile (folder name 'app')")
        // .lint.yml images entry wins (and may name a file outside the run).
        var configuration = Configuration(directory: "/t")
        configuration.images = [ImageMapping(match: try ImagePattern("registry.example.com/app:*"), runtime: nil,
                                              dockerfile: "/t/app/Dockerfile", target: nil, span: Span(start: .zero, end: .zero))]
        #expect(run(pod(""), configuration: configuration).containers.first?.linkedImage?.summary == "app/Dockerfile (images entry 'registry.example.com/app:*' in .lint.yml)")
        // skaffold.yaml artifact with context and dockerfile.
        let skaffold = "apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n    - {image: registry.example.com/app, context: web, docker: {dockerfile: Dockerfile.prod}}\n"
        let viaSkaffold = run(pod(""), dockerfile: nil, extra: [("skaffold.yaml", skaffold), ("web/Dockerfile.prod", "FROM node:20\nCMD [\"node\", \"s.js\"]\n")])
        #expect(viaSkaffold.containers.first?.linkedImage?.summary == "web/Dockerfile.prod (skaffold.yaml artifact)")
        #expect(viaSkaffold.containers.first?.runtime?.id.rawValue == "node")
        // Two folders named like the image: nothing linked, E005 says so.
        let ambiguous = run(pod(""), extra: [("old/app/Dockerfile", "FROM openjdk:8\n")])
        #expect(ambiguous.containers.first?.linkedImage == nil)
        #expect(ambiguous.diagnostics.contains { $0.code == "E005" && $0.message.contains("app/Dockerfile, old/app/Dockerfile") })
    }

    @Test func runtimeOverrides() {
        let annotated = run(pod("").replacingOccurrences(of: "metadata: {name: p}", with: "metadata: {name: p, annotations: {memlint.io/runtime.app: go}}"))
        #expect(annotated.containers.first?.runtime?.id.rawValue == "go")
        let none = run(pod("").replacingOccurrences(of: "metadata: {name: p}", with: "metadata: {name: p, annotations: {memlint.io/runtime: none}}"))
        #expect(none.containers.first?.runtime == nil)
        let detected = run(pod(""))
        #expect(detected.containers.first?.runtime?.id.rawValue == "jvm")
        #expect(detected.containers.first?.runtime?.detection.confidence == .high)
    }

    @Test func dockerfileSuppressionCommentsCoverTheNextInstruction() {
        let text = "FROM a\n# memlint ignore=E005,K8S001 reason\nENV A=1 \\\n    B=2\n"
        let result = TestLinter.make()
            .run([InputFile(path: "Dockerfile", contents: .bytes(Array(text.utf8)))], jobs: 1)
        // Nothing to silence in this file: the suppression is reported as unused, at the comment.
        #expect(result.diagnostics.map(\.code) == ["M001", "M001"])
        #expect(result.diagnostics.first?.location.span.start.line == 2)
        #expect(result.diagnostics.first?.message.contains("line 3") == true)
    }
}
