import Foundation
import MemlintTestSupport
import Testing

/// HotSpot's ergonomics and option parsing, memlint against a real JDK in a memory cgroup: the max
/// and initial heap, the thread stack, and whether the JVM starts at all, for limits from 64Mi to
/// 16Gi, options on the command line and in JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS and _JAVA_OPTIONS.
@Suite(.serialized) struct JVMLabTests {
    struct Case: Sendable, CustomStringConvertible {
        var limitMiB: Int64
        var options: [String]
        var env: [String: String] = [:]
        var description: String {
            let env = self.env.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: " ")
            return "limit \(limitMiB)Mi \(env.isEmpty ? "" : env + " ")java \(options.joined(separator: " "))"
        }
    }

    static let limits: [Int64] = [64, 100, 128, 200, 249, 250, 256, 300, 400, 499, 500, 512, 768, 1024, 1536, 1791, 1792, 2048, 4096, 8192, 16384]

    static let optionSets: [[String]] = [
        [], ["-Xmx256m"], ["-Xmx301m"], ["-Xms64m"], ["-Xms600m"], ["-XX:MaxRAMPercentage=75.0"], ["-XX:MaxRAMPercentage=50"],
        ["-XX:MinRAMPercentage=80.0"], ["-XX:InitialRAMPercentage=10.0"], ["-XX:MaxRAM=1g"], ["-XX:-UseContainerSupport"],
        ["-Xss512k", "-XX:MaxMetaspaceSize=128m"], ["-XX:ThreadStackSize=256", "-XX:ReservedCodeCacheSize=64m", "-XX:MaxDirectMemorySize=32m"],
        ["-XX:MaxRAMFraction=2"], ["-XX:+UseSerialGC", "-XX:MaxRAMPercentage=80.0"], ["-Xmx2g", "-Xms1g"],
    ]

    /// Spellings and precedence, at two limits.
    static let special: [([String], [String: String])] = [
        (["-Xmx512MB"], [:]), (["-Xmx=512m"], [:]), (["-Xmx1.5g"], [:]), (["-Xmx100m", "-Xms200m"], [:]),
        (["-XX:MaxRAMPercentage=150"], [:]), (["-Xss100k"], [:]), (["-Xss136k"], [:]), (["-Xss2g"], [:]), (["-Xss0"], [:]),
        (["-XX:ThreadStackSize=1m"], [:]), (["-XX:ThreadStackSize=2g"], [:]), (["-XX:ThreadStackSize=0"], [:]),
        ([], ["JAVA_TOOL_OPTIONS": "-Xmx200m"]), (["-Xmx300m"], ["JAVA_TOOL_OPTIONS": "-Xmx200m"]),
        (["-Xmx300m"], ["_JAVA_OPTIONS": "-Xmx150m"]), (["-Xmx300m"], ["JDK_JAVA_OPTIONS": "-Xmx250m"]),
        ([], ["JDK_JAVA_OPTIONS": "-Xmx250m", "JAVA_TOOL_OPTIONS": "-Xmx200m"]),
        ([], ["JAVA_TOOL_OPTIONS": "-XX:MaxRAMPercentage=60.0 -Xss256k"]), ([], ["JAVA_TOOL_OPTIONS": "-Xmx1.5g"]),
        ([], ["_JAVA_OPTIONS": "-XX:InitialRAMPercentage=20.0"]), (["-XX:MaxRAMPercentage=40.0"], ["JAVA_TOOL_OPTIONS": "-XX:MaxRAMPercentage=70.0"]),
    ]

    static var cases: [Case] {
        limits.flatMap { limit in optionSets.map { Case(limitMiB: limit, options: $0) } }
            + [300, 2048].flatMap { limit in special.map { Case(limitMiB: limit, options: $0.0, env: $0.1) } }
    }

    /// `java -XX:+PrintFlagsFinal -version` in the cgroup: the flags, or nil when the JVM refused to start.
    static func real(_ c: Case, cgroup: MemoryCgroup, java: String) throws -> [String: String]? {
        let outcome = try cgroup.run([java] + c.options + ["-XX:+PrintFlagsFinal", "-version"], limitBytes: c.limitMiB << 20,
                                     environment: c.env, seconds: 60)
        guard outcome.status == 0 else { return nil }
        var flags: [String: String] = [:]
        for line in outcome.stdout.split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            if words.count >= 4, words[2] == "=" || words[2] == ":=" { flags[String(words[1])] = String(words[3]) }
        }
        return flags
    }

    @Test func heapStackAndStartupAgreeWithJDK17() throws {
        guard let (cgroup, java) = Lab.prepare("java") else { return }
        let cases = Self.cases
        #expect(cases.count >= 300)
        let outcomes = Lab.parallel(cases) { c -> [Disagreement] in
            do { return try Self.compare(c, cgroup: cgroup, java: java) } catch {
                return [Disagreement(configuration: c.description, field: "run", real: "\(error)", model: "")]
            }
        }
        Lab.report("JVM", outcomes)
    }

    static func compare(_ c: Case, cgroup: MemoryCgroup, java: String) throws -> [Disagreement] {
        let real = try Self.real(c, cgroup: cgroup, java: java)
        let model = try Lab.model("jvm", limit: "\(c.limitMiB)Mi", env: c.env, argv: ["java"] + c.options + ["-version"])
        var found: [Disagreement] = []
        func check(_ field: String, _ realValue: String?, _ modelValue: String?) {
            if realValue != modelValue { found.append(Disagreement(configuration: c.description, field: field, real: realValue ?? "-", model: modelValue ?? "-")) }
        }
        check("starts", String(real != nil), model["starts"])
        guard let real else { return found }
        let stack = real["ThreadStackSize"].flatMap { Int64($0) }.map { $0 == 0 ? 1 << 20 : $0 << 10 }
        check("thread stack", stack.map(String.init), model["threadStack"])
        if model["containerAware"] == "false", model["maxHeap"] == nil {
            // memlint says the heap follows the node, not the limit: it must not be the limit's.
            return found
        }
        check("max heap", real["MaxHeapSize"], model["maxHeap"])
        check("initial heap", real["InitialHeapSize"], model["initialHeap"])
        return found
    }
}

