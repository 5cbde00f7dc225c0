import MemlintYAML

/// A Kubernetes `resource.Quantity`, parsed with apimachinery's grammar (apimachinery's `pkg/api/resource/quantity.go`
/// `k8s.io/apimachinery/pkg/api/resource/quantity.go` `parseQuantityString` and `suffix.go`):
///
///     <quantity> ::= <signedNumber><suffix>
///     <suffix>   ::= Ki | Mi | Gi | Ti | Pi | Ei | n | u | m | "" | k | M | G | T | P | E | (e|E)<signedNumber>
///
/// The value is kept exactly as digits and a power, and converted to bytes rounding up, as
/// `Quantity.Value()` does.
public struct Quantity: Sendable, Equatable, CustomStringConvertible {
    public enum Format: Sendable, Equatable { case binarySI, decimalSI, decimalExponent }

    /// The text as written (surrounding whitespace removed, as `UnmarshalJSON` does).
    public let text: String
    public let format: Format
    public let isNegative: Bool
    /// The significant digits (integer and fraction run together, leading zeros dropped).
    let digits: [UInt8]
    /// How many of `digits`' trailing places are fractional.
    let fractionDigits: Int
    /// The power of ten (decimal formats) or of two (binary) that the suffix contributes.
    let exponent: Int

    public var description: String { text }

    /// The value rounded up to a whole number (`Quantity.Value()`), saturated at `Int64.max`.
    public var roundedUp: Int64 { computeValue().ceil }

    /// True when the value has a fractional part: for memory, a fractional number of bytes
    /// (the API server warns `fractional byte value "100m" is invalid, must be an integer`).
    public var isFractional: Bool { !computeValue().exact }

    /// The exact value as a double (for messages and ratios; not for decisions at the byte).
    public var approximate: Double {
        var mantissa = 0.0
        for digit in digits { mantissa = mantissa * 10 + Double(digit) }
        var value = mantissa / pow10(fractionDigits)
        switch format {
        case .binarySI: value *= Double(sign: .plus, exponent: exponent, significand: 1)
        case .decimalSI, .decimalExponent: value *= pow10(exponent)
        }
        return isNegative ? -value : value
    }

    private func pow10(_ n: Int) -> Double {
        var result = 1.0
        if n >= 0 { for _ in 0..<min(n, 400) { result *= 10 } } else { for _ in 0..<min(-n, 400) { result /= 10 } }
        return result
    }

