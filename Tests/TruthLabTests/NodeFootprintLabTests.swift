import Foundation
import MemlintTestSupport
import Testing

/// A real Node.js service under real limits: `Workloads/service.js` keeps live objects on V8's heap
/// (80 % of the old space memlint and V8 agree on) and Buffers outside it, serves requests, and is
/// OOM-killed or survives. What it asserts: where memlint finds nothing and the Buffers stay within
/// the headroom NODE002 keeps (a quarter of the limit, less Node's own ~45Mi), the service survives;
/// and it prints what each configuration used, for docs/truth-lab.md.
@Suite(.serialized) struct NodeFootprintLabTests {
    struct Config: Sendable, CustomStringConvertible {
        var limitMiB: Int64
        /// `--max-old-space-size`, or nil for V8's default.
        var oldSpaceMiB: Int64?
        var buffersMiB: Int64
        /// The share of the old space kept live.
        var livePercent: Int64 = 80
        var description: String {
            "limit \(limitMiB)Mi, " + (oldSpaceMiB.map { "--max-old-space-size=\($0)" } ?? "default heap") + ", live \(livePercent) %, Buffers \(buffersMiB)Mi"
        }
    }

    struct Measurement: Sendable {
        var config: Config
        var killed: Bool
        var crashed: Bool
        var peakMiB: Int64
        var usage: String
        var findings: [String]
        var heapLimitMiB: Int64
    }

    static var configs: [Config] {
        var configs: [Config] = []
        for limit: Int64 in [256, 512, 1024] {
            let quarter = limit * 3 / 4
            for share: Int64 in [0, 10, 15, 35] { configs.append(Config(limitMiB: limit, oldSpaceMiB: quarter, buffersMiB: limit * share / 100)) }
            configs.append(Config(limitMiB: limit, oldSpaceMiB: limit, buffersMiB: 0))
            // A heap as large as the limit, nearly full, and a few Buffers: what NODE001 warns of.
            configs.append(Config(limitMiB: limit, oldSpaceMiB: limit, buffersMiB: limit / 20, livePercent: 95))
            configs.append(Config(limitMiB: limit, oldSpaceMiB: nil, buffersMiB: limit / 10))
        }
        return configs
    }

    @Test func whereMemlintFindsNothingTheServiceSurvivesItsBuffers() throws {
        guard let (cgroup, node) = Lab.prepare("node") else { return }
        let service = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Workloads/service.js").path
        let version = try cgroup.run([node, "--version"], limitBytes: 1 << 30).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let results = Lab.parallel(Self.configs) { config -> Result<Measurement, Error> in
            Result { try Self.measure(config, node: node, service: service, image: "node:\(version.dropFirst())", cgroup: cgroup) }
        }
        let complete = results.compactMap { try? $0.get() }
        for case .failure(let error) in results { Issue.record("a configuration could not be measured: \(error)") }
        print("truth lab, Node.js \(version) footprint: \(complete.count) configurations, heap 80 % of the old space live, Buffers outside it")
        print("  configuration                                                    outcome   peak    memlint        process.memoryUsage at the end")
        for m in complete {
            let outcome = m.killed ? "killed " : m.crashed ? "crashed" : "ok     "
            let verdict = (m.findings.isEmpty ? "fits" : m.findings.joined(separator: ",")).padding(toLength: 14, withPad: " ", startingAt: 0)
            print("  \(m.config.description.padding(toLength: 64, withPad: " ", startingAt: 0)) \(outcome)   \(String(m.peakMiB).leftPadded(4))Mi  \(verdict) \(m.usage)")
        }
        // The envelope memlint can promise: Buffers within NODE002's headroom less Node's own memory.
        let promised = complete.filter { m in m.findings.isEmpty && m.config.buffersMiB <= m.config.limitMiB * 15 / 100 }
        let broken = promised.filter { $0.killed || $0.crashed }
        print("  memlint silent with Buffers ≤ 15 % of the limit: \(promised.count) configurations, \(broken.count) killed")
        // NODE001's error: a heap as large as the limit leaves nothing for Buffers once it fills.
        let full = complete.filter { $0.config.livePercent == 95 }
        print("  NODE001 with the heap 95 % full and Buffers 5 % of the limit: \(full.filter { $0.killed || $0.crashed }.count) of \(full.count) killed")
        #expect(full.allSatisfy { $0.findings.contains("NODE001") && ($0.killed || $0.crashed) }, "\(full.map { "\($0.config) killed=\($0.killed)" })")
        #expect(complete.count == Self.configs.count, "every configuration must be measured")
        #expect(promised.count >= 6)
        #expect(broken.isEmpty, "memlint found nothing and the service died: \(broken.map(\.config.description))")
    }

    static func measure(_ config: Config, node: String, service: String, image: String, cgroup: MemoryCgroup) throws -> Measurement {
        let flags = config.oldSpaceMiB.map { ["--max-old-space-size=\($0)"] } ?? []
        let model = try Lab.modelWithFindings("node", limit: "\(config.limitMiB)Mi", env: [:], argv: ["node"] + flags + ["server.js"], image: image)
        let heapLimit = (Int64(model.facts["heapLimit"] ?? "") ?? 256 << 20) >> 20
        let live = (config.oldSpaceMiB ?? heapLimit) * config.livePercent / 100
        let outcome = try cgroup.serve([node] + flags + [service, String(live), String(config.buffersMiB)], limitBytes: config.limitMiB << 20,
                                       seconds: 60) { port in
            Load.get(port: port, path: "/", requests: 200, clients: 8)
            Load.get(port: port, path: "/quit", requests: 1, clients: 1)
        }
        let usage = outcome.stdout.split(separator: "\n").first { $0.hasPrefix("usage ") }.map { String($0.dropFirst(6)) } ?? ""
        return Measurement(config: config, killed: outcome.oomKilled || outcome.timedOut, crashed: !outcome.oomKilled && outcome.status != 0,
                           peakMiB: (outcome.peakBytes ?? 0) >> 20, usage: usage,
                           findings: ["NODE001", "NODE002", "NODE003"].filter { model.findings[$0] != nil }, heapLimitMiB: heapLimit)
    }
}
