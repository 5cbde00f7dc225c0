import MemlintEngine

/// The JVM's memory, component by component (HotSpot's `Arguments::set_heap_size`, `src/hotspot/share/runtime/arguments.cpp`; the `java` man page and HotSpot's `gc_globals.hpp`; Paketo's `libjvm` `helper/memory_calculator.go`).
///
/// heap + metaspace + code cache + thread stacks + direct buffers + JVM overhead. Sizes come from
/// flags when set, from HotSpot's (or OpenJ9's) ergonomics for the heap, and otherwise from the
/// assumptions of JVM001, which users tune in `.lint.yml` or per workload with `jvm.memlint.io/<param>`.
struct JVMBudget: Sendable {
    /// `ScaleForWordSize(96*M)` on 64-bit: 96 MiB × 13/10, aligned down to 8 bytes = 124.8 MiB.
    static let hotspotDefaultMaxHeap: Int64 = 130_862_280
    /// HotSpot's reserved code cache with tiered compilation (and without it).
    static let reservedCodeCache: Int64 = 240 << 20
    static let reservedCodeCacheNoTiered: Int64 = 48 << 20
    /// `ThreadStackSize` default on Linux x86-64 (2 MiB on aarch64).
    static let defaultThreadStack: Int64 = 1 << 20

    struct Assumptions: Sendable {
        var metaspace: Int64
        var codeCache: Int64
        var threads: Int64
        /// The resident part of each thread's stack.
        var stackTouched: Int64
        var directMemory: Int64
        var overhead: Int64
        /// Where each value came from: "assumption" or an annotation.
        var origins: [String: String]
    }

    /// What sized the heap, as a typed fact (messages and advice depend on it).
    enum HeapSource: Sendable {
        /// `-Xmx` or `-XX:MaxHeapSize`.
        case maxHeapFlag
        /// `MaxRAMPercentage` (or `MaxRAMFraction`) applied to the limit.
        case percentage
        /// The JVM's ergonomics, no heap flag.
        case ergonomics
    }

    let options: JVMOptions
    let limit: ResolvedMemory?
    let assumptions: Assumptions
    var notes: [String] = []

    /// nil when the heap cannot be known (no limit and no -Xmx, or a JVM that ignores the limit).
    var heap: (bytes: Int64, origin: MemoryBudget.Origin, source: HeapSource)?
    /// HotSpot's InitialHeapSize, when the heap is known.
    var initialHeap: Int64?
    /// The flag that sized the heap, as written (`-Xmx384m`), or nil for the JVM's default.
    var heapFlag: String?
    /// The heap flag as messages name it: "-Xmx1G, the default of Apache Kafka's kafka-server-start.sh".
    var heapOrigin: String?
    /// The expected footprint and the worst case, computed once.
    private(set) var parts: [Part]?
    private(set) var worstCase: [Part]?

    /// The budget the resolution stage computed, for a container that runs a JVM.
    static func of(_ context: ContainerContext) -> JVMBudget? { context.settings(JVMSettings.self)?.model }

    init(_ container: ResolvedContainer, options: JVMOptions, parameters: ParameterValues) {
        self.options = options
        limit = container.memoryLimit
        assumptions = Self.assumptions(parameters)
        if let version = options.version { notes.append(version.description) }
        if let launcher = options.launcher { notes.append(JVMOptions.launcherNote(launcher)) }
        if !options.commandLineKnown { notes.append("the java command line is not visible (started by \(container.process.executableName ?? "an unknown command")); only JAVA_TOOL_OPTIONS and _JAVA_OPTIONS are counted") }
        heap = computeHeap()
        if options.version?.openJ9 != true, let computed = heap {
            let alignment = heapAlignment(computed.bytes)
            heap = (Self.alignUp(computed.bytes, alignment), computed.origin, computed.source)
            initialHeap = computeInitialHeap(maxHeap: heap!.bytes, alignment: alignment)
        }
        parts = computeParts()
        worstCase = computeWorstCase()
    }