    /// Ceil of the magnitude, and whether the value is a whole number. Exact up to 2^127; beyond
    /// that it saturates (memory values that large are rejected or capped by the API anyway).
    private func computeValue() -> (ceil: Int64, exact: Bool) {
        // Build the integer of all digits; more than 38 significant digits cannot be exact in UInt128.
        var n: UInt128 = 0
        var extraScale = 0
        var overflowed = false
        for (i, digit) in digits.enumerated() {
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt128(digit))
            if o1 || o2 {
                // Keep the leading digits; the rest only matter for the fraction test.
                let restNonZero = digits[i...].contains { $0 != 0 }
                extraScale = digits.count - i
                overflowed = restNonZero
                break
            }
            n = a
        }
        if n == 0 && !overflowed { return (0, true) }
        var scale = fractionDigits - extraScale   // value = n * 10^-scale (* 2^exponent or 10^exponent)
        switch format {
        case .binarySI:
            let (shifted, o) = n.multipliedReportingOverflow(by: UInt128(1) << UInt128(max(0, exponent)))
            if o { return (Int64.max, !overflowed) }
            n = shifted
        case .decimalSI, .decimalExponent:
            scale -= exponent
        }
        if scale <= 0 {
            // Whole number: n * 10^-scale.
            var value = n
            for _ in 0..<(-scale) {
                let (m, o) = value.multipliedReportingOverflow(by: 10)
                if o { return (Int64.max, !overflowed) }
                value = m
            }
            return (value > UInt128(Int64.max) ? Int64.max : Int64(value), !overflowed)
        }
        if scale > 38 { return (1, false) }
        var divisor: UInt128 = 1
        for _ in 0..<scale { divisor *= 10 }
        let (q, r) = n.quotientAndRemainder(dividingBy: divisor)
        let exact = r == 0 && !overflowed
        let ceil = exact ? q : q + 1
        return (ceil > UInt128(Int64.max) ? Int64.max : Int64(ceil), exact)
    }

    public enum ParseError: Error, Equatable, Sendable {
        /// apimachinery `ErrFormatWrong`: "quantities must match the regular expression …".
        case formatWrong
        /// apimachinery `ErrSuffix`: "unable to parse quantity's suffix"; carries the suffix.
        case suffix(String)

        public var apiMessage: String {
            switch self {
            case .formatWrong: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
            case .suffix: "unable to parse quantity's suffix"
            }
        }
    }

    /// Parses `input` as the API server does (`ParseQuantity(strings.TrimSpace(s))`).
    public static func parse(_ input: String) -> Result<Quantity, ParseError> {
        var text = input.trimmingWhitespace()
        let original = text
        // Over the bytes in place: every rule that reads a quantity parses it (thousands in a large run).
        return text.withUTF8 { parse(bytes: $0, text: original) }
    }

    private static func parse(bytes s: UnsafeBufferPointer<UInt8>, text: String) -> Result<Quantity, ParseError> {
        guard !s.isEmpty else { return .failure(.formatWrong) }
        var pos = 0
        var negative = false
        if s[0] == UInt8(ascii: "-") { negative = true; pos = 1 } else if s[0] == UInt8(ascii: "+") { pos = 1 }
        while pos < s.count, s[pos] == UInt8(ascii: "0") { pos += 1 }
        let numStart = pos
        while pos < s.count, isDigit(s[pos]) { pos += 1 }
        let num = numStart..<pos
        var denom = pos..<pos
        if pos < s.count, s[pos] == UInt8(ascii: ".") {
            pos += 1
            let denomStart = pos
            while pos < s.count, isDigit(s[pos]) { pos += 1 }
            denom = denomStart..<pos
        }
        let suffixStart = pos
        while pos < s.count, "eEinumkKMGTP".utf8.contains(s[pos]) { pos += 1 }
        if pos < s.count, s[pos] == UInt8(ascii: "-") || s[pos] == UInt8(ascii: "+") { pos += 1 }
        while pos < s.count, isDigit(s[pos]) { pos += 1 }
        guard pos == s.count else { return .failure(.formatWrong) }
        let suffix = UnsafeBufferPointer(rebasing: s[suffixStart...])
        guard let (format, exponent) = interpret(suffix) else { return .failure(.suffix(String(decoding: suffix, as: UTF8.self))) }

        var digits: [UInt8] = []
        digits.reserveCapacity(num.count + denom.count)
        for index in [num, denom].joined() where !(digits.isEmpty && s[index] == UInt8(ascii: "0")) {
            digits.append(s[index] - UInt8(ascii: "0"))
        }
        return .success(Quantity(
            text: text, format: format, isNegative: negative && !digits.isEmpty,
            digits: digits, fractionDigits: denom.count, exponent: exponent))
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    /// `suffixer.interpret`: the decimal table first, then the binary one, then `e`/`E` + an integer.
    private static func interpret(_ suffix: UnsafeBufferPointer<UInt8>) -> (Format, Int)? {
        switch suffix.count {
        case 0: return (.decimalSI, 0)
        case 1:
            switch suffix[0] {
            case UInt8(ascii: "n"): return (.decimalSI, -9)
            case UInt8(ascii: "u"): return (.decimalSI, -6)
            case UInt8(ascii: "m"): return (.decimalSI, -3)
            case UInt8(ascii: "k"): return (.decimalSI, 3)
            case UInt8(ascii: "M"): return (.decimalSI, 6)
            case UInt8(ascii: "G"): return (.decimalSI, 9)
            case UInt8(ascii: "T"): return (.decimalSI, 12)
            case UInt8(ascii: "P"): return (.decimalSI, 15)
            case UInt8(ascii: "E"): return (.decimalSI, 18)
            default: return nil
            }
        case 2 where suffix[1] == UInt8(ascii: "i"):
            switch suffix[0] {
            case UInt8(ascii: "K"): return (.binarySI, 10)
            case UInt8(ascii: "M"): return (.binarySI, 20)
            case UInt8(ascii: "G"): return (.binarySI, 30)
            case UInt8(ascii: "T"): return (.binarySI, 40)
            case UInt8(ascii: "P"): return (.binarySI, 50)
            case UInt8(ascii: "E"): return (.binarySI, 60)
            default: break
            }
        default: break
        }
        guard suffix.count > 1, suffix[0] == UInt8(ascii: "e") || suffix[0] == UInt8(ascii: "E"),
              let exponent = Int32(String(decoding: UnsafeBufferPointer(rebasing: suffix[1...]), as: UTF8.self)) else { return nil }
        return (.decimalExponent, Int(exponent))
    }
}
