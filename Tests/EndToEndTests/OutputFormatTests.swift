import Foundation
import MemlintTestSupport
import Testing

/// Every output format, the exit codes, and the integrations' contracts.
@Suite struct OutputFormatTests {
    static var validator: URL? {
        guard let shared = TestPaths.shared else { return nil }
        let tool = shared.appendingPathComponent("tools/validate-sarif")
        return FileManager.default.fileExists(atPath: tool.path) ? tool : nil
    }

    /// python3 with jsonschema, which the validator needs. CI has both; elsewhere the test says why it skips.
    static var pythonWithJSONSchema: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import jsonschema"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test(.enabled(if: validator != nil && pythonWithJSONSchema, "needs ../shared/tools/validate-sarif and python3 with jsonschema"))
    func sarifOfTheFixturesValidates() throws {
        let sarif = try runMemlint(["check", "--format", "sarif", "Fixtures/"])
        #expect(sarif.status == 1)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("memlint-\(UUID().uuidString).sarif")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(sarif.stdout.utf8).write(to: file)
        let process = Process()
        process.executableURL = try #require(Self.validator)
        process.arguments = [file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "validate-sarif: \(output)")
    }

    @Test func sarifCarriesRulesColumnsRelatedLocationsAndSuppressions() throws {
        let sarif = try runMemlint(["check", "--format", "sarif", "Fixtures/"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let run = try #require((json["runs"] as? [[String: Any]])?.first)
        #expect(run["columnKind"] as? String == "utf16CodeUnits")
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.contains { $0["id"] as? String == "JVM001" && ($0["helpUri"] as? String)?.hasSuffix("docs/rules/JVM001.md") == true })
        let results = try #require(run["results"] as? [[String: Any]])
        // The Hangul line: column 124 in characters is also 124 UTF-16 units (Hangul is in the BMP).
        let grafana = try #require(results.first {
            ($0["message"] as? [String: Any])?["text"].map { "\($0)" }?.contains("512mi") == true && "\($0["locations"] ?? "")".contains("monitoring.yaml")
        })
        let region = try #require((((grafana["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"]) as? [String: Any])
        #expect(region["startColumn"] as? Int == 124)
        #expect((region["snippet"] as? [String: Any])?["text"] != nil)
        // Its fix replaces 512mi, in the same UTF-16 columns as the result.
        let fix = try #require((grafana["fixes"] as? [[String: Any]])?.first)
        let replacement = try #require(((fix["artifactChanges"] as? [[String: Any]])?.first?["replacements"] as? [[String: Any]])?.first)
        #expect((replacement["deletedRegion"] as? [String: Any])?["startColumn"] as? Int == 124)
        #expect((replacement["insertedContent"] as? [String: Any])?["text"] as? String == "512Mi")
        let limitRange = try #require(results.first { $0["ruleId"] as? String == "K8S002" && ($0["relatedLocations"] as? [[String: Any]])?.isEmpty == false })
        #expect(limitRange["partialFingerprints"] != nil)
        let suppressed = results.filter { $0["suppressions"] != nil }
        #expect(suppressed.count == 3)
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["exitCode"] as? Int == 1)
        #expect(invocation["executionSuccessful"] as? Bool == true)
    }

    @Test func problemMatcherReadsTheTextFormat() throws {
        let matcherFile = TestPaths.packageRoot.appendingPathComponent(".github/memlint-problem-matcher.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: matcherFile)) as? [String: Any])
        let matchers = try #require(json["problemMatcher"] as? [[String: Any]])
        let output = try runMemlint(["check", "Fixtures/"]).stdout.split(separator: "\n").map(String.init)
        #expect(!output.isEmpty)
        var matchedSeverities = Set<String>()
        for line in output {
            var matched = false
            for matcher in matchers {
                let pattern = try #require((matcher["pattern"] as? [[String: Any]])?.first)
                let regex = try NSRegularExpression(pattern: try #require(pattern["regexp"] as? String))
                guard let match = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { continue }
                func group(_ key: String) -> String? {
                    guard let index = pattern[key] as? Int, let range = Range(match.range(at: index), in: line) else { return nil }
                    return String(line[range])
                }
                let parts = line.split(separator: ":", maxSplits: 3).map(String.init)
                #expect(group("file") == parts[0])
                #expect(group("line") == parts[1])
                #expect(group("column") == parts[2])
                #expect(line.hasSuffix("[\(group("code") ?? "?")]"))
                #expect(group("message").map { line.contains(": \($0) [") } == true)
                let severity = group("severity") ?? (matcher["severity"] as? String ?? "")
                matchedSeverities.insert(severity)
                matched = true
            }
            #expect(matched, "no matcher reads: \(line)")
        }
        #expect(matchedSeverities == ["error", "warning", "notice"])
    }

    @Test(arguments: ["text", "json", "sarif", "github", "junit", "gitlab"])
    func exitCodesAreTheSameInEveryFormat(format: String) throws {
        #expect(try runMemlint(["check", "--format", format, "Fixtures/clean"]).status == 0)
        #expect(try runMemlint(["check", "--format", format, "Fixtures/manifests/shop"]).status == 1)
        #expect(try runMemlint(["check", "--format", format, "--exit-zero", "Fixtures/manifests/shop"]).status == 0)
        #expect(try runMemlint(["check", "--format", format, "--fail-on", "never", "Fixtures/manifests/shop"]).status == 0)
        #expect(try runMemlint(["check", "--format", format, "--exit-zero", "no/such/path"]).status == 2)
        let repo = FileManager.default.temporaryDirectory.appendingPathComponent("memlint-fmt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: repo) }
        try FileManager.default.createDirectory(at: repo.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try "failOn: sometimes\n".write(to: repo.appendingPathComponent(".lint.yml"), atomically: true, encoding: .utf8)
        let configError = try runMemlint(["check", "--format", format, "--exit-zero", "."], in: repo)
        #expect(configError.status == 2)
        if format != "text" { #expect(!configError.stdout.isEmpty, "a \(format) report even for a configuration error") }
    }

    @Test(arguments: ["json", "sarif", "gitlab", "junit"])
    func zeroFilesStillGiveAValidDocument(format: String) throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("memlint-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = try runMemlint(["check", "--no-config", "--format", format, "."], in: empty)
        #expect(result.status == 0)
        if format == "junit" {
            #expect(result.stdout.contains("<testsuites name=\"memlint\" tests=\"0\" failures=\"0\">"))
        } else {
            #expect((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil, "not JSON: \(result.stdout)")
        }
    }

    @Test func configurationErrorsReachSARIF() throws {
        let repo = FileManager.default.temporaryDirectory.appendingPathComponent("memlint-cfg-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: repo) }
        try FileManager.default.createDirectory(at: repo.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try "rulez: {}\n".write(to: repo.appendingPathComponent(".lint.yml"), atomically: true, encoding: .utf8)
        let result = try runMemlint(["check", "--format", "sarif", "."], in: repo)
        #expect(result.stdout.contains("\"executionSuccessful\" : false"))
        #expect(result.stdout.contains("unknown key 'rulez'; did you mean 'rules'?"))
    }

    @Test func jsonHasTheDocumentedFields() throws {
        let result = try runMemlint(["check", "--format", "json", "Fixtures/services"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["version"] as? Int == 1)
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        let jvm = try #require(diagnostics.first { $0["code"] as? String == "JVM001" })
        for key in ["name", "severity", "message", "file", "line", "column", "endLine", "endColumn", "related", "fix", "workload", "container", "runtime", "suppressed"] {
            #expect(jvm[key] != nil, "JVM001 lacks \(key)")
        }
        #expect(jvm["runtime"] as? String == "jvm")
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["errors"] as? Int == diagnostics.filter { $0["severity"] as? String == "error" }.count)
    }

    @Test func outputFileGetsTheReportAndStdoutStaysEmpty() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("memlint-out-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try runMemlint(["check", "--format", "json", "--output", file.path, "Fixtures/manifests/shop"])
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("memlint: "))
        #expect((try? JSONSerialization.jsonObject(with: Data(contentsOf: file))) != nil)
    }

    @Test func githubAndGitLabFormats() throws {
        let github = try runMemlint(["check", "--format", "github", "Fixtures/manifests/platform/ingress.yaml"])
        #expect(github.stdout.contains("::notice file=Fixtures/manifests/platform/ingress.yaml,line=29,col=38,"))
        #expect(github.stdout.contains("title=memlint M001::"))
        let gitlab = try runMemlint(["check", "--format", "gitlab", "Fixtures/manifests/shop"])
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(gitlab.stdout.utf8)) as? [[String: Any]])
        #expect(issues.allSatisfy { $0["fingerprint"] is String && $0["check_name"] is String })
        #expect(Set(issues.compactMap { $0["fingerprint"] as? String }).count == issues.count)
    }
}

/// The binary links FoundationEssentials, never corelibs Foundation: one use of FileHandle,
/// NSString or String(format:) in any module would bring back ICU and its 34 MB (docs/architecture.md).
@Suite struct LinkedLibrariesTests {
    @Test func noCorelibsFoundationNorICU() throws {
        let result = try runProcess(URL(fileURLWithPath: "/usr/bin/ldd"), [TestPaths.binary.path], in: TestPaths.packageRoot)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("libyaml"), "ldd printed: \(result.stdout)")
        for library in ["libFoundation.so", "libFoundationInternationalization.so", "lib_FoundationICU.so"] {
            #expect(!result.stdout.contains(library), "\(library) is linked: \(result.stdout)")
        }
    }
}
