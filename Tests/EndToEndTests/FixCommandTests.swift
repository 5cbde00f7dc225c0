import Foundation
import MemlintTestSupport
import Testing

/// `check --fix`, `--unsafe-fixes` and `--diff` on `Fixtures/fixing/`: whole files compared byte for
/// byte with `<name>.fixed` (safe and unsafe) and `<name>.safe.fixed` (safe only), so a BOM, CRLF,
/// Hangul, flow style, comments and anchors are proven to survive. `MEMLINT_UPDATE_FIXTURES=1`
/// rewrites the expected files; review the diff.
@Suite struct FixCommandTests {
    static let inputs = ["crlf-bom.yaml", "flow-and-anchors.yaml", "java.yaml", "removals.yaml", "suppressions.yaml"]
    static var folder: URL { TestPaths.fixtures.appendingPathComponent("fixing") }

    /// A scratch copy of the fixing fixtures.
    func copy() throws -> URL {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("memlint-fix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        for name in Self.inputs {
            try FileManager.default.copyItem(at: Self.folder.appendingPathComponent(name), to: work.appendingPathComponent(name))
        }
        return work
    }

    func expect(_ work: URL, suffix: String) throws {
        for name in Self.inputs {
            let actual = try Data(contentsOf: work.appendingPathComponent(name))
            let expectedURL = Self.folder.appendingPathComponent(name + suffix)
            if CheckCommandTests.update { try actual.write(to: expectedURL) }
            #expect(actual == (try Data(contentsOf: expectedURL)), "\(name) differs from \(name)\(suffix)")
        }
    }

    @Test(arguments: [(["--fix"], ".safe.fixed"), (["--fix", "--unsafe-fixes"], ".fixed")])
    func fixRewritesOnlyTheFixedValues(flags: [String], suffix: String) throws {
        let work = try copy()
        let first = try runMemlint(["check", "--no-config"] + flags + Self.inputs, in: work)
        #expect(first.stderr.contains(" fixed"), "\(first.stderr)")
        try expect(work, suffix: suffix)
        // Fixing again changes nothing.
        let second = try runMemlint(["check", "--no-config"] + flags + Self.inputs, in: work)
        #expect(!second.stderr.contains(" fixed"), "\(second.stderr)")
        try expect(work, suffix: suffix)
    }

    @Test func safeFixesLeaveBehaviourChangesForUnsafeFixes() throws {
        let work = try copy()
        let result = try runMemlint(["check", "--no-config", "--fix"] + Self.inputs, in: work)
        #expect(result.stderr.contains("more with --unsafe-fixes"), "\(result.stderr)")
        let java = try String(contentsOf: work.appendingPathComponent("java.yaml"), encoding: .utf8)
        #expect(java.contains("-Xms1g -Xmx1g"), "a smaller heap is not a safe fix")
    }

    @Test func diffShowsWhatFixDoesAndPatchAppliesIt() throws {
        let work = try copy()
        let diff = try runMemlint(["check", "--no-config", "--diff", "--unsafe-fixes"] + Self.inputs, in: work)
        #expect(diff.status == 1, "something to fix: exit 1")
        #expect(diff.stdout.hasPrefix("--- a/"))
        for name in Self.inputs {
            let unchanged = try Data(contentsOf: work.appendingPathComponent(name))
            #expect(unchanged == (try Data(contentsOf: Self.folder.appendingPathComponent(name))), "--diff changes nothing")
        }
        // The real patch(1) turns the originals into what --fix writes.
        let patch = Process()
        patch.executableURL = URL(fileURLWithPath: "/usr/bin/patch")
        patch.arguments = ["-p1", "--quiet", "--binary"]
        patch.currentDirectoryURL = work
        let input = Pipe()
        patch.standardInput = input
        try patch.run()
        input.fileHandleForWriting.write(Data(diff.stdout.utf8))
        try input.fileHandleForWriting.close()
        patch.waitUntilExit()
        #expect(patch.terminationStatus == 0)
        try expect(work, suffix: ".fixed")
        let clean = try runMemlint(["check", "--no-config", "--diff", "--unsafe-fixes"] + Self.inputs, in: work)
        #expect(clean.stdout.isEmpty && clean.status == 0, "nothing left to fix: \(clean.stdout)")
    }

