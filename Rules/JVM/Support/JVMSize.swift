/// HotSpot's size grammar (`parse_integer` in `src/hotspot/share/utilities/parseInteger.hpp`,
/// HotSpot's `parse_integer`, `src/hotspot/share/utilities/parseInteger.hpp`): `^(0[xX][0-9a-fA-F]+|[0-9]+)[kKmMgGtT]?$`, each unit ×1024, no unit = bytes.
/// Decimals, `MB`, `Mi`, a leading `=` or space are refused and the JVM does not start.
enum JVMSize {
    static func parse(_ text: String) -> Int64? {
        var digits = Substring(text)
        var multiplier: Int64 = 1
        if let last = digits.last, "kKmMgGtT".contains(last) {
            multiplier = switch last {
            case "k", "K": 1 << 10
            case "m", "M": 1 << 20
            case "g", "G": 1 << 30
            default: 1 << 40
            }
            digits = digits.dropLast()
        }
        let value: Int64?
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            let hex = digits.dropFirst(2)
            value = hex.isEmpty || !hex.allSatisfy(\.isHexDigit) ? nil : Int64(hex, radix: 16)
        } else {
            value = digits.isEmpty || !digits.allSatisfy({ $0.isASCII && $0.isNumber }) ? nil : Int64(digits)
        }
        guard let value else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : product
    }

    /// What a user probably meant by an invalid size (`512MB` → `512m`, `1.5g` → `1536m`).
    static func suggestion(for text: String) -> String? {
        var t = text
        while t.hasPrefix("=") || t.hasPrefix(" ") { t.removeFirst() }
        if t.hasSuffix("B") || t.hasSuffix("b") { t.removeLast() }
        if t.hasSuffix("i") { t.removeLast() }
        if let unit = t.last, "kKmMgGtT".contains(unit), let number = Double(t.dropLast()) {
            let scale = Double(JVMSize.parse("1" + String(unit)) ?? 1)
            guard number * scale < Int64.doubleBound else { return nil }
            let bytes = Int64(saturating: (number * scale).rounded(.down))
            let mib = bytes / (1 << 20)
            return mib > 0 ? "\(mib)m" : nil
        }
        return parse(t) != nil ? t : nil
    }
}
