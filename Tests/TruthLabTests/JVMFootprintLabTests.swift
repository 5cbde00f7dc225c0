import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MemlintTestSupport
import Testing

/// A real JVM service under real limits: `Workloads/Service.java`, an HTTP service on the JDK's
/// built-in server that loads 3,000 generated classes, fills 80 % of its heap with live data and
/// serves requests on a pool of 50 threads, run with `-Xms` = `-Xmx` (or the default heap), with and
/// without a Java agent that loads 3,000 classes of its own (`Workloads/Agent.java`), in a cgroup
/// with Native Memory Tracking. The kernel OOM-kills it or it survives.
///
/// What this asserts is the direction users cannot afford to get wrong: wherever memlint finds
/// nothing (no JVM001, no JVM002), the service survives. Errors on configurations the service
/// survives are counted and listed: they are the measurements the budget's assumptions are to be
/// calibrated from (docs/truth-lab.md).
@Suite(.serialized) struct JVMFootprintLabTests {
    struct Config: Sendable, CustomStringConvertible {
        var limitMiB: Int64
        var heapMiB: Int64?
        /// With `Workloads/Agent.java` as `-javaagent`: 3,000 classes of its own and a transformer.
        var agent = false
        /// The larger service: 12,000 classes (Spring-sized with the JDK's own) on 200 threads.
        var large = false
        var classes: Int { large ? 12_000 : 3_000 }
        var threads: Int { large ? 200 : 50 }
        var description: String {
            "limit \(limitMiB)Mi, " + (heapMiB.map { "-Xms\($0)m -Xmx\($0)m" } ?? "default heap") + (agent ? ", agent" : "") + (large ? ", 12k classes, 200 threads" : "")
        }
    }

    struct Measurement: Sendable {
        var config: Config
        var killed: Bool
        var peakMiB: Int64
        var nonHeapMiB: Int64?
        /// JVM001/JVM002 at any severity.
        var memlintErrors: [String]
        /// Those at severity error.
        var memlintHardErrors: [String]
    }

    static var configs: [Config] {
        var configs: [Config] = []
        for limit: Int64 in [256, 300, 384, 512, 768] {
            configs.append(Config(limitMiB: limit, heapMiB: nil))
            for margin: Int64 in [20, 45, 70, 100, 160] { configs.append(Config(limitMiB: limit, heapMiB: limit - margin)) }
            configs.append(Config(limitMiB: limit, heapMiB: nil, agent: true))
            configs.append(Config(limitMiB: limit, heapMiB: limit - 100, agent: true))
        }
        for limit: Int64 in [512, 768, 1024] {
            configs.append(Config(limitMiB: limit, heapMiB: nil, large: true))
            configs.append(Config(limitMiB: limit, heapMiB: limit - 160, large: true))
            configs.append(Config(limitMiB: limit, heapMiB: limit - 40, large: true))
        }
        return configs
    }

