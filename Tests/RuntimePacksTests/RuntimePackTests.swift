@testable import GoRules
import MemlintEngine
import MemlintTestSupport
import MemlintPacks
@testable import NodeRules
import Testing

/// The numbers the Go, Node and Python rules compute, checked end to end.
@Suite struct RuntimePackTests {
    func lint(_ manifest: String) -> LintResult {
        TestLinter.make()
            .run([InputFile(path: "m.yaml", contents: .bytes(Array(manifest.utf8)))], jobs: 1)
    }

    func pod(image: String, command: String, env: String = "[]", resources: String) -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - name: app
              image: \(image)
              command: \(command)
              env: \(env)
              resources: \(resources)
        """
    }

    @Test func goMemlimitMissingSuggestsNinetyPercentInMiB() throws {
        let result = lint(pod(image: "golang:1.22", command: "[/app]", resources: "{limits: {memory: 384Mi}}"))
        let finding = try #require(result.diagnostics.first { $0.code == "GO001" })
        #expect(finding.fix == "add env GOMEMLIMIT=345MiB (90 % of the limit)")
    }

    @Test func goMemlimitInvalidSuggestsTheRuntimeSpelling() throws {
        let result = lint(pod(image: "golang:1.22", command: "[/app]", env: #"[{name: GOMEMLIMIT, value: "450Mi"}]"#, resources: "{limits: {memory: 512Mi}}"))
        let finding = try #require(result.diagnostics.first { $0.code == "GO004" })
        #expect(finding.fix == "set GOMEMLIMIT=450MiB")
        #expect(!result.diagnostics.contains { $0.code == "GO001" }, "an invalid GOMEMLIMIT is not a missing one")
    }

    @Test(arguments: [
        ("1073741824", GoMemLimit.Parsed.bytes(1 << 30)), ("1024MiB", .bytes(1 << 30)), ("1GiB", .bytes(1 << 30)),
        ("1073741824B", .bytes(1 << 30)), ("0", .bytes(0)), ("off", .off), ("", .off),
        ("1G", .invalid), ("1GB", .invalid), ("1Gi", .invalid), ("1gib", .invalid), ("1GIB", .invalid), ("1.5GiB", .invalid),
        (" 1GiB", .invalid), ("1 GiB", .invalid), ("-1", .invalid), ("1e9", .invalid), ("100%", .invalid), ("99999999999GiB", .invalid),
    ])
    func goMemlimitGrammarIsParseByteCount(text: String, expected: GoMemLimit.Parsed) {
        #expect(GoMemLimit.parse(text) == expected)
    }

    @Test(arguments: [("450Mi", "450MiB"), ("1G", "1GiB"), ("1GB", "1GiB"), ("1.5GiB", "1536MiB"), (" 1GiB", "1GiB"), ("512mb", "512MiB")])
    func goMemlimitSuggestions(text: String, expected: String) {
        #expect(GoMemLimit.suggestion(for: text) == expected)
    }

    @Test func resourceFieldRefIsResolvedAndJudged() {
        let exact = lint(pod(image: "golang:1.22", command: "[/app]",
                             env: "[{name: GOMEMLIMIT, valueFrom: {resourceFieldRef: {resource: limits.memory}}}]",
                             resources: "{limits: {memory: 512Mi}}"))
        #expect(exact.diagnostics.map(\.code).contains("GO003"))
        #expect(!exact.diagnostics.map(\.code).contains("GO002"))
        let divided = lint(pod(image: "golang:1.22", command: "[/app]",
                               env: "[{name: GOMEMLIMIT, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}]",
                               resources: "{limits: {memory: 512Mi}}"))
        #expect(divided.diagnostics.first { $0.code == "GO006" }?.message.contains("512 bytes") == true)
    }

    @Test(arguments: [
        ("node:18", 18, nil as Int?), ("node:20.2.0-slim", 20, 2), ("node:22-alpine", 22, nil), ("gcr.io/distroless/nodejs20-debian12", 20, nil),
    ])
    func nodeVersionFromTags(image: String, major: Int, minor: Int?) throws {
        let version = try #require(NodeVersion.from(ImageReference(image)))
        #expect(version.major == major)
        #expect(version.minor == minor)
    }

    @Test func nodeCgroupV2AndPercentageSupport() {
        #expect(!NodeVersion(major: 20, minor: 2).readsCgroupV2)
        #expect(NodeVersion(major: 20, minor: 3, patch: 0).readsCgroupV2)
        #expect(NodeVersion(major: 20).readsCgroupV2)  // a floating 20 tag is a recent 20.x
        #expect(!NodeVersion(major: 22, minor: 20).hasHeapPercentage)
        #expect(NodeVersion(major: 24, minor: 6).hasHeapPercentage)
        #expect(!NodeVersion(major: 23).hasHeapPercentage)
    }

    @Test func nodeCommandLineWinsAndUnderscoresCount() throws {
        let result = lint(pod(image: "node:20", command: "[node, --max_old_space_size=1900, server.js]",
                              env: #"[{name: NODE_OPTIONS, value: "--max-old-space-size=512"}]"#, resources: "{limits: {memory: 2Gi}}"))
        let budget = try #require(result.containers.first?.runtime?.budget)
        #expect(budget.components.first?.bytes == 1900 << 20)
        #expect(result.diagnostics.map(\.code).contains("NODE002"))
    }

    @Test func pythonWorkersFromEachSource() throws {
        func workers(_ command: String, env: String = "[]") throws -> Int64? {
            try #require(lint(pod(image: "python:3.12", command: command, env: env, resources: "{limits: {memory: 4Gi}}")).containers.first)
                .runtime?.budget?.components.first?.bytes
        }
        #expect(try workers("[gunicorn, -w4, app:app]") == 400 << 20)
        #expect(try workers("[gunicorn, app:app]", env: #"[{name: GUNICORN_CMD_ARGS, value: "--workers=3"}, {name: WEB_CONCURRENCY, value: "7"}]"#) == 300 << 20)
        #expect(try workers("[gunicorn, app:app]", env: #"[{name: WEB_CONCURRENCY, value: "7"}]"#) == 700 << 20)
        #expect(try workers("[python, -m, uvicorn, app:app, --workers, \"5\"]") == 500 << 20)
        #expect(try workers("[celery, -A, proj, worker, --concurrency=2]") == 200 << 20)
        #expect(try workers("[celery, -A, proj, worker]") == nil)
    }
}

@Suite struct NodeFlagNameTests {
    /// The byte-wise flag name is what splitting on "=" and replacing "_" made of it.
    @Test func normalizedAsSplittingAndReplacing() {
        let tokens = ["--max-old-space-size=512", "--max_old_space_size=512", "--max_semi_space_size", "-r", "--x=", "=", "=a_b",
                      "==a", "", "--a_b=c_d", "--한_글=1", "_", "--stack_size=984=x"]
        for token in tokens {
            let old = (token.split(separator: "=", maxSplits: 1).first.map(String.init) ?? token).replacing("_", with: "-")
            #expect(NodeSettings.normalized(token) == old, "\(token)")
        }
    }
}
