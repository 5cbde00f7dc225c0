import MemlintEngine

/// The Node.js version an image runs, from its tag (`node:18`, `node:20.2.0-slim`,
/// `gcr.io/distroless/nodejs20-debian12`). Minor and patch are nil when the tag does not say.
struct NodeVersion: Sendable, Comparable, CustomStringConvertible {
    var major: Int
    var minor: Int?
    var patch: Int?

    var description: String { [String(major), minor.map(String.init), patch.map(String.init)].compactMap { $0 }.joined(separator: ".") }

    static func < (a: NodeVersion, b: NodeVersion) -> Bool {
        (a.major, a.minor ?? Int.max, a.patch ?? Int.max) < (b.major, b.minor ?? Int.max, b.patch ?? Int.max)
    }

    static func from(_ reference: ImageReference) -> NodeVersion? {
        let repository = reference.normalizedRepository
        if let range = repository.rangeOfLiteral("nodejs") {
            let digits = repository[range.upperBound...].prefix { $0.isNumber }
            if let major = Int(digits) { return NodeVersion(major: major) }
        }
        guard reference.name == "node" || reference.name.hasPrefix("node"), let tag = reference.tag else { return nil }
        let numbers = tag.prefix { $0.isNumber || $0 == "." }.split(separator: ".").compactMap { Int($0) }
        guard let major = numbers.first, (4...40).contains(major) else { return nil }
        return NodeVersion(major: major, minor: numbers.count > 1 ? numbers[1] : nil, patch: numbers.count > 2 ? numbers[2] : nil)
    }

    /// `--max-old-space-size-percentage` arrived in 24.6.0 and 22.21.0 (Node's CLI documentation, `doc/api/cli.md`).
    var hasHeapPercentage: Bool {
        switch major {
        case ...21, 23: false
        case 22: (minor ?? Int.max) >= 21
        case 24: (minor ?? Int.max) >= 6
        default: true
        }
    }

    /// libuv reads cgroup v2 limits from Node 20.3.0 (V8's `Heap::HeapSizeFromPhysicalMemory` in `src/heap/heap.cc`, fed by Node's `SetIsolateCreateParamsForNode`).
    var readsCgroupV2: Bool { self >= NodeVersion(major: 20, minor: 3, patch: 0) }
}

/// One V8 heap flag, with where it was written.
struct NodeFlag: Sendable {
    enum Kind: Sendable { case oldSpace, semiSpace, oldSpacePercentage, heapSize }
    var kind: Kind
    var token: TracedText
    var value: String
    var number: Double?
    var fromNodeOptions: Bool
    var problem: String?
}

/// The heap flags of a Node.js container: `NODE_OPTIONS`, then the node command line (which wins).
struct NodeSettings: RuntimeSettings {
    var flags: [NodeFlag] = []
    var version: NodeVersion?
    /// `pm2-runtime`, `pm2`, or node's cluster: several processes, each with its own heap.
    var multiProcess: String?
    var launcher: String?

    /// node's options whose value is the next word.
    static let optionsWithSeparateValue: Set<String> = ["-r", "--require", "--import", "--loader", "--experimental-loader", "-C", "--conditions", "--title"]

    static let names: [String: NodeFlag.Kind] = [
        "--max-old-space-size": .oldSpace, "--max-semi-space-size": .semiSpace,
        "--max-old-space-size-percentage": .oldSpacePercentage, "--max-heap-size": .heapSize,
    ]

    /// The settings the resolution stage computed, for a container that runs Node.js.
    static func of(_ context: ContainerContext) -> NodeSettings? { context.settings(NodeSettings.self) }

    /// The budget, computed with the settings (`explain` and the rules read the same one).
    var budget: MemoryBudget?
    private(set) var limitBytes: Int64?

    init(_ container: ResolvedContainer) {
        readFlags(container)
        limitBytes = container.memoryLimit?.bytes
        budget = Self.budget(self, limit: container.memoryLimit)
    }

    /// The figures the truth lab compares with `v8.getHeapStatistics()` under a cgroup limit.
    var facts: [String: String] {
        var facts = ["starts": String(!refusesToStart)]
        if let heap = heapLimit(limit: limitBytes) { facts["heapLimit"] = String(heap.bytes) }
        return facts
    }