    /// `--fix` fixes only what the run reports: `--select`, `--ignore`, `.lint.yml` and suppressions
    /// decide, as for the findings.
    @Test func fixFollowsSelectionConfigurationAndSuppressions() throws {
        let original = try String(contentsOf: Self.folder.appendingPathComponent("crlf-bom.yaml"), encoding: .utf8)
        func fixed(_ arguments: [String], config: String? = nil, text: String = original) throws -> String {
            let work = try copy()
            if let config { try config.write(to: work.appendingPathComponent(".lint.yml"), atomically: true, encoding: .utf8) }
            try text.write(to: work.appendingPathComponent("crlf-bom.yaml"), atomically: true, encoding: .utf8)
            _ = try runMemlint(["check", "--fix", "--unsafe-fixes"] + arguments + ["crlf-bom.yaml"], in: work)
            return try String(contentsOf: work.appendingPathComponent("crlf-bom.yaml"), encoding: .utf8)
        }
        let onlyGo = try fixed(["--no-config", "--select", "GO004"])
        #expect(onlyGo.contains("\"450MiB\"") && onlyGo.contains("512mi"), "--select GO004 fixes GOMEMLIMIT alone")
        let notGo = try fixed(["--no-config", "--ignore", "GO004"])
        #expect(notGo.contains("\"450Mi\"") && notGo.contains("512Mi}") && !notGo.contains("512mi"))
        let configured = try fixed([], config: "rules:\n  GO004: off\n")
        #expect(configured.contains("\"450Mi\"") && !configured.contains("512mi"), ".lint.yml turns GO004 and its fix off")
        let suppressed = try fixed(["--no-config"], text: original.replacingOccurrences(of: "\"450Mi\"   #", with: "\"450Mi\"   # memlint:ignore GO004 migrating;"))
        #expect(suppressed.contains("\"450Mi\"") && !suppressed.contains("512mi"), "a suppressed finding is not fixed")
    }

    @Test func fixAndDiffTogetherAreAUsageError() throws {
        #expect(try runMemlint(["check", "--fix", "--diff", "Fixtures/fixing"]).status == 2)
    }

    @Test func fixesAppearInJSONAndSARIF() throws {
        let json = try runMemlint(["check", "--no-config", "--format", "json", "Fixtures/fixing/crlf-bom.yaml"])
        #expect(json.stdout.contains("\"applicability\" : \"safe\"") && json.stdout.contains("\"text\" : \"450MiB\""), "\(json.stdout)")
        let sarif = try runMemlint(["check", "--no-config", "--format", "sarif", "Fixtures/fixing/crlf-bom.yaml"])
        #expect(sarif.stdout.contains("\"artifactChanges\"") && sarif.stdout.contains("\"insertedContent\""))
    }

    @Test func aDockerfileOneContainerUsesIsFixedThereAndASharedOneIsNot() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("memlint-fix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("app"), withIntermediateDirectories: true)
        let dockerfile = "FROM eclipse-temurin:17-jre\r\n# 한글 주석\r\nRUN\tapt-get update\r\nCMD [\"java\", \"-Xmx480m\", \"-jar\", \"/app.jar\"]\r\n"
        try dockerfile.write(to: work.appendingPathComponent("app/Dockerfile"), atomically: true, encoding: .utf8)
        let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: NAME}\nspec:\n  containers:\n    - name: app\n      image: app:1\n      resources: {limits: {memory: 512Mi}}\n"
        try pod.replacingOccurrences(of: "NAME", with: "one").write(to: work.appendingPathComponent("app/pod.yaml"), atomically: true, encoding: .utf8)
        try "images:\n  - match: \"app:*\"\n    dockerfile: app/Dockerfile\n".write(to: work.appendingPathComponent(".lint.yml"), atomically: true, encoding: .utf8)
        _ = try runMemlint(["check", "--fix", "--unsafe-fixes", "."], in: work)
        let fixed = try String(contentsOf: work.appendingPathComponent("app/Dockerfile"), encoding: .utf8)
        #expect(fixed == dockerfile.replacingOccurrences(of: "-Xmx480m", with: "-Xmx342m"), "only the flag changes: \(fixed)")

