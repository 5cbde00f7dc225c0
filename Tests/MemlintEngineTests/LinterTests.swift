import Foundation
import MemlintEngine
import MemlintTestSupport
import MemlintPacks
import Testing

@Suite struct LinterTests {
    func lint(_ files: [(String, String)], jobs: Int = 1) -> LintResult {
        let inputs = files.map { InputFile(path: $0.0, contents: .bytes(Array($0.1.utf8))) }
        return TestLinter.make().run(inputs, jobs: jobs)
    }

    @Test func unreadableFileIsReported() {
        let inputs = [InputFile(path: "gone.yaml", contents: .disk(path: "/nonexistent/gone.yaml"))]
        let result = TestLinter.make().run(inputs, jobs: 1)
        #expect(result.diagnostics.map(\.code) == ["E004"])
        #expect(result.diagnostics.first?.message.contains("No such file") == true)
    }

    @Test func limitRangeInAnotherFileSuppliesTheLimitAndIsRelated() throws {
        let result = lint([
            ("a-limits.yaml", "apiVersion: v1\nkind: LimitRange\nmetadata: {name: lr, namespace: ns}\nspec:\n  limits:\n    - type: Container\n      default: {memory: 256Mi}\n"),
            ("b-app.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec:\n  containers:\n    - name: a\n      resources: {requests: {memory: 300Mi}}\n"),
            ("c-other-ns.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: q, namespace: other}\nspec:\n  containers:\n    - name: b\n"),
        ])
        #expect(result.diagnostics.map(\.code) == ["K8S002", "K8S001"])
        let overLimit = try #require(result.diagnostics.first)
        #expect(overLimit.location.path == "b-app.yaml")
        #expect(overLimit.related.first?.location.path == "a-limits.yaml")
        #expect(overLimit.related.first?.location.span.start.line == 7)
        #expect(overLimit.message.contains("LimitRange/lr"))
    }

    @Test func ownLimitIsCopiedIntoAMissingRequest() {
        // Limit 256Mi and no request: request := limit, so no K8S002 even with a LimitRange defaultRequest above it.
        let result = lint([
            ("x.yaml", """
                apiVersion: v1
                kind: LimitRange
                metadata: {name: lr}
                spec:
                  limits: [{type: Container, defaultRequest: {memory: 1Gi}, default: {memory: 2Gi}}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers: [{name: a, resources: {limits: {memory: 256Mi}}}]
                """),
        ])
        #expect(result.diagnostics.isEmpty)
    }

    @Test func parallelRunsGiveTheSameResult() {
        var files: [(String, String)] = []
        for i in 0..<40 {
            files.append(("f\(i).yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p\(i)}\nspec:\n  containers: [{name: a, resources: {limits: {memory: \(i % 3 == 0 ? "1GB" : "1Gi")}}}]\n"))
        }
        let serial = lint(files, jobs: 1).diagnostics.map { "\($0.location.path):\($0.code)" }
        let parallel = lint(files, jobs: 4).diagnostics.map { "\($0.location.path):\($0.code)" }
        #expect(serial == parallel)
        #expect(serial.count == 14)
    }

    @Test func statisticsCountFilesDocumentsAndContainers() {
        let result = lint([("a.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a}, {name: b}]\n  ephemeralContainers: [{name: dbg}]\n---\nfoo: bar\n")])
        #expect(result.statistics.files == 1)
        #expect(result.statistics.documents == 2)
        #expect(result.statistics.containers == 2)
    }
}

@Suite struct DiscoveryTests {
    @Test func walksFoldersSkipsHiddenAndSurvivesSymlinkLoops() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("memlint-discovery-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("a/b"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent(".git"), withIntermediateDirectories: true)
        for path in ["a/one.yaml", "a/b/two.yml", "a/readme.md", ".git/config.yaml", "top.yaml"] {
            try Data("k: v\n".utf8).write(to: root.appendingPathComponent(path))
        }
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("a/b/loop").path, withDestinationPath: root.appendingPathComponent("a").path)
        let found = try FileDiscovery().files(under: [root.path]).map { $0.path }
        let relative = found.map { String($0.dropFirst(root.path.count + 1)) }
        #expect(relative.sorted() == ["a/b/two.yml", "a/one.yaml", "top.yaml"])
    }

    @Test func missingPathThrows() {
        #expect(throws: FileDiscovery.MissingPath.self) { try FileDiscovery().files(under: ["/definitely/missing"]) }
    }
}

@Suite struct ChunkedParsingTests {
    /// A stream big enough to be cut into chunks: Hangul comments, findings in many documents,
    /// a suppression, a block scalar holding `---` indented, and a syntax error near the end.
    static func stream(withError: Bool) -> String {
        var text = ""
        for i in 0..<600 {
            text += """
                --- # 문서 \(i) — 메모리 설정
                apiVersion: v1
                kind: Pod
                metadata: {name: p\(i), annotations: {note: "a # b"}}
                spec:
                  containers:
                    - name: app
                      image: nginx:1.27
                      args:
                        - |
                          --- not a document marker: indented
                      resources:
                        requests: {memory: \(i % 7 == 0 ? "1Gi" : "128Mi")}  # memlint:ignore K8S001
                        limits: {memory: \(i % 11 == 0 ? "512MB" : "512Mi")}

                """
            if withError && i == 550 { text += "---\nbroken: [unclosed\n" }
        }
        return text
    }

    static let chunk = 16 * 1024

    func lint(_ text: String, jobs: Int) -> LintResult {
        var linter = TestLinter.make()
        linter.chunkBytes = Self.chunk
        return linter.run([InputFile(path: "big.yaml", contents: .bytes(Array(text.utf8)))], jobs: jobs)
    }

    func render(_ result: LintResult) -> [String] {
        result.diagnostics.map { "\($0.location.span.start.line):\($0.location.span.start.column):\($0.location.span.start.offset) \($0.code) \($0.message)" }
    }

    @Test(arguments: [false, true])
    func chunksGiveExactlyTheUnchunkedResult(withError: Bool) {
        let text = Self.stream(withError: withError)
        #expect(StreamSplitter.chunks(SourceText(text), targetBytes: Self.chunk).count > 5, "the stream must be cut into chunks")
        let serial = lint(text, jobs: 1)
        let chunked = lint(text, jobs: 4)
        #expect(render(serial) == render(chunked))
        #expect(serial.statistics.documents == chunked.statistics.documents)
        #expect(serial.statistics.containers == chunked.statistics.containers)
        #expect(serial.suppressed.count == chunked.suppressed.count)
        if withError {
            #expect(serial.diagnostics.contains { $0.code == "E001" })
            #expect(serial.statistics.documents == 551)
        }
    }
}

extension LinterTests {
    @Test func timeBudgetStopsAFile() {
        var text = ""
        for i in 0..<20_000 { text += "---\nk\(i): [a, b, c, d, e, f, g, h]\n" }
        var linter = TestLinter.make()
        linter.loader.timeBudget = 1   // one nanosecond: the first check after 4,096 events stops it
        let result = linter.run([InputFile(path: "slow.yaml", contents: .bytes(Array(text.utf8))), InputFile(path: "ok.yaml", contents: .bytes(Array("a: 1\n".utf8)))], jobs: 1)
        #expect(result.diagnostics.map(\.code) == ["E003"])
        #expect(result.diagnostics.first?.location.path == "slow.yaml")
        #expect(result.statistics.files == 2)
    }
}
