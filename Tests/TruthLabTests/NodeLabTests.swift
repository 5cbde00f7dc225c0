import Foundation
import MemlintTestSupport
import Testing

/// V8's heap limit under a container limit, memlint against a real Node.js in a memory cgroup:
/// `v8.getHeapStatistics().heap_size_limit` for the heap flags on the command line and in
/// NODE_OPTIONS, limits from 64Mi to 8Gi, and which spellings node refuses.
@Suite(.serialized) struct NodeLabTests {
    struct Case: Sendable, CustomStringConvertible {
        var limitMiB: Int64
        var flags: [String]
        var nodeOptions: String?
        var description: String {
            "limit \(limitMiB)Mi \(nodeOptions.map { "NODE_OPTIONS=\"\($0)\" " } ?? "")node \(flags.joined(separator: " "))"
        }
    }

    static let limits: [Int64] = [64, 128, 256, 300, 512, 768, 1000, 1024, 1536, 2048, 3072, 4096, 8192]
    static let flagSets: [[String]] = [
        [], ["--max-old-space-size=100"], ["--max-old-space-size=300"], ["--max-old-space-size=1000"], ["--max-old-space-size=2048"],
        ["--max_old_space_size=500"], ["--max-semi-space-size=3"], ["--max-semi-space-size=20"], ["--max-semi-space-size=32"],
        ["--max-heap-size=300"], ["--max-old-space-size=768", "--max-semi-space-size=8"],
    ]
    static let special: [([String], String?)] = [
        (["--max-old-space-size=4g"], nil), (["--max-old-space-size=4096MB"], nil), (["--max-old-space-size=1.5"], nil),
        (["--max-old-space-size-percentage=50"], nil), ([], "--max-old-space-size=400"), ([], "--max-heap-size=300"),
        (["--max-old-space-size=200"], "--max-old-space-size=400"), ([], "--max-semi-space-size=4 --max-old-space-size=640"),
    ]

    static var cases: [Case] {
        limits.flatMap { limit in flagSets.map { Case(limitMiB: limit, flags: $0) } }
            + [256, 2048].flatMap { limit in special.map { Case(limitMiB: limit, flags: $0.0, nodeOptions: $0.1) } }
    }

    @Test func heapLimitAndStartupAgreeWithNode() throws {
        guard let (cgroup, node) = Lab.prepare("node") else { return }
        let version = try cgroup.run([node, "--version"], limitBytes: 1 << 30).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let image = "node:\(version.dropFirst())"
        let outcomes = Lab.parallel(Self.cases) { c -> [Disagreement] in
            do {
                let env = c.nodeOptions.map { ["NODE_OPTIONS": $0] } ?? [:]
                let real = try cgroup.run([node] + c.flags + ["-e", "console.log(require('v8').getHeapStatistics().heap_size_limit)"],
                                          limitBytes: c.limitMiB << 20, environment: env)
                let model = try Lab.model("node", limit: "\(c.limitMiB)Mi", env: env, argv: ["node"] + c.flags + ["server.js"], image: image)
                var found: [Disagreement] = []
                let starts = real.status == 0
                if String(starts) != model["starts"] {
                    found.append(Disagreement(configuration: c.description, field: "starts", real: "\(starts) (\(real.stderr.split(separator: "\n").first ?? ""))", model: model["starts"] ?? "-"))
                }
                let heap = real.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                if starts, heap != model["heapLimit"] {
                    found.append(Disagreement(configuration: c.description, field: "heap_size_limit", real: heap, model: model["heapLimit"] ?? "-"))
                }
                return found
            } catch {
                return [Disagreement(configuration: c.description, field: "run", real: "\(error)", model: "")]
            }
        }
        Lab.report("Node.js \(version)", outcomes)
    }
}
