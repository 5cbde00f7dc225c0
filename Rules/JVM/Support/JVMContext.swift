import MemlintEngine

extension ContainerContext {
    /// A container memlint took for a JVM (detected, or declared in `.lint.yml` / annotations).
    var isJVM: Bool { runtime?.id == JVMRuntime.id }

    /// The related location of the limit, for budget findings.
    var limitRelated: [RelatedLocation] { memoryLimit.map { [$0.related("limit")] } ?? [] }

    /// Where a budget finding points: the flag that sizes the heap, or else the limit.
    func budgetAnchor(_ budget: JVMBudget) -> SourceLocation? {
        if case .setting(_, let location)? = budget.heap?.origin, let location { return location }
        return memoryLimit?.location ?? container.name.map { here($0.span) }
    }
}

/// Shared wording for suggestions. Every flag suggested here has, in the truth lab, the effect the
/// message states on a real JDK 17 (docs/truth-lab.md).
enum JVMAdvice {
    /// The room for the heap, rounded down to HotSpot's 2 MiB heap alignment, so that the JVM's
    /// aligned heap is exactly what is suggested.
    static func room(limit: Int64, nonHeap: Int64) -> Int64 { (max(0, limit - nonHeap) >> 21) << 21 }

    /// The edit that writes `heap` (bytes, a whole MiB) in place of the `-Xmx` flag that sizes the heap,
    /// and lowers an `-Xms` above it (the JVM refuses an initial heap above the maximum). Unsafe: a
    /// smaller heap may not hold the application's live data. nil when the heap is not set by an
    /// `-Xmx` written in one place (a percentage, a launcher's default, a flag built from variables).
    static func heapEdit(_ budget: JVMBudget, heap: Int64) -> Fix? {
        guard let max = budget.options.effective(.maxHeap), max.text.hasPrefix("-Xmx"), !max.isLauncherDefault,
              let location = max.token.contiguousLocation else { return nil }
        let flag = "-Xmx\(heap >> 20)m"
        var edits = [Fix.Edit(path: location.path, span: location.span, replacement: flag)]
        if let initial = budget.options.effective(.initialHeap), let bytes = initial.bytes, bytes > heap {
            guard initial.text.hasPrefix("-Xms"), !initial.isLauncherDefault, let at = initial.token.contiguousLocation else { return nil }
            edits.append(Fix.Edit(path: at.path, span: at.span, replacement: "-Xms\(heap >> 20)m"))
        }
        return Fix(.unsafe, "set \(flag)", edits: edits)
    }

    /// "-Xmx236m", the largest heap that fits `limit` next to `nonHeap`, or nil when nothing fits.
    static func largestHeap(limit: Int64, nonHeap: Int64) -> String? {
        let room = room(limit: limit, nonHeap: nonHeap)
        guard room >= 16 << 20 else { return nil }
        return "-Xmx\(room >> 20)m"
    }

    /// "-XX:MaxRAMPercentage=56.6", rounded down to a tenth, or nil when nothing fits or when HotSpot
    /// would not follow it: below 249.6Mi the JVM takes MinRAMPercentage (50 %) of the limit whatever
    /// MaxRAMPercentage says, and a percentage under the 124.8Mi default heap loses to that floor.
    static func percentage(limit: Int64, nonHeap: Int64) -> String? {
        percentageAndHeap(limit: limit, nonHeap: nonHeap)?.flag
    }

    /// The percentage, and the heap HotSpot gives for it: `limit × p / 100`, aligned up.
    static func percentageAndHeap(limit: Int64, nonHeap: Int64) -> (flag: String, heap: Int64)? {
        let room = room(limit: limit, nonHeap: nonHeap)
        guard room > 0, limit > 0, limit / 2 >= JVMBudget.hotspotDefaultMaxHeap else { return nil }
        var tenths = Int(clamping: Int64(saturating: Double(room) / Double(limit) * 1000))
        func heap(_ tenths: Int) -> Int64 {
            let raw = Int64(saturating: Double(limit) * Double(tenths) / 1000)
            return JVMBudget.alignUp(raw, JVMBudget.heapAlignment(maxHeap: raw, memory: limit, collector: nil))
        }
        while tenths > 10, heap(tenths) > room { tenths -= 1 }
        guard tenths >= 10, Double(limit) * Double(tenths) / 1000 >= Double(JVMBudget.hotspotDefaultMaxHeap) else { return nil }
        return ("-XX:MaxRAMPercentage=\(tenths / 10).\(tenths % 10)", heap(tenths))
    }

    /// The flag that gives the heap the room the budget leaves, and the heap it gives: a percentage
    /// where HotSpot follows one (it then follows the limit too), else `-Xmx`.
    static func heapFlag(limit: Int64, nonHeap: Int64) -> (flag: String, heap: Int64)? {
        if let percentage = percentageAndHeap(limit: limit, nonHeap: nonHeap) { return percentage }
        return largestHeap(limit: limit, nonHeap: nonHeap).map { ($0, room(limit: limit, nonHeap: nonHeap)) }
    }

    /// " in KAFKA_HEAP_OPTS (it replaces the launcher's default)" when the heap comes from a launcher's
    /// defaults that a variable replaces; "" otherwise.
    static func `where`(_ budget: JVMBudget) -> String {
        guard let flag = budget.options.effective(.maxHeap) ?? budget.options.effective(.maxRAMPercentage),
              case .launcherDefault = flag.source, let variable = budget.options.launcher?.facts.unless.first else { return "" }
        return " in \(variable) (it replaces the launcher's default)"
    }

    /// A limit that holds `total`, rounded up to a whole MiB.
    static func limitFor(_ total: Int64) -> String {
        "\(total.saturatingAdd((1 << 20) - 1) >> 20)Mi"
    }
}

/// What the truth lab measured a real JDK 17 service commit outside its heap under Native Memory
/// Tracking (docs/truth-lab.md, `JVMFootprintLabTests`): the basis of JVM001's severity.
enum JVMLabFootprint {
    /// An HTTP service with 3,000 classes and 50 threads: 44–57Mi; every configuration whose heap
    /// left less than this to the limit was killed.
    static let smallestNonHeap: Int64 = 44 << 20
    /// 12,000 classes and 200 threads: 100–107Mi.
    static let largestNonHeap: Int64 = 107 << 20
    /// A `-javaagent` that loads 3,000 classes of its own added 8–18Mi.
    static let agentAllowance: Int64 = 18 << 20
}