    private static func assumptions(_ parameters: ParameterValues) -> Assumptions {
        var origins: [String: String] = [:]
        for key in ["metaspace", "codeCache", "threads", "stackTouched", "directMemory", "overhead"] {
            if case .annotation(let annotation) = parameters.source(key) { origins[key] = "annotation \(annotation)" } else { origins[key] = "assumption" }
        }
        return Assumptions(metaspace: parameters[JVMRuntime.metaspace], codeCache: parameters[JVMRuntime.codeCache],
                           threads: parameters[JVMRuntime.threads], stackTouched: parameters[JVMRuntime.stackTouched],
                           directMemory: parameters[JVMRuntime.directMemory],
                           overhead: parameters[JVMRuntime.overhead], origins: origins)
    }

    /// `-Xms` above `-Xmx`: "Initial heap size set to a larger value than the maximum heap size".
    var initialAboveMax: Bool {
        guard let initial = options.effective(.initialHeap)?.bytes, let max = options.effective(.maxHeap)?.bytes else { return false }
        return initial > max
    }

    /// True when the JVM sizes itself from the container limit.
    var isContainerAware: Bool {
        if options.effective(.containerSupport)?.enabled == false { return false }
        if let version = options.version, version.major == 8, let update = version.update, update < 191, !version.openJ9 { return false }
        return true
    }

    private mutating func computeHeap() -> (Int64, MemoryBudget.Origin, HeapSource)? {
        if let flag = options.effective(.maxHeap), let bytes = flag.bytes {
            heapFlag = flag.text
            heapOrigin = flag.described
            return (bytes, .setting(flag.described, flag.location), .maxHeapFlag)
        }
        let maxRAM = options.effective(.maxRAM)
        guard isContainerAware || maxRAM != nil else {
            notes.append("this JVM does not read the container limit: its default heap is a quarter of the node's memory")
            return nil
        }
        guard let physical = maxRAM?.bytes ?? limit?.bytes else { return nil }
        let physicalText = maxRAM.map { "MaxRAM \($0.value)" } ?? "the \(limit!.quantity.text) limit"
        if options.version?.openJ9 == true, options.effective(.maxRAMPercentage) == nil {
            // OpenJ9 with a container limit: 50 % under 1 GiB, limit − 512 MiB up to 2 GiB, 75 % above, at most 25 GiB.
            let gib: Int64 = 1 << 30
            let heap: Int64
            let rule: String
            if physical < gib { heap = physical / 2; rule = "50 % of \(physicalText), OpenJ9's default under 1Gi" }
            else if physical <= 2 * gib { heap = physical - (512 << 20); rule = "\(physicalText) − 512Mi, OpenJ9's default for 1–2Gi" }
            else { heap = min(physical / 4 * 3, 25 * gib); rule = "75 % of \(physicalText), OpenJ9's default over 2Gi" }
            return (heap, .derived(rule), .ergonomics)
        }
        let maxFlag = options.effective(.maxRAMPercentage)
        let minFlag = options.effective(.minRAMPercentage)
        let maxPercent = maxFlag?.number ?? options.effective(.maxRAMFraction).map { 100 / $0.number! } ?? 25
        let minPercent = minFlag?.number ?? options.effective(.minRAMFraction).map { 100 / $0.number! } ?? 50
        var heap = Int64(saturating: Double(physical) * maxPercent / 100)
        let smallHeap = Int64(saturating: Double(physical) * minPercent / 100)
        var rule: String
        let maxText = maxFlag.map { "MaxRAMPercentage=\($0.value)" } ?? "MaxRAMPercentage default 25"
        if smallHeap < Self.hotspotDefaultMaxHeap {
            heap = smallHeap
            rule = "\(Self.percent(minPercent)) % of \(physicalText), MinRAMPercentage\(minFlag == nil ? " default 50" : "=\(minFlag!.value)") for small memory"
        } else if heap < Self.hotspotDefaultMaxHeap {
            heap = Self.hotspotDefaultMaxHeap
            rule = "HotSpot's 124.8Mi floor, since \(maxText) of \(physicalText) is less"
        } else {
            rule = "\(Self.percent(maxPercent)) % of \(physicalText), \(maxText)"
        }
        if let initial = options.effective(.initialHeap), let bytes = initial.bytes, bytes > heap {
            heap = bytes
            rule = "raised to -Xms \(initial.value)"
        }
        if let flag = maxFlag {
            heapFlag = flag.text
            heapOrigin = flag.described
            return (heap, .setting("\(flag.described) → \(rule)", flag.location), .percentage)
        }
        return (heap, .derived(rule), options.effective(.maxRAMFraction) == nil ? .ergonomics : .percentage)
    }

