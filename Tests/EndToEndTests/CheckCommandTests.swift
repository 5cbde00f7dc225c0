import Foundation
import MemlintTestSupport
import Testing

/// Runs the built binary as a user would and compares with `Fixtures/expected/`.
/// `MEMLINT_UPDATE_FIXTURES=1 swift test` rewrites the expected files; review the diff in git.
@Suite struct CheckCommandTests {
    static let update = ProcessInfo.processInfo.environment["MEMLINT_UPDATE_FIXTURES"] == "1"

    func compare(_ actual: String, with name: String) throws {
        let url = TestPaths.fixtures.appendingPathComponent("expected/\(name)")
        if Self.update { try actual.write(to: url, atomically: true, encoding: .utf8) }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "output differs from Fixtures/expected/\(name); rerun with MEMLINT_UPDATE_FIXTURES=1 and review the diff")
    }

    @Test func fixturesGiveTheExpectedDiagnosticsAndExitOne() throws {
        let result = try runMemlint(["check", "Fixtures/"])
        #expect(result.status == 1)
        try compare(result.stdout, with: "check.txt")
        #expect(result.stderr.contains("memlint: "), "summary goes to stderr")
        #expect(!result.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    /// Every report format on the Fixtures run, as golden files a person reviews in the diff. SARIF's
    /// scan root is the checkout's absolute path, written as file:///ROOT/ in the golden file.
    @Test(arguments: [("json", "check.json"), ("sarif", "check.sarif"), ("github", "check.github.txt"),
                      ("junit", "check.junit.xml"), ("gitlab", "check.gitlab.json")])
    func everyFormatMatchesItsGoldenFile(format: String, golden: String) throws {
        let result = try runMemlint(["check", "--format", format, "Fixtures/"])
        #expect(result.status == 1)
        let root = URL(fileURLWithPath: TestPaths.packageRoot.path, isDirectory: true).absoluteString
        try compare(result.stdout.replacingOccurrences(of: root, with: "file:///ROOT/"), with: golden)
    }

    @Test(arguments: ["text", "json"])
    func explainMatchesItsGoldenFile(format: String) throws {
        let result = try runMemlint(["explain", "--format", format, "Fixtures/"])
        #expect(result.status == 0)
        #expect(!result.stdout.contains("\\/"), "JSON writes / as it is, like check's JSON")
        try compare(result.stdout, with: "explain.\(format == "json" ? "json" : "txt")")
    }

    @Test func checkIsTheDefaultCommand() throws {
        let explicit = try runMemlint(["check", "Fixtures/manifests/shop"])
        let implicit = try runMemlint(["Fixtures/manifests/shop"])
        #expect(implicit.stdout == explicit.stdout)
        #expect(implicit.status == explicit.status)
    }

    @Test func cleanFolderExitsZero() throws {
        let result = try runMemlint(["check", "Fixtures/clean"])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
    }

    @Test func missingPathIsAUsageError() throws {
        let result = try runMemlint(["check", "Fixtures/does-not-exist"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("does-not-exist"))
    }

    @Test func badOptionIsAUsageError() throws {
        #expect(try runMemlint(["check", "--fail-on", "sometimes", "Fixtures/clean"]).status == 2)
        #expect(try runMemlint(["check", "--no-such-flag"]).status == 2)
    }

    @Test func syntaxErrorInSecondDocumentStillLintsTheFirstAndOtherFiles() throws {
        let result = try runMemlint(["check", "Fixtures/manifests/platform"])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("Fixtures/manifests/platform/half-merged.yaml:23:1: error: ") && $0.hasSuffix("[E001]") })
        #expect(lines.contains { $0.hasPrefix("Fixtures/manifests/platform/half-merged.yaml:9:13: warning: ") && $0.contains("'sidecar'") })
        #expect(!result.stdout.contains("never-checked"), "documents after the error are not read")
        #expect(lines.contains { $0.hasPrefix("Fixtures/manifests/platform/monitoring.yaml:") })
    }

    @Test func failOnThresholds() throws {
        // storefront.yaml has errors only; exported-list.yaml has one warning.
        #expect(try runMemlint(["check", "--fail-on", "error", "Fixtures/manifests/batch/exported-list.yaml"]).status == 0)
        #expect(try runMemlint(["check", "--fail-on", "warning", "Fixtures/manifests/batch/exported-list.yaml"]).status == 1)
        #expect(try runMemlint(["check", "--fail-on", "never", "Fixtures/"]).status == 0)
    }

    @Test func standardInputWithAReportedName() throws {
        let manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n"
        let result = try runMemlint(["check", "-", "--stdin-filename", "rendered.yaml"], stdin: manifest)
        #expect(result.status == 1)
        #expect(result.stdout == "rendered.yaml:6:13: warning: no memory limit: the container may use the whole node's memory (container 'app' of Pod/p) [K8S001]\n")
    }

    @Test func colourOnlyWhenAsked() throws {
        let coloured = try runMemlint(["check", "--color", "always", "Fixtures/manifests/shop"])
        #expect(coloured.stdout.contains("\u{1B}["))
        let plain = try runMemlint(["check", "--color", "always", "--no-color", "Fixtures/manifests/shop"])
        #expect(!plain.stdout.contains("\u{1B}["))
    }

    @Test func versionAndHelp() throws {
        let version = try runMemlint(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("0."))
        let help = try runMemlint(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Examples:"))
        #expect(!help.stdout.contains("debug"), "debug stays hidden")
    }

    @Test func debugYAMLEventsRendersTheTree() throws {
        let result = try runMemlint(["debug", "yaml-events", "-"], stdin: "a: &x [1, '2']\nb: *x\n")
        #expect(result.status == 0)
        #expect(result.stdout == "+STR\n+DOC\n+MAP\n=VAL :a\n+SEQ [] &x\n=VAL :1\n=VAL '2\n-SEQ\n=VAL :b\n=ALI *x\n-MAP\n-DOC\n-STR\n")
        let broken = try runMemlint(["debug", "yaml-events", "-"], stdin: "a: [1\n")
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("[E001]"))
    }
}