        // A second pod on the same image under another limit: the Dockerfile is shared, and the heap
        // that fits one does not fit the other, so the fix stays a suggestion.
        try dockerfile.write(to: work.appendingPathComponent("app/Dockerfile"), atomically: true, encoding: .utf8)
        let other = pod.replacingOccurrences(of: "NAME", with: "two").replacingOccurrences(of: "512Mi", with: "500Mi")
        try other.write(to: work.appendingPathComponent("app/pod2.yaml"), atomically: true, encoding: .utf8)
        let shared = try runMemlint(["check", "--fix", "--unsafe-fixes", "--format", "json", "."], in: work)
        #expect(try String(contentsOf: work.appendingPathComponent("app/Dockerfile"), encoding: .utf8) == dockerfile)
        #expect(shared.stdout.contains("not fixed automatically: app/Dockerfile:4 is read by 2 containers, and not all of them get this fix"), "\(shared.stdout)")

        // Under the same limit both get the same heap: the one source is fixed for both.
        try pod.replacingOccurrences(of: "NAME", with: "two").write(to: work.appendingPathComponent("app/pod2.yaml"), atomically: true, encoding: .utf8)
        let both = try runMemlint(["check", "--fix", "--unsafe-fixes", "."], in: work)
        #expect(try String(contentsOf: work.appendingPathComponent("app/Dockerfile"), encoding: .utf8) == dockerfile.replacingOccurrences(of: "-Xmx480m", with: "-Xmx342m"))
        #expect(both.stderr.contains("2 fixed"), "\(both.stderr)")
    }

    /// A ConfigMap value is fixed at its one place when every container that reads it gets the
    /// same fix, and left alone (the fix text says why) when one of them would get a wrong value.
    @Test(arguments: [("1Gi", true), ("4Gi", false)])
    func aSharedConfigMapIsFixedOnlyWhenEveryReaderAgrees(otherLimit: String, fixed: Bool) throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("memlint-fix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: go-runtime}\ndata:\n  GOMEMLIMIT: 2GiB   # 공유 설정\n"
        try configMap.write(to: work.appendingPathComponent("runtime.yaml"), atomically: true, encoding: .utf8)
        let pods = """
            apiVersion: v1
            kind: Pod
            metadata: {name: a}
            spec:
              containers:
                - {name: a, image: "golang:1.22", command: [/a], envFrom: [{configMapRef: {name: go-runtime}}], resources: {limits: {memory: 1Gi}}}
                - name: b
                  image: golang:1.22
                  command: [/b]
                  env: [{name: GOMEMLIMIT, valueFrom: {configMapKeyRef: {name: go-runtime, key: GOMEMLIMIT}}}]
                  resources: {limits: {memory: \(otherLimit)}}

            """
        try pods.write(to: work.appendingPathComponent("pods.yaml"), atomically: true, encoding: .utf8)
        let result = try runMemlint(["check", "--no-config", "--fix", "--unsafe-fixes", "--format", "json", "."], in: work)
        let after = try String(contentsOf: work.appendingPathComponent("runtime.yaml"), encoding: .utf8)
        #expect(after == (fixed ? configMap.replacingOccurrences(of: "2GiB", with: "921MiB") : configMap), "\(after)")
        #expect(result.stdout.contains("is read by 2 containers, and not all of them get this fix") == !fixed, "\(result.stdout)")
    }
}