    /// HotSpot aligns the heap to `HeapAlignment`: the card table's 2 MiB constraint (512-byte cards ×
    /// 4 KiB pages), or G1's region size when larger (MaxHeapSize / 2048, a power of two from 1 to
    /// 32 MiB). G1 is the default on a "server class" machine: 2 or more CPUs and at least 1792 MiB
    /// (the container limit); memlint assumes the node gives the pod 2 CPUs or more.
    private func heapAlignment(_ maxHeap: Int64) -> Int64 {
        Self.heapAlignment(maxHeap: maxHeap, memory: limit?.bytes ?? options.effective(.maxRAM)?.bytes ?? 0,
                           collector: options.effective(.garbageCollector)?.value)
    }

    /// `memory` is what the JVM takes for physical memory (the limit); `collector` a `Use…GC` flag.
    static func heapAlignment(maxHeap: Int64, memory: Int64, collector: String?) -> Int64 {
        let cardTable: Int64 = 2 << 20
        guard collector == "UseG1GC" || (collector == nil && memory >= 1792 << 20) else { return cardTable }
        var region: Int64 = 1 << 20
        while region < 32 << 20, region * 2 <= maxHeap / 2048 { region *= 2 }
        return max(cardTable, region)
    }

    static func alignUp(_ value: Int64, _ alignment: Int64) -> Int64 {
        value.saturatingAdd(alignment - 1) / alignment * alignment
    }

    /// `ScaleForWordSize(4M) + ScaleForWordSize(1M)` (OldSize + NewSize) on 64-bit: the smallest initial heap.
    static let reasonableMinimumHeap: Int64 = 5_452_592 + 1_363_144

    /// InitialHeapSize: `-Xms`, else InitialRAMPercentage (1.5625 %) of the memory, at least
    /// OldSize + NewSize, at most the max heap, aligned (`Arguments::set_heap_size`).
    private func computeInitialHeap(maxHeap: Int64, alignment: Int64) -> Int64? {
        if let flag = options.effective(.initialHeap), let bytes = flag.bytes, bytes > 0 { return Self.alignUp(bytes, alignment) }
        guard let physical = options.effective(.maxRAM)?.bytes ?? limit?.bytes else { return nil }
        let percent = options.effective(.initialRAMPercentage)?.number
            ?? options.effective(.initialRAMFraction).map { 100 / $0.number! } ?? 1.5625
        let initial = min(max(Int64(saturating: Double(physical) * percent / 100), Self.reasonableMinimumHeap), maxHeap)
        return Self.alignUp(initial, alignment)
    }