    private mutating func readFlags(_ container: ResolvedContainer) {
        let image = container.image
        let base = container.linkedImage?.baseImage
        version = [base, image].compactMap { $0 }.lazy.compactMap(NodeVersion.from).first
        let command = container.process.command
        let executable = container.process.executableName
        if let value = container.process.environment["NODE_OPTIONS"]?.value {
            for token in OptionTokens.split(value) { parse(token, fromNodeOptions: true) }
        }
        switch executable {
        case "node", "nodejs":
            var i = 1
            while i < command.count {
                let word = command[i].text
                guard word.hasPrefix("-"), word != "--", word != "-e", word != "-p", word != "--eval", word != "--print" else { break }
                if Self.names[Self.normalized(word)] != nil, !word.containsLiteral("="), i + 1 < command.count {
                    var joined = command[i]
                    joined.append("=", origin: .synthetic)
                    joined.append(command[i + 1])
                    parse(joined, fromNodeOptions: false)
                    i += 2
                    continue
                }
                parse(command[i], fromNodeOptions: false)
                if Self.optionsWithSeparateValue.contains(word) { i += 1 }
                i += 1
            }
        case "pm2-runtime", "pm2":
            multiProcess = executable
        case "npm", "npx", "yarn", "pnpm":
            launcher = executable
        default:
            break
        }
    }

    /// `--max_old_space_size` is `--max-old-space-size`: V8 treats `_` and `-` alike.
    /// Byte by byte: it runs for every word of every Node container's command and NODE_OPTIONS.
    static func normalized(_ token: String) -> String {
        if token.utf8.first == UInt8(ascii: "=") {  // not a flag; what splitting on "=" (dropping empty parts) makes of it
            return (token.split(separator: "=", maxSplits: 1).first.map(String.init) ?? token).replacing("_", with: "-")
        }
        let bytes = token.utf8.prefix { $0 != UInt8(ascii: "=") }
        guard bytes.contains(UInt8(ascii: "_")) else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: "-") : $0 }, as: UTF8.self)
    }

    private mutating func parse(_ token: TracedText, fromNodeOptions: Bool) {
        let text = token.text
        guard let kind = Self.names[Self.normalized(text)] else { return }
        let value = text.split(separator: "=", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        var flag = NodeFlag(kind: kind, token: token, value: value, number: nil, fromNodeOptions: fromNodeOptions, problem: nil)
        let name = Self.normalized(text)
        switch kind {
        case .heapSize where fromNodeOptions:
            flag.problem = "--max-heap-size is not allowed in NODE_OPTIONS: node exits with 'is not allowed in NODE_OPTIONS'"
        case .oldSpace, .semiSpace, .heapSize:
            // V8 size_t flags: digits only (`4g`, `4096MB`, `1.5` are "illegal value for flag").
            if let number = UInt64(value) { flag.number = Double(number) } else {
                flag.problem = "\(name)=\(value) is not a whole number of MiB: V8 stops with 'illegal value for flag'"
            }
        case .oldSpacePercentage:
            if let number = Double(value), number > 0, number <= 100 { flag.number = number } else {
                flag.problem = "\(name) must be a number in (0, 100], got '\(value)'"
            }
            if let version, !version.hasHeapPercentage {
                flag.problem = "\(name) does not exist in Node \(version) (it came in 22.21.0 and 24.6.0): node exits with 'bad option'"
            }
        }
        flags.append(flag)
    }

    func effective(_ kind: NodeFlag.Kind) -> NodeFlag? {
        flags.last { $0.kind == kind && $0.problem == nil }
    }

    /// Old space in bytes from flags (the percentage wins over the size, as Node documents), or nil.
    func oldSpace(limit: Int64?) -> (bytes: Int64, flag: NodeFlag)? {
        if let percentage = effective(.oldSpacePercentage), let limit, let p = percentage.number {
            return (Int64(saturating: Double(limit) * p / 100), percentage)
        }
        if let size = effective(.oldSpace), let mib = size.number { return (Int64(saturating: mib).saturatingMultiply(1 << 20), size) }
        return nil
    }

    /// V8's default old space for the memory Node reports (the limit): half of it, at least 256Mi
    /// and at most 2Gi, 4Gi from 15Gi (`Heap::HeapSizeFromPhysicalMemory`).
    static func defaultOldSpace(memory: Int64) -> Int64 {
        let cap: Int64 = memory >= 15 << 30 ? 4 << 30 : 2 << 30
        return min(max(memory / 2, 256 << 20), cap)
    }

    /// One semi-space of the young generation: `--max-semi-space-size` (MiB), or V8's default, sized
    /// from the default old space (÷ 256 up to 256Mi of old space, ÷ 128 above), 1Mi to 16Mi; V8 rounds
    /// it up to a power of two. Without a known limit, the 16Mi of a large machine. Checked against
    /// Node 20's `heap_size_limit` under cgroup limits in the truth lab.
    func semiSpace(limit: Int64?) -> (bytes: Int64, flag: NodeFlag?) {
        if let flag = effective(.semiSpace), let mib = flag.number {
            return (Self.powerOfTwo(atLeast: max(Int64(saturating: mib), 1)).saturatingMultiply(1 << 20), flag)
        }
        guard let limit else { return (16 << 20, nil) }
        let old = Self.defaultOldSpace(memory: limit)
        let semi = min(max(old / (old <= 256 << 20 ? 256 : 128), 1 << 20), 16 << 20)
        return (Self.powerOfTwo(atLeast: semi >> 20) << 20, nil)
    }

    private static func powerOfTwo(atLeast value: Int64) -> Int64 {
        var power: Int64 = 1
        while power < value, power < 1 << 40 { power <<= 1 }
        return power
    }

    /// What `v8.getHeapStatistics().heap_size_limit` reports: `--max-heap-size` (command line), else
    /// the old space (flag or default) plus the young generation, three semi-spaces. nil without a
    /// known limit and flag.
    func heapLimit(limit: Int64?) -> (bytes: Int64, old: Int64, young: Int64)? {
        if let flag = effective(.heapSize), let mib = flag.number {
            let bytes = Int64(saturating: mib).saturatingMultiply(1 << 20)
            return (bytes, bytes, 0)
        }
        let young = semiSpace(limit: limit).bytes.saturatingMultiply(3)
        if let (old, _) = oldSpace(limit: limit) { return (old.saturatingAdd(young), old, young) }
        guard let limit else { return nil }
        let old = Self.defaultOldSpace(memory: limit)
        return (old.saturatingAdd(young), old, young)
    }

    /// Node refuses some option and does not start.
    var refusesToStart: Bool { flags.contains { $0.problem != nil } }
}

