#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Numbers in messages, written as C's printf writes them (`%.1f`, `%.2g`): the same rounding
/// everywhere, without Foundation's `String(format:)` (memlint links no corelibs Foundation, so
/// no ICU: docs/architecture.md).
public enum NumberText {
    /// `value` with `digits` decimals: printf's `%.<digits>f`.
    public static func fixed(_ value: Double, digits: Int) -> String { printf("%.\(digits)f", value) }

    /// `value` in `digits` significant digits, the shorter of fixed and exponent form: printf's `%.<digits>g`.
    public static func significant(_ value: Double, digits: Int) -> String { printf("%.\(digits)g", value) }

    private static func printf(_ format: String, _ value: Double) -> String {
        var capacity = 64
        while true {
            var buffer = [CChar](repeating: 0, count: capacity)
            let written = withVaList([value]) { vsnprintf(&buffer, capacity, format, $0) }
            guard written >= 0 else { return String(value) }
            if Int(written) < capacity { return String(decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self) }
            capacity = Int(written) + 1
        }
    }
}
