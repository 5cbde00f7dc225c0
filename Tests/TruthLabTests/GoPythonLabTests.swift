import Foundation
import MemlintTestSupport
import Testing

/// GOMEMLIMIT and GOGC as the Go runtime reads them: a ten-line program reports the soft limit and
/// the GC percentage it got (`debug.SetMemoryLimit(-1)`, `debug.SetGCPercent`), or the runtime
/// stops at startup; memlint's grammar must say the same for every spelling.
@Suite(.serialized) struct GoLabTests {
    static let program = """
        package main

        import (
        \t"fmt"
        \t"runtime/debug"
        )

        func main() {
        \tfmt.Println(debug.SetMemoryLimit(-1), debug.SetGCPercent(100))
        }

        """

    static let memoryLimits = [
        "", "450MiB", "450Mi", "1G", "1GiB", "1.5GiB", "0", "off", "Off", " 450MiB", "450MiB ", "450 MiB", "9223372036854775807",
        "9223372036854775808", "1TiB", "8192TiB", "1024", "512B", "1KiB", "1kib", "1KB", "1MiB", "-1", "+1MiB", "0x400", "1e9",
    ]
    static let gogcValues = ["", "50", "off", "OFF", "0", "-1", "-50", "abc", "1.5", " 50", "50 ", "+50", "100x", "2147483647", "2147483648", "50%"]

    @Test func memoryLimitAndGOGCSpellingsAgreeWithTheRuntime() throws {
        guard let (cgroup, go) = Lab.prepare("go") else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("memlint-golab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.program.write(to: folder.appendingPathComponent("main.go"), atomically: true, encoding: .utf8)
        let binary = folder.appendingPathComponent("golab").path
        let build = try cgroup.run([go, "build", "-o", binary, folder.appendingPathComponent("main.go").path], limitBytes: 2 << 30,
                                   environment: ["GOCACHE": folder.appendingPathComponent("cache").path, "GOPATH": folder.path], seconds: 300)
        try #require(build.status == 0, "go build failed: \(build.stderr)")
        let version = try cgroup.run([go, "version"], limitBytes: 1 << 30).stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let cases = Self.memoryLimits.map { ["GOMEMLIMIT": $0] } + Self.gogcValues.map { ["GOGC": $0] }
        let outcomes = Lab.parallel(cases) { env -> [Disagreement] in
            do {
                let real = try cgroup.run([binary], limitBytes: 256 << 20, environment: env)
                let model = try Lab.model("go", limit: "256Mi", env: env, argv: ["/app"])
                let name = env.keys.first!, configuration = "\(name)=\"\(env[name]!)\""
                var found: [Disagreement] = []
                let starts = real.status == 0
                if String(starts) != model["starts"] {
                    found.append(Disagreement(configuration: configuration, field: "starts", real: String(starts), model: model["starts"] ?? "-"))
                }
                let words = real.stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                if starts, words.count == 2 {
                    if words[0] != model["memoryLimit"] { found.append(Disagreement(configuration: configuration, field: "memory limit", real: words[0], model: model["memoryLimit"] ?? "-")) }
                    if words[1] != model["gcPercent"] { found.append(Disagreement(configuration: configuration, field: "GOGC", real: words[1], model: model["gcPercent"] ?? "-")) }
                }
                return found
            } catch {
                return [Disagreement(configuration: "\(env)", field: "run", real: "\(error)", model: "")]
            }
        }
        Lab.report(version, outcomes)
    }
}

/// PYTHONMALLOC values the interpreter accepts, memlint against a real CPython.
@Suite(.serialized) struct PythonLabTests {
    static let values = ["", "default", "malloc", "pymalloc", "mimalloc", "debug", "malloc_debug", "pymalloc_debug", "mimalloc_debug",
                         "jemalloc", "Malloc", " malloc", "malloc ", "PYMALLOC", "debug_malloc"]

    @Test func allocatorNamesAgreeWithTheInterpreter() throws {
        guard let (cgroup, python) = Lab.prepare("python3") else { return }
        let version = try cgroup.run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], limitBytes: 1 << 30)
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        var disagreements: [Disagreement] = []
        for value in Self.values {
            let real = try cgroup.run([python, "-c", "pass"], limitBytes: 256 << 20, environment: ["PYTHONMALLOC": value])
            let model = try Lab.model("python", limit: "256Mi", env: ["PYTHONMALLOC": value], argv: ["python", "app.py"], image: "python:\(version)")
            if String(real.status == 0) != model["starts"] {
                disagreements.append(Disagreement(configuration: "PYTHONMALLOC=\"\(value)\"", field: "starts", real: String(real.status == 0), model: model["starts"] ?? "-"))
            }
        }
        print("truth lab, Python \(version): \(Self.values.count) PYTHONMALLOC values, \(Self.values.count - disagreements.count) agree")
        for d in disagreements { print("  \(d)") }
        #expect(disagreements.isEmpty)
    }
}