/// The Node.js budget: old space and young generation, and what the limit leaves for Buffers,
/// native addons and code outside the V8 heap.
extension NodeSettings {
    static func budget(_ settings: NodeSettings, limit: ResolvedMemory?) -> MemoryBudget? {
        var notes: [String] = []
        if let version = settings.version { notes.append("Node.js \(version)") }
        if let multi = settings.multiProcess { notes.append("\(multi) may run several node processes, each with its own heap") }
        if let launcher = settings.launcher { notes.append("started by \(launcher), which passes NODE_OPTIONS to node") }
        var components: [MemoryBudget.Component] = []
        if let (bytes, flag) = settings.oldSpace(limit: limit?.bytes) {
            components.append(.init("old space", bytes, .setting(flag.token.text, flag.token.location)))
        } else if let limit {
            // V8 sizes old space at half of the memory Node reports, between 256Mi and 2Gi (4Gi from
            // 15Gi up): `Heap::HeapSizeFromPhysicalMemory`, fed by Node's `SetIsolateCreateParamsForNode`.
            components.append(.init("old space", defaultOldSpace(memory: limit.bytes), .runtimeDefault("V8 default, half the limit (256Mi–2Gi)")))
        } else {
            return nil
        }
        let semi = settings.semiSpace(limit: limit?.bytes)
        components.append(.init("young generation", semi.bytes.saturatingMultiply(3),
                                semi.flag.map { .setting("3 × \($0.token.text)", $0.token.location) }
                                    ?? .runtimeDefault("3 × \(ByteFormat.mib(semi.bytes)) semi-space, sized from the default old space")))
        notes.append("what the limit leaves goes to Buffers, native addons, code and each worker thread's own heap")
        return MemoryBudget(runtime: NodeRuntime.id, components: components, limit: limit, notes: notes)
    }
}