/// memlint's heap advice, applied to a real JDK 17: the flag JVM007 (and JVM001) suggests gives
/// the heap the message states, and with it the finding goes away.
@Suite(.serialized) struct JVMAdviceLabTests {
    static let limits: [Int64] = [256, 300, 400, 450, 499, 500, 640, 700, 1024, 2048, 4096]

    @Test func suggestedHeapFlagsHaveTheirStatedEffect() throws {
        guard let (cgroup, java) = Lab.prepare("java") else { return }
        var checked = 0
        for limit in Self.limits {
            let model = try Lab.modelWithFindings("jvm", limit: "\(limit)Mi", env: [:], argv: ["java", "-jar", "/app.jar"])
            // JVM007's message: "…; <flag> would use the <N>Mi the budget leaves".
            if let note = model.findings["JVM007"] {
                let flag = try #require(note.fix.components(separatedBy: "add ").last?.components(separatedBy: " to ").first)
                let stated = try #require(Int64(note.message.components(separatedBy: "would use the ").last?.components(separatedBy: "Mi").first ?? ""))
                let heap = try Self.realMaxHeap(java, limitMiB: limit, toolOptions: flag, cgroup: cgroup)
                #expect(heap == stated << 20, "limit \(limit)Mi: \(flag) gives a \(heap >> 20)Mi heap, JVM007 says \(stated)Mi")
                let after = try Lab.modelWithFindings("jvm", limit: "\(limit)Mi", env: ["JAVA_TOOL_OPTIONS": flag], argv: ["java", "-jar", "/app.jar"])
                #expect(after.findings["JVM007"] == nil && after.findings["JVM001"] == nil, "limit \(limit)Mi: \(flag) leaves \(after.findings.keys.sorted())")
                checked += 1
            }
            // JVM001 on the default heap: "set the heap to -XmxNm or less".
            if let over = model.findings["JVM001"], let flag = over.fix.components(separatedBy: "set the heap to ").last?.components(separatedBy: " or less").first,
               flag.hasPrefix("-Xmx") {
                let heap = try Self.realMaxHeap(java, limitMiB: limit, toolOptions: flag, cgroup: cgroup)
                #expect("-Xmx\(heap >> 20)m" == flag, "limit \(limit)Mi: \(flag) gives a \(heap >> 20)Mi heap")
                let after = try Lab.modelWithFindings("jvm", limit: "\(limit)Mi", env: ["JAVA_TOOL_OPTIONS": flag], argv: ["java", "-jar", "/app.jar"])
                #expect(after.findings["JVM001"] == nil, "limit \(limit)Mi: \(flag) still gives JVM001")
                checked += 1
            }
        }
        print("truth lab, JVM advice: \(checked) suggestions applied to a real JDK")
        #expect(checked >= Self.limits.count)
    }

