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

/// Shared wording for suggestions.
enum JVMAdvice {
    /// "-Xmx236m", the largest heap that fits `limit` next to `nonHeap`, or nil when nothing fits.
    static func largestHeap(limit: Int64, nonHeap: Int64) -> String? {
        let room = limit - nonHeap
        guard room >= 16 << 20 else { return nil }
        return "-Xmx\(room >> 20)m"
    }

    /// "-XX:MaxRAMPercentage=56.6", rounded down to a tenth, or nil when nothing fits.
    static func percentage(limit: Int64, nonHeap: Int64) -> String? {
        let room = limit - nonHeap
        guard room > 0, limit > 0 else { return nil }
        let tenths = Int(clamping: Int64(saturating: Double(room) / Double(limit) * 1000))
        guard tenths >= 10 else { return nil }
        return "-XX:MaxRAMPercentage=\(tenths / 10).\(tenths % 10)"
    }

    /// A limit that holds `total`, rounded up to a whole MiB.
    static func limitFor(_ total: Int64) -> String {
        "\(total.saturatingAdd((1 << 20) - 1) >> 20)Mi"
    }
}
