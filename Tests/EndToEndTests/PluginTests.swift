import Foundation
import MemlintTestSupport
import Testing

/// Rule plugins through the real CLI: the example plugin (Tests/ExamplePlugin/memlint_acme.py)
/// on Fixtures/plugins as docs/custom-rules.md shows it, with positions, related places,
/// suppressions, severities from .lint.yml and SARIF; every way a plugin can fail; and the model
/// plugins receive checked against docs/model.schema.json.
@Suite struct PluginTests {
    static var folder: URL { TestPaths.fixtures.appendingPathComponent("plugins") }
    static var doc: String { (try? String(contentsOf: TestPaths.packageRoot.appendingPathComponent("docs/custom-rules.md"), encoding: .utf8)) ?? "" }

    /// A copy of Fixtures/plugins with `.lint.yml` replaced (when given) and `files` added.
    static func workspace(lintYML: String? = nil, files: [String: String] = [:]) throws -> URL {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("memlint-plugins-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: folder.appendingPathComponent("services.yaml"), to: work.appendingPathComponent("services.yaml"))
        let plugin = TestPaths.packageRoot.appendingPathComponent("Tests/ExamplePlugin/memlint_acme.py").path
        let fixture = try String(contentsOf: folder.appendingPathComponent(".lint.yml"), encoding: .utf8)
        let config = lintYML ?? fixture.replacingOccurrences(of: "../../Tests/ExamplePlugin/memlint_acme.py", with: plugin)
        try config.write(to: work.appendingPathComponent(".lint.yml"), atomically: true, encoding: .utf8)
        for (name, text) in files { try text.write(to: work.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return work
    }

    @Test func theExamplePluginReportsWhatTheDocSays() throws {
        let result = try runMemlint(["check", "--select", "ACME", "."], in: Self.folder)
        let documented = Self.doc.components(separatedBy: "```text plugin\n").dropFirst().first?.components(separatedBy: "```")[0]
        #expect(result.stdout == documented, "\(result.stdout)")
        #expect(result.status == 1)
        // The doc's .lint.yml is the fixture's.
        let config = try String(contentsOf: Self.folder.appendingPathComponent(".lint.yml"), encoding: .utf8)
        #expect(Self.doc.contains("```yaml\n" + config + "```"), "docs/custom-rules.md shows Fixtures/plugins/.lint.yml")
    }

    @Test func pluginFindingsHaveRelatedPlacesSeveritiesAndSARIF() throws {
        let json = try runMemlint(["check", "--format", "json", "--select", "ACME", "."], in: Self.folder)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = document["diagnostics"] as? [[String: Any]] ?? []
        let budget = try #require(findings.first { $0["code"] as? String == "ACME011" })
        // `rules: {namespace-memory-budget: warning}` wins over the plugin's error.
        #expect(budget["severity"] as? String == "warning")
        #expect(budget["container"] as? String == "orders" && budget["line"] as? Int == 24 && budget["column"] as? Int == 40)
        let related = budget["related"] as? [[String: Any]] ?? []
        #expect(related.count == 1 && related.first?["line"] as? Int == 12 && related.first?["message"] as? String == "also counted", "\(related)")
        let workers = try #require(findings.first { $0["code"] as? String == "ACME010" })
        #expect(workers["severity"] as? String == "warning" && workers["column"] as? Int == 67, "\(workers)")

        let sarif = try runMemlint(["check", "--format", "sarif", "."], in: Self.folder)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let rules = ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]] ?? []
        let rule = try #require(rules.first { $0["id"] as? String == "ACME010" })
        #expect("\(rule)".contains("Raise the limit to workers × 150Mi, or run fewer workers."))
        try validateSARIF(sarif.stdout)
    }

    @Test func pluginFindingsAreSuppressedAndSwitchedOff() throws {
        let work = try Self.workspace()
        let services = work.appendingPathComponent("services.yaml")
        let text = try String(contentsOf: services, encoding: .utf8)
        try text.replacingOccurrences(of: "limits: {memory: 512Mi}}", with: "limits: {memory: 512Mi}}   # memlint:ignore ACME010 measured at 120Mi")
            .write(to: services, atomically: true, encoding: .utf8)
        let suppressed = try runMemlint(["check", "--select", "ACME,M", "."], in: work)
        #expect(!suppressed.stdout.contains("[ACME010]") && suppressed.stdout.contains("[ACME011]"), "\(suppressed.stdout)")
        #expect(suppressed.stderr.contains("1 suppressed") && !suppressed.stdout.contains("[M001]"), "\(suppressed.stdout)\(suppressed.stderr)")
        let ignored = try runMemlint(["check", "--ignore", "namespace-memory-budget", "--select", "ACME", "."], in: work)
        #expect(ignored.stdout.isEmpty && ignored.status == 0, "\(ignored.stdout)")
        let noPlugins = try runMemlint(["check", "--no-plugins", "."], in: work)
        #expect(!noPlugins.stdout.contains("[ACME"), "\(noPlugins.stdout)")
    }

    @Test func everyWayAPluginFailsIsOneFindingAtItsEntry() throws {
        let bad = """
            import json, sys, time
            mode = sys.argv[1]
            request = json.load(sys.stdin)
            if mode == "crash": raise SystemExit("cannot read the model")
            if mode == "hang": time.sleep(60)
            if mode == "prose": print("all good!")
            if mode == "shape": print(json.dumps({"rules": [{"code": "X1", "summary": "s"}]}))
            if mode == "builtin":
                print(json.dumps({"rules": [{"code": "K8S001", "name": "mine", "summary": "s"}, {"code": "ZZ1", "name": "zz", "summary": "s"}],
                                  "diagnostics": [{"code": "K8S001", "at": "c0", "message": "m"},
                                                  {"code": "ZZ1", "at": "c1#container.memory.limit", "message": "still reported"},
                                                  {"code": "QQ1", "at": "c0", "message": "m"},
                                                  {"code": "ZZ1", "at": "c99", "message": "m"}]}))

            """
        let config = """
            plugins:
              - name: crash
                command: [python3, bad.py, crash]
              - name: hang
                command: [python3, bad.py, hang]
                timeout: 1
              - name: prose
                command: [python3, bad.py, prose]
              - name: shape
                command: [python3, bad.py, shape]
              - name: builtin
                command: [python3, bad.py, builtin]
              - name: missing
                command: [./not-there.py]

            """
        let work = try Self.workspace(lintYML: config, files: ["bad.py": bad])
        let started = Date()
        let result = try runMemlint(["check", "."], in: work)
        #expect(Date().timeIntervalSince(started) < 20, "the hanging plugin was stopped at its timeout")
        let expected = [
            ".lint.yml:2:11: error: plugin 'crash' exited with status 1; it said: cannot read the model [M002]",
            ".lint.yml:4:11: error: plugin 'hang' did not answer within 1 s and was stopped (raise its timeout: in .lint.yml) [M002]",
            ".lint.yml:7:11: error: plugin 'prose' wrote invalid JSON on stdout (it begins: all good!) [M002]",
            ".lint.yml:9:11: error: plugin 'shape' answered outside the protocol: 'rules[0].name' is missing [M002]",
            ".lint.yml:11:11: error: plugin 'builtin' describes rule K8S001: the code is already a rule's; its findings are dropped [M002]",
            ".lint.yml:11:11: error: plugin 'builtin' reported QQ1, a rule it did not describe [M002]",
            ".lint.yml:11:11: error: plugin 'builtin' reported ZZ1 at 'c99', a handle that names no container of the request [M002]",
            ".lint.yml:13:11: error: plugin 'missing' cannot be started: no program './not-there.py' in \(work.path) [M002]",
        ]
        for line in expected { #expect(result.stdout.contains(line + "\n"), "\(line)\n---\n\(result.stdout)") }
        // The rest of the run goes on: the good rule of a bad plugin, and memlint's own rules.
        #expect(result.stdout.contains("warning: still reported (container 'orders' of Deployment/orders) [ZZ1]"), "\(result.stdout)")
        #expect(result.stdout.contains("[PY001]"))
        #expect(result.status == 1)
        // Even when --select leaves M002 out, a plugin that did not run is reported.
        let selected = try runMemlint(["check", "--select", "ZZ1", "."], in: work)
        #expect(selected.stdout.contains("[M002]"), "\(selected.stdout)")
        let sarif = try runMemlint(["check", "--select", "ZZ1", "--format", "sarif", "."], in: work)
        try validateSARIF(sarif.stdout)
    }

    @Test func rulesNamingNoPluginRuleAreReportedOnceThePluginsAnswered() throws {
        let work = try Self.workspace(lintYML: """
            plugins:
              - name: acme
                command: [python3, \(TestPaths.packageRoot.path)/Tests/ExamplePlugin/memlint_acme.py]
            rules:
              ACME010: note
              ACME099: off
              python-worker-memry: error
            """)
        let result = try runMemlint(["check", "."], in: work)
        #expect(result.stdout.contains(".lint.yml:6:3: error: rules: 'ACME099' names no rule of memlint or of its plugins ('acme') [M002]"), "\(result.stdout)")
        #expect(result.stdout.contains(".lint.yml:7:3: error: rules: 'python-worker-memry'"), "\(result.stdout)")
        #expect(result.stdout.contains("note: 4 workers need 600Mi"), "\(result.stdout)")
        let unknown = try runMemlint(["check", "--select", "ACME2", "."], in: work)
        #expect(unknown.status == 2 && unknown.stderr.contains("--select: 'ACME2' matches no rule code, prefix or name, not even a plugin's"), "\(unknown.stderr)")
        let bad = try runMemlint(["check", "."], in: try Self.workspace(lintYML: "plugins:\n  - {name: Acme, command: python3 x.py}\n  - name: b\n"))
        #expect(bad.status == 2)
        #expect(bad.stderr.contains(".lint.yml:2:12: error: a plugin's name is lowercase words joined by '-', like acme; got 'Acme'"), "\(bad.stderr)")
        #expect(bad.stderr.contains(".lint.yml:2:27: error: a plugin's command is a non-empty list of words"), "\(bad.stderr)")
        #expect(bad.stderr.contains(".lint.yml:3:5: error: a plugin needs 'command'"), "\(bad.stderr)")
    }

    @Test func rulesListsThePluginsRules() throws {
        let listed = try runMemlint(["rules"], in: Self.folder)
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("ACME011  namespace-memory-budget"), "\(listed.stdout)")
        #expect(listed.stdout.contains("Plugin acme"))
        let one = try runMemlint(["rules", "python-worker-memory"], in: Self.folder)
        #expect(one.stdout.hasPrefix("ACME010 python-worker-memory (Plugin acme, default severity warning)"), "\(one.stdout)")
        let without = try runMemlint(["rules", "--no-plugins"], in: Self.folder)
        #expect(!without.stdout.contains("ACME010"))
    }

    /// What a plugin reads on stdin and what `explain --format json` prints are the documented model.
    @Test func theRequestAndExplainFollowTheSchema() throws {
        let capture = """
            import json, sys
            request = json.load(sys.stdin)
            json.dump(request, open("request.json", "w"))
            json.dump({"rules": []}, sys.stdout)

            """
        let work = try Self.workspace(lintYML: "plugins:\n  - {name: capture, command: [python3, capture.py]}\n", files: ["capture.py": capture])
        _ = try runMemlint(["check", "."], in: work)
        let request = try String(contentsOf: work.appendingPathComponent("request.json"), encoding: .utf8)
        let explain = try runMemlint(["explain", "--format", "json", "."], in: work)
        let schema = TestPaths.packageRoot.appendingPathComponent("docs/model.schema.json").path
        let check = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            for name in sys.argv[2:]:
                document = json.load(open(name))
                assert len(document["containers"]) == 3, name
                for error in jsonschema.Draft202012Validator(schema).iter_errors(document):
                    print(name, "/".join(map(str, error.path)), error.message[:200])

            """
        try explain.stdout.write(to: work.appendingPathComponent("explain.json"), atomically: true, encoding: .utf8)
        try check.write(to: work.appendingPathComponent("check.py"), atomically: true, encoding: .utf8)
        let result = try runPython(["check.py", schema, "request.json", "explain.json"], in: work)
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result.stdout)\(result.stderr)")
        #expect(request.contains("\"request\": \"check\"") && request.contains("\"handle\": \"c0#container.memory.limit\""), "\(request.prefix(400))")
    }

    @Test func theSchemaFileIsWhatExplainPrints() throws {
        let printed = try runMemlint(["explain", "--schema"])
        let path = TestPaths.packageRoot.appendingPathComponent("docs/model.schema.json")
        if ProcessInfo.processInfo.environment["MEMLINT_UPDATE_FIXTURES"] == "1" { try printed.stdout.write(to: path, atomically: true, encoding: .utf8) }
        #expect(try String(contentsOf: path, encoding: .utf8) == printed.stdout, "docs/model.schema.json is stale: memlint explain --schema > docs/model.schema.json")
    }
}