    /// JVM009's safe fix removes a MaxRAMPercentage that a heap size overrides: with and without it,
    /// every flag HotSpot ends with is the same, but three. The percentage itself; SharedBaseAddress,
    /// which differs between two identical runs (CDS maps at a random address); and MaxRAM, which a
    /// set percentage makes HotSpot fill in with the machine's memory (`Arguments::set_heap_size`)
    /// and which it reads only to size a heap that MaxHeapSize already fixes.
    @Test func removingAnOverriddenRAMPercentageChangesNoFlag() throws {
        guard let (cgroup, java) = Lab.prepare("java") else { return }
        let pairs: [([String], [String: String])] = [
            (["-XX:MaxRAMPercentage=75.0", "-Xmx512m"], [:]), (["-Xmx300m", "-XX:MaxRAMPercentage=90"], [:]),
            (["-XX:MaxRAMPercentage=20", "-XX:MaxHeapSize=700m"], [:]), (["-Xmx256m"], ["JAVA_TOOL_OPTIONS": "-XX:MaxRAMPercentage=75.0"]),
        ]
        for limit: Int64 in [256, 1024, 4096] {
            for (options, env) in pairs {
                let with = try #require(try JVMLabTests.real(JVMLabTests.Case(limitMiB: limit, options: options, env: env), cgroup: cgroup, java: java))
                let model = try Lab.modelWithFindings("jvm", limit: "\(limit)Mi", env: env, argv: ["java"] + options + ["-version"])
                #expect(model.findings["JVM009"] != nil, "limit \(limit)Mi \(options) \(env): JVM009 reports it")
                // The variable holds only the percentage: the fix removes it whole.
                let without = JVMLabTests.Case(limitMiB: limit, options: options.filter { !$0.contains("RAMPercentage") }, env: [:])
                let after = try #require(try JVMLabTests.real(without, cgroup: cgroup, java: java))
                let changed = Set(with.keys).union(after.keys).filter { !["MaxRAMPercentage", "SharedBaseAddress", "MaxRAM"].contains($0) && with[$0] != after[$0] }
                #expect(changed.isEmpty, "limit \(limit)Mi: removing the percentage from \(options) \(env) changed \(changed.sorted())")
            }
        }
    }

    static func realMaxHeap(_ java: String, limitMiB: Int64, toolOptions: String, cgroup: MemoryCgroup) throws -> Int64 {
        let outcome = try cgroup.run([java, "-XX:+PrintFlagsFinal", "-version"], limitBytes: limitMiB << 20,
                                     environment: ["JAVA_TOOL_OPTIONS": toolOptions])
        let line = outcome.stdout.split(separator: "\n").first { $0.contains(" MaxHeapSize ") }
        return line.flatMap { $0.split(separator: " ").dropFirst(3).first }.flatMap { Int64($0) } ?? -1
    }
}
