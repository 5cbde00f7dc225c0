/// Byte arithmetic that cannot trap: memory values come from users' files, and `8Ei`, a thread count of
/// 10^18 or a 20-digit MiB value must give a finding, not a crash. Results clamp to `Int64.max`/`min`.
extension Int64 {
    public func saturatingAdd(_ other: Int64) -> Int64 {
        let (result, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : result
    }

    public func saturatingMultiply(_ other: Int64) -> Int64 {
        let (result, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? ((self < 0) == (other < 0) ? .max : .min) : result
    }

    /// The largest Double magnitude that converts to Int64 without trapping (a little under 2^63).
    public static let doubleBound: Double = 9.2e18

    /// A Double clamped into Int64 (NaN is 0).
    public init(saturating value: Double) {
        if value.isNaN { self = 0 } else if value >= Int64.doubleBound { self = .max } else if value <= -Int64.doubleBound { self = .min } else { self = Int64(value) }
    }
}

extension Sequence where Element == Int64 {
    public func saturatingSum() -> Int64 { reduce(0) { $0.saturatingAdd($1) } }
}