    @Test func whereMemlintFindsNothingTheServiceSurvives() throws {
        guard let (cgroup, java) = Lab.prepare("java") else { return }
        guard let javac = TruthLab.which("javac") else { Lab.unavailable("javac is not on PATH"); return }
        let work = try Self.compileWorkload(javac: javac)
        defer { try? FileManager.default.removeItem(at: work) }
        let results = Lab.parallel(Self.configs) { config -> Result<Measurement, Error> in
            Result { try Self.measure(config, java: java, classes: work, cgroup: cgroup) }
        }
        let complete = results.compactMap { try? $0.get() }
        for case .failure(let error) in results { Issue.record("a configuration could not be measured: \(error)") }
        print("truth lab, JVM footprint: \(complete.count) configurations of a 3,000-class, 50-thread service, heap 80 % live")
        print("  configuration                                 killed  peak     non-heap (NMT)  memlint")
        for m in complete {
            let verdict = m.memlintErrors.isEmpty ? "fits" : m.memlintErrors.map { m.memlintHardErrors.contains($0) ? "\($0) error" : "\($0) warning" }.joined(separator: ",")
            print("  \(m.config.description.padding(toLength: 45, withPad: " ", startingAt: 0)) \(m.killed ? "yes" : "no ")    \(String(m.peakMiB).leftPadded(4))Mi   \((m.nonHeapMiB.map { "\($0)Mi" } ?? "-").leftPadded(6))          \(verdict)")
        }
        let plain = complete.filter { !$0.config.agent && !$0.config.large && !$0.killed }.compactMap(\.nonHeapMiB)
        let agent = complete.filter { $0.config.agent && !$0.killed }.compactMap(\.nonHeapMiB)
        let large = complete.filter { $0.config.large && !$0.killed }.compactMap(\.nonHeapMiB)
        if let a = plain.min(), let b = plain.max(), let c = agent.min(), let d = agent.max(), let e = large.min(), let f = large.max() {
            print("  non-heap: 3,000 classes \(a)–\(b)Mi, with the agent \(c)–\(d)Mi, 12,000 classes and 200 threads \(e)–\(f)Mi")
        }
        // The budget memlint warns by (168.5Mi beside the heap with the defaults) must hold every
        // service the lab ran; the large one is told its 200 threads (+37.5Mi).
        #expect((plain + agent).allSatisfy { $0 < 168 } && large.allSatisfy { $0 < 206 },
                "a lab service needed more than the assumed budget: \(plain + agent + large)")
        let silentMisses = complete.filter { $0.killed && $0.memlintErrors.isEmpty }
        let falseErrors = complete.filter { !$0.killed && !$0.memlintErrors.isEmpty }
        print("  killed: \(complete.filter(\.killed).count); silent misses: \(silentMisses.count); findings on a service that survived: \(falseErrors.count), of them errors: \(falseErrors.filter { !$0.memlintHardErrors.isEmpty }.count)")
        // The severity policy against the outcome: error ⇔ killed, on every configuration outside the
        // band where the outcome itself varies between runs (a heap 45Mi below the limit, next to the
        // 44–57Mi this service commits beside its heap).
        let decisive = complete.filter { m in m.config.heapMiB.map { m.config.limitMiB - $0 != 45 } ?? true }
        let mismatched = decisive.filter { $0.killed != !$0.memlintHardErrors.isEmpty }
        print("  severity policy: \(decisive.count) decisive configurations, error ⇔ killed on \(decisive.count - mismatched.count)")
        #expect(decisive.count >= 20)
        #expect(mismatched.isEmpty, "memlint's error does not match the outcome: \(mismatched.map { "\($0.config) killed=\($0.killed) errors=\($0.memlintHardErrors)" })")
        #expect(complete.count == Self.configs.count, "every configuration must be measured")
        #expect(silentMisses.isEmpty, "memlint found nothing where the kernel killed the service: \(silentMisses.map(\.config.description))")
        #expect(complete.contains { $0.killed } && complete.contains { !$0.killed }, "the configurations must include kills and survivals")
    }

    /// Generates 12,000 small classes for the service (it loads 3,000 or all of them) and 3,000 for
    /// the agent, compiles them, and packs the agent as `agent.jar`.
    static func compileWorkload(javac: String) throws -> URL {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("memlint-jvmlab-\(UUID().uuidString)")
        let sources = work.appendingPathComponent("src/lab")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        func classes(_ count: Int, named name: String) -> String {
            var generated = "package lab;\npublic final class \(name) {\n  private \(name)() {}\n"
            for i in 0..<count {
                generated += "  public static final class C\(i) implements java.util.function.IntUnaryOperator { public int applyAsInt(int x) { return x * \(i) + \(i % 7); } public String name() { return \"C\(i)\"; } }\n"
            }
            generated += "  public static java.util.function.IntUnaryOperator make(int i) throws Exception { return (java.util.function.IntUnaryOperator) Class.forName(\"lab.\(name)$C\" + i).getDeclaredConstructor().newInstance(); }\n}\n"
            return generated
        }
        try classes(12_000, named: "Generated").write(to: sources.appendingPathComponent("Generated.java"), atomically: true, encoding: .utf8)
        try classes(3_000, named: "AgentGenerated").write(to: sources.appendingPathComponent("AgentGenerated.java"), atomically: true, encoding: .utf8)
        let workloads = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Workloads")
        for name in ["Service.java", "Agent.java"] {
            try FileManager.default.copyItem(at: workloads.appendingPathComponent(name), to: sources.appendingPathComponent(name))
        }
        let classes = work.appendingPathComponent("classes").path
        try Self.tool(javac, ["-d", classes] + ["Generated", "AgentGenerated", "Service", "Agent"].map { sources.appendingPathComponent("\($0).java").path })
        let manifest = work.appendingPathComponent("MANIFEST.MF")
        try "Premain-Class: lab.Agent\n".write(to: manifest, atomically: true, encoding: .utf8)
        let jar = URL(fileURLWithPath: javac).deletingLastPathComponent().appendingPathComponent("jar").path
        try Self.tool(jar, ["cfm", work.appendingPathComponent("agent.jar").path, manifest.path, "-C", classes, "lab"])
        return work
    }

    private static func tool(_ path: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw LabUnavailable("\(path) failed on the lab workload") }
    }

    static func measure(_ config: Config, java: String, classes: URL, cgroup: MemoryCgroup) throws -> Measurement {
        let heapFlags = (config.heapMiB.map { ["-Xms\($0)m", "-Xmx\($0)m"] } ?? [])
            + (config.agent ? ["-javaagent:\(classes.appendingPathComponent("agent.jar").path)=3000"] : [])
        // The large service tells memlint its thread count, as a user would (jvm.memlint.io/threads).
        let model = try Lab.modelWithFindings("jvm", limit: "\(config.limitMiB)Mi", env: [:], argv: ["java"] + heapFlags + ["-jar", "/app.jar"],
                                              parameters: config.large ? ["threads": "200"] : [:])
        // 80 % of the max heap memlint and HotSpot agree on stays live.
        let maxHeap = (Int64(model.facts["maxHeap"] ?? "") ?? 128 << 20) >> 20
        let arguments = heapFlags + ["-XX:NativeMemoryTracking=summary", "-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintNMTStatistics",
                                     "-cp", classes.appendingPathComponent("classes").path, "lab.Service", String(config.classes), String(config.threads),
                                     String(maxHeap * 8 / 10)]
        let outcome = try cgroup.serve([java] + arguments, limitBytes: config.limitMiB << 20, seconds: 30) { port in
            Load.get(port: port, path: "/", requests: 200, clients: 8)
            Load.get(port: port, path: "/quit", requests: 1, clients: 1)
        }
        // A service stalled at its limit until the deadline is as broken as a killed one.
        return Measurement(config: config, killed: outcome.oomKilled || outcome.timedOut,
                           peakMiB: (outcome.peakBytes ?? 0) >> 20, nonHeapMiB: NMT.nonHeapMiB(outcome.stdout),
                           memlintErrors: ["JVM001", "JVM002"].filter { model.findings[$0] != nil },
                           memlintHardErrors: ["JVM001", "JVM002"].filter { model.findings[$0]?.severity == "error" })
    }
}