@Suite struct DockerfileCommandTests {
    @Test func verboseListsRuntimeLinkAndCommand() throws {
        let result = try runMemlint(["check", "-v", "Fixtures/services"])
        #expect(result.stderr.contains("runtime: go (high: Go build stage golang:1.22"))
        #expect(result.stderr.contains("dockerfile: Fixtures/services/frontend/Dockerfile.prod (skaffold.yaml artifact)"))
        #expect(result.stderr.contains("dockerfile: Fixtures/services/recommender/Dockerfile (folder name 'recommender')"))
        #expect(result.stderr.contains("dockerfile: Fixtures/services/cart/Dockerfile (images entry 'registry.example.com/shop/cart:*' in .lint.yml)"))
        #expect(result.stderr.contains("command: gunicorn -w 8 -b 0.0.0.0:8000 recommender.wsgi:app (inside sh -c)"))
    }

    @Test func debugDockerfileAST() throws {
        let good = try runMemlint(["debug", "dockerfile-ast", "Fixtures/services/cart/Dockerfile"])
        #expect(good.status == 0)
        #expect(good.stdout.contains("(env \"JAVA_TOOL_OPTIONS\" \"\\\"-XX:+ExitOnOutOfMemoryError     -Xmx384m\\\"\" \"=\")"))
        let bad = try runMemlint(["debug", "dockerfile-ast", "-"], stdin: "FROM a\nENV lonely\n")
        #expect(bad.status == 1)
        #expect(bad.stderr == "-:2:5: error: ENV must have two arguments [E002]\n")
    }

    @Test func brokenDockerfileIsAFindingAndTheRunGoesOn() throws {
        let result = try runMemlint(["check", "-", "--stdin-filename", "svc/Dockerfile"], stdin: "FROM a\nCMD [\"java\", 1]\n")
        #expect(result.status == 1)
        #expect(result.stdout == "svc/Dockerfile:2:5: error: when using JSON array syntax, arrays must be comprised of strings only [E002]\n")
    }
}

@Suite struct ExplainCommandTests {
    @Test func explainShowsTheBudgetTermByTerm() throws {
        let result = try runMemlint(["explain", "Fixtures/services", "--container", "cart"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("heap               384Mi  -Xmx384m at Fixtures/services/cart/Dockerfile:12:5"))
        #expect(result.stdout.contains("thread stacks     12.5Mi  assumption threads=50 × 256Ki of 1Mi stack (assumed resident)"))
        #expect(result.stdout.contains("total            552.5Mi"))
        #expect(result.stdout.contains("verdict:  over the limit by 40.5Mi"))
    }

    @Test func explainJSONIsAVersionedDocument() throws {
        let result = try runMemlint(["explain", "--format", "json", "Fixtures/services"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["schemaVersion"] as? Int == 1)
        let containers = try #require(json["containers"] as? [[String: Any]])
        #expect(containers.count == 4)
        let cart = try #require(containers.first { ($0["container"] as? [String: Any])?["name"] as? String == "cart" })
        let budget = try #require(cart["budget"] as? [String: Any])
        #expect(budget["total"] as? Int == 1105 << 19)  // 552.5Mi
        #expect((cart["runtime"] as? [String: Any])?["name"] as? String == "jvm")
        let explained = try #require(cart["explain"] as? [String: Any])
        #expect((explained["budget"] as? [String: Any])?["verdict"] as? String == "over the limit by 40.5Mi")
    }
}