    private static func percent(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// One budget line, with the short source used in messages ("-Xmx384m", "assumed", "JVM default").
    struct Part: Sendable {
        var component: MemoryBudget.Component
        var short: String
    }

    private func sized(_ setting: JVMSetting, name: String, assumption: Int64, parameter: String) -> Part {
        if let flag = options.effective(setting), let bytes = flag.bytes {
            return Part(component: .init(name, bytes, .setting(flag.described, flag.location)), short: flag.text)
        }
        return assumed(name, assumption, parameter: parameter)
    }

    private func assumed(_ name: String, _ bytes: Int64, parameter: String) -> Part {
        let origin = assumptions.origins[parameter] ?? "assumption"
        if origin == "assumption" {
            return Part(component: .init(name, bytes, .assumption(parameter: parameter, value: ByteFormat.format(bytes))), short: "assumed")
        }
        return Part(component: .init(name, bytes, .derived("\(origin)=\(ByteFormat.format(bytes))")), short: origin)
    }

    var threadStack: (bytes: Int64, text: String) {
        // 0 means the platform default.
        if let flag = options.effective(.threadStack), let bytes = flag.bytes, bytes > 0 { return (bytes, flag.text) }
        return (Self.defaultThreadStack, "1Mi")
    }

    /// The expected footprint: flags where set, assumptions elsewhere.
    private func computeParts() -> [Part]? {
        guard let heap else { return nil }
        let stack = threadStack
        let threads = assumptions.origins["threads"] == "assumption"
            ? "assumption threads=\(assumptions.threads)" : "\(assumptions.origins["threads"] ?? "")=\(assumptions.threads)"
        let heapShort = heapFlag ?? "default heap"
        return [
            Part(component: .init("heap", heap.bytes, heap.origin), short: heapShort),
            sized(.maxMetaspace, name: "metaspace", assumption: assumptions.metaspace, parameter: "metaspace"),
            sized(.reservedCodeCache, name: "code cache", assumption: assumptions.codeCache, parameter: "codeCache"),
            touchedStacks(threads, stack),
            sized(.maxDirectMemory, name: "direct buffers", assumption: assumptions.directMemory, parameter: "directMemory"),
            assumed("JVM overhead", assumptions.overhead, parameter: "overhead"),
        ]
    }

    /// Each thread's resident stack: the touched part (`stackTouched`), never more than `-Xss`.
    private func touchedStacks(_ threads: String, _ stack: (bytes: Int64, text: String)) -> Part {
        let touched = min(stack.bytes, assumptions.stackTouched)
        let text = touched == stack.bytes ? stack.text : "\(ByteFormat.format(touched)) of \(stack.text)"
        let origin = assumptions.origins["stackTouched"] == "assumption" ? "assumed resident" : assumptions.origins["stackTouched"] ?? ""
        return Part(component: .init("thread stacks", assumptions.threads.saturatingMultiply(touched),
                                     .derived("\(threads) × \(text) stack (\(origin))")),
                    short: "\(assumptions.threads) × \(text)")
    }

    /// The worst case: every stack as deep as `-Xss`, direct buffers as large as the heap (the JDK's
    /// default limit) and the whole reserved code cache (240Mi, or 48Mi without tiered compilation).
    private func computeWorstCase() -> [Part]? {
        guard var parts, let heap else { return nil }
        let stack = threadStack
        parts[3] = Part(component: .init("thread stacks", assumptions.threads.saturatingMultiply(stack.bytes), .derived("\(assumptions.threads) × \(stack.text) reserved")),
                        short: "\(assumptions.threads) × \(stack.text)")
        if options.effective(.reservedCodeCache) == nil {
            let tiered = options.effective(.tieredCompilation)?.enabled != false
            let reserved = tiered ? Self.reservedCodeCache : Self.reservedCodeCacheNoTiered
            parts[2] = Part(component: .init("code cache", reserved, .runtimeDefault("ReservedCodeCacheSize, \(tiered ? "240Mi with" : "48Mi without") tiered compilation")),
                            short: "reserved")
        }
        if options.effective(.maxDirectMemory) == nil {
            parts[4] = Part(component: .init("direct buffers", heap.bytes, .runtimeDefault("MaxDirectMemorySize unset: as large as the max heap")),
                            short: "JDK default = max heap")
        }
        return parts
    }

    var memoryBudget: MemoryBudget? {
        guard let parts else { return nil }
        return MemoryBudget(runtime: JVMRuntime.id, components: parts.map(\.component), limit: limit, notes: notes)
    }

    static func total(_ parts: [Part]) -> Int64 { parts.map(\.component.bytes).saturatingSum() }

    /// "heap 384Mi (-Xmx384m) + metaspace 48Mi (assumed) + …"
    static func arithmetic(_ parts: [Part]) -> String {
        parts.map { "\($0.component.name) \(ByteFormat.mib($0.component.bytes)) (\($0.short))" }.joined(separator: " + ")
    }
}

/// What the JVM pack parsed of a container: its options, in the JVM's precedence, and its budget.
struct JVMSettings: RuntimeSettings {
    let model: JVMBudget
    let budget: MemoryBudget?
    var options: JVMOptions { model.options }

    /// The figures the truth lab compares with `java -XX:+PrintFlagsFinal` in a cgroup.
    var facts: [String: String] {
        var facts = ["starts": String(!options.refusesToStart && !model.initialAboveMax)]
        if let heap = model.heap { facts["maxHeap"] = String(heap.bytes) }
        if let initial = model.initialHeap { facts["initialHeap"] = String(initial) }
        facts["threadStack"] = String(model.threadStack.bytes)
        facts["containerAware"] = String(model.isContainerAware)
        return facts
    }

    init(_ container: ResolvedContainer, parameters: ParameterValues) {
        model = JVMBudget(container, options: JVMOptions.read(container), parameters: parameters)
        budget = model.memoryBudget
    }
}