/// Native Memory Tracking's summary (`-XX:+PrintNMTStatistics`): committed bytes outside the heap.
enum NMT {
    static func nonHeapMiB(_ output: String) -> Int64? {
        var total: Int64 = 0, found = false
        for line in output.split(separator: "\n") where line.hasPrefix("-") {
            guard let committed = line.range(of: "committed="), let name = line.dropFirst().split(separator: "(").first else { continue }
            guard let bytes = Int64(line[committed.upperBound...].prefix { $0.isNumber }) else { continue }
            found = true
            if name.trimmingCharacters(in: .whitespaces) != "Java Heap" { total += bytes }
        }
        return found ? total >> 20 : nil
    }
}

/// Blocking HTTP/1.0 GETs on loopback from several threads (plain sockets: Foundation's URL
/// loading needs FoundationNetworking on Linux): the load, from outside the cgroup.
enum Load {
    static func get(port: Int, path: String, requests: Int, clients: Int) {
        let group = DispatchGroup()
        for client in 0..<clients {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                for _ in stride(from: client, to: requests, by: clients) where !request(port: port, path: path) { return }
            }
        }
        group.wait()
    }

    /// One request; false when the server is gone.
    static func request(port: Int, path: String) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return false }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count else { return false }
        var buffer = [UInt8](repeating: 0, count: 65536)
        var received = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received += n
        }
        return received > 0
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
