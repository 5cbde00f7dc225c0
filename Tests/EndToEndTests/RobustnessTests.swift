import Foundation
import MemlintTestSupport
import Testing

/// Hostile and broken input: memlint must end every file in diagnostics or a clean pass, never a
/// crash or a hang, within generous time and memory bounds (catching blow-ups, not timing).
/// Sizes scale with MEMLINT_ROBUSTNESS_SCALE (default 0.25 here; scripts/robustness runs 1.0).
@Suite(.serialized) final class RobustnessTests {
    static let scale = ProcessInfo.processInfo.environment["MEMLINT_ROBUSTNESS_SCALE"].flatMap(Double.init) ?? 0.25
    static let robustness = TestPaths.fixtures.appendingPathComponent("robustness")

    let work: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("memlint-robust-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    // Each test gets its own instance; its generated files (up to 200 MB) go with it.
    deinit { try? FileManager.default.removeItem(at: work) }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        try Data(bytes).write(to: work.appendingPathComponent(name))
        return name
    }

    /// Runs memlint on `paths` and checks the promise: exit 0 or 1, the expected codes, bounded cost.
    @discardableResult
    func expectSurvives(_ paths: [String], in directory: URL? = nil, codes: Set<String> = [], seconds: Double = 60,
                        megabytes: Double = 1024, sourceLocation: SourceLocation = #_sourceLocation) throws -> SpawnResult {
        let result = try spawnMemlint(["check", "--no-config", "--fail-on", "never", "--jobs", "2"] + paths, in: directory ?? work)
        #expect(result.signal == nil, "memlint died of signal \(result.signal ?? 0): \(result.stderr.suffix(500))", sourceLocation: sourceLocation)
        #expect(result.exitCode == 0, "exit \(result.exitCode ?? -1): \(result.stderr.suffix(500))", sourceLocation: sourceLocation)
        let found = Set(result.stdout.split(separator: "\n").compactMap { line in line.split(separator: "[").last.map { String($0.dropLast()) } })
        #expect(codes.isSubset(of: found), "expected \(codes), found \(found)", sourceLocation: sourceLocation)
        #expect(result.seconds < seconds, "took \(result.seconds) s", sourceLocation: sourceLocation)
        #expect(result.peakRSSMiB < megabytes, "peak RSS \(result.peakRSSMiB) MiB", sourceLocation: sourceLocation)
        return result
    }

    @Test func committedHostileFiles() throws {
        let r = Self.robustness
        try expectSurvives(["alias-bomb.yaml"], in: r, seconds: 10, megabytes: 200)
        try expectSurvives(["merge-conflict.yaml"], in: r, codes: ["E001"])
        let empty = try expectSurvives(["empty.yaml", "only-document-markers.yaml"], in: r)
        #expect(empty.stdout.isEmpty)
        try expectSurvives(["unterminated-heredoc.Dockerfile", "unbalanced-json.Dockerfile"], in: r, codes: ["E002"])
        let regressions = r.appendingPathComponent("regressions")
        for name in try FileManager.default.contentsOfDirectory(atPath: regressions.path).sorted() {
            try expectSurvives([name], in: regressions)
        }
    }

    @Test func hostileConfigurationIsAConfigurationError() throws {
        let result = try spawnMemlint(["check", "--config", Self.robustness.appendingPathComponent("hostile.lint.yml").path, "."], in: work)
        #expect(result.exitCode == 2)
        #expect(result.signal == nil)
        #expect(result.stderr.split(separator: "\n").count >= 5, "every problem listed: \(result.stderr)")
        #expect(result.stderr.contains("hostile.lint.yml:"))
    }

    @Test func encodingsAndLineEnds() throws {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a}]}\n".utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        var utf16NoBOM: [UInt8] = []
        for unit in "kind: Pod\nname: x\n".utf16 { utf16NoBOM += [UInt8(unit & 0xFF), 0] }
        let files = [
            try write("random.yaml", random),
            try write("nul.yaml", Array("apiVersion: v1\nkind: Pod\n".utf8) + [0, 0, 0] + Array("\n".utf8)),
            try write("invalid-utf8.yaml", Array("a: 1\nb: ".utf8) + [0xC3, 0x28, 0xFF]),
            try write("utf16.yaml", utf16),
            try write("utf16-no-bom.yaml", utf16NoBOM),
            try write("crlf.yaml", Array("apiVersion: v1\r\nkind: Pod\r\nmetadata: {name: p}\r\nspec: {containers: [{name: a}]}\r\n".utf8)),
            try write("lone-cr.yaml", Array("apiVersion: v1\rkind: Pod\rmetadata: {name: p}\rspec: {containers: [{name: a}]}\r".utf8)),
            try write("random.Dockerfile", random),
        ]
        let result = try expectSurvives(files, codes: ["E001", "K8S001"])
        // Every file is accounted for: the binary ones as E001 (E002 for the Dockerfile), the others checked.
        for name in ["random.yaml", "nul.yaml", "invalid-utf8.yaml", "utf16-no-bom.yaml"] {
            #expect(result.stdout.contains("\(name):"), "\(name) has no diagnostic")
        }
        #expect(result.stdout.contains("utf16.yaml:4:"), "UTF-16 is read: K8S001 on line 4")
        #expect(result.stdout.contains("crlf.yaml:4:") && result.stdout.contains("lone-cr.yaml:4:"))
    }

    @Test func deepNestingAndHugeInputs() throws {
        let depth = 100_000
        let deepFlow = try write("deep-flow.yaml", Array(String(repeating: "[", count: depth).utf8))
        var block = ""
        for level in 0..<3_000 { block += String(repeating: " ", count: level) + "k:\n" }
        let deepBlock = try write("deep-block.yaml", Array(block.utf8))
        let mb = Int(50 * Self.scale)
        let hugeScalar = try write("huge-scalar.yaml", Array("apiVersion: v1\nkind: ConfigMap\ndata:\n  big: \"".utf8) + Array(repeating: UInt8(ascii: "x"), count: mb << 20) + Array("\"\n".utf8))
        let longLine = try write("long-line.yaml", Array("k: ".utf8) + Array(repeating: UInt8(ascii: "y"), count: 1 << 20) + [0x0A])
        var many = ""
        for i in 0..<Int(100_000 * Self.scale) { many += "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c\(i)}\n" }
        let manyDocuments = try write("many-documents.yaml", Array(many.utf8))
        let result = try expectSurvives([deepFlow, deepBlock, hugeScalar, longLine, manyDocuments], codes: ["E001"], seconds: 120,
                                        megabytes: Double(mb) * 4 + 400)
        #expect(result.stdout.contains("deep-flow.yaml:1:1001: error: collections nested deeper than 1000 levels"))
        #expect(result.stdout.contains("deep-block.yaml:"))
    }

    @Test func bigStreamStaysProportional() throws {
        let target = Int(200_000_000 * Self.scale)
        var stream = [UInt8]()
        stream.reserveCapacity(target + 1000)
        var i = 0
        while stream.count < target {
            stream += Array("---\napiVersion: v1\nkind: Pod\nmetadata: {name: p\(i)}\nspec: {containers: [{name: a, image: nginx, resources: {limits: {memory: 64Mi}}}]}\n".utf8)
            i += 1
        }
        let name = try write("big-stream.yaml", stream)
        let megabytes = Double(stream.count) / 1_048_576
        // Memory follows the model of the file, not its tree, and grows linearly. This input is the
        // densest there is (a container every 120 bytes); its model measured ~15 × the file.
        try expectSurvives([name], seconds: 300, megabytes: megabytes * 20 + 200)
    }

    @Test func dockerfileWithTenThousandContinuations() throws {
        var lines = ["FROM eclipse-temurin:17-jre", "ENV JAVA_TOOL_OPTIONS=\"-Xmx512m \\"]
        lines += (0..<10_000).map { "    -Dp\($0)=v \\" }
        lines += ["    -Dlast=1\"", "RUN echo \\"] + (0..<10_000).map { "  && echo \($0) \\" } + ["  && true", "CMD [\"java\", \"-jar\", \"/a.jar\"]"]
        let name = try write("Dockerfile", Array((lines.joined(separator: "\n") + "\n").utf8))
        try expectSurvives([name], seconds: 30, megabytes: 300)
    }

    @Test func directoriesSymlinkLoopsSocketsAndManyFiles() throws {
        let tree = work.appendingPathComponent("tree")
        let fm = FileManager.default
        try fm.createDirectory(at: tree.appendingPathComponent("a/b"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: tree.appendingPathComponent("a/b/loop").path, withDestinationPath: tree.path)
        try fm.createSymbolicLink(atPath: tree.appendingPathComponent("a/dangling.yaml").path, withDestinationPath: "/nonexistent")
        // A socket named .yaml cannot be opened for reading, even by root: E004, and the run goes on.
        let socketPath = tree.appendingPathComponent("a/socket.yaml").path
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(socketPath.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes + [0])
        }
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        defer { close(fd) }
        let files = Int(100_000 * Self.scale)
        let many = tree.appendingPathComponent("many")
        try fm.createDirectory(at: many, withIntermediateDirectories: true)
        let body = Data("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n".utf8)
        for i in 0..<files { try body.write(to: many.appendingPathComponent("f\(i).yaml")) }
        let result = try expectSurvives(["tree"], codes: bound == 0 ? ["E004"] : [], seconds: 240, megabytes: 1024)
        #expect(result.stderr.contains("memlint: \(files + (bound == 0 ? 1 : 0)) files"), "\(result.stderr)")
    }
}
