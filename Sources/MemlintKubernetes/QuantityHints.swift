import MemlintYAML

extension Quantity {
    /// Valid spellings a user probably meant for an invalid quantity, best first
    /// (`512MB` → `512M`, `512Mi`; `512mi` → `512Mi`; `1K` → `1k`, `1Ki`; `1 Gi` → `1Gi`).
    public static func suggestions(for invalid: String) -> [String] {
        var text = invalid.trimmingWhitespace().filter { $0 != " " && $0 != "_" && $0 != "," }
        var candidates: [String] = []
        if text != invalid.trimmingWhitespace() { candidates.append(text) }

        // Split into number and unit.
        let numberEnd = text.firstIndex { !("0"..."9").contains($0) && $0 != "." && $0 != "+" && $0 != "-" } ?? text.endIndex
        let number = String(text[..<numberEnd])
        var unit = String(text[numberEnd...])
        guard !number.isEmpty else { return [] }
        if unit.hasSuffix("B") || unit.hasSuffix("b") {
            unit.removeLast()
            text = number + unit
        }
        let lowered = unit.lowercased()
        let letters: [String: (decimal: String, binary: String)] = [
            "k": ("k", "Ki"), "ki": ("k", "Ki"), "m": ("M", "Mi"), "mi": ("M", "Mi"),
            "g": ("G", "Gi"), "gi": ("G", "Gi"), "t": ("T", "Ti"), "ti": ("T", "Ti"),
            "p": ("P", "Pi"), "pi": ("P", "Pi"), "e": ("E", "Ei"), "ei": ("E", "Ei"), "": ("", ""),
        ]
        if let pair = letters[lowered] {
            if lowered.hasSuffix("i") {
                candidates.append(number + pair.binary)
            } else if unit == pair.decimal {
                // The unit was fine: only the B was wrong, so the binary twin is the likelier intent.
                candidates.append(number + pair.binary)
                candidates.append(number + pair.decimal)
            } else {
                candidates.append(number + pair.decimal)
                candidates.append(number + pair.binary)
            }
        }
        var seen = Set<String>()
        return candidates.filter { candidate in
            guard candidate != invalid, seen.insert(candidate).inserted else { return false }
            if case .success = Quantity.parse(candidate) { return true }
            return false
        }
    }
}

/// Human-readable byte counts in the binary units Kubernetes users write (`512Mi`, `1.5Gi`).
public enum ByteFormat {
    public static let mebibyte: Int64 = 1 << 20

    /// `536870912` → `512Mi`; `1610612736` → `1.5Gi`; `1000` → `1000 bytes` (values under 1Mi that are
    /// not whole KiB). At most one decimal place, and only when it is exact to that place.
    public static func format(_ bytes: Int64) -> String {
        let units: [(String, Int64)] = [("Ei", 1 << 60), ("Pi", 1 << 50), ("Ti", 1 << 40), ("Gi", 1 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)]
        for (name, size) in units where abs(bytes) >= size {
            if bytes % size == 0 { return "\(bytes / size)\(name)" }
            // Divide first: bytes * 10 overflows near Int64.max.
            let remainder = bytes % size
            if (remainder * 10) % size == 0 { return "\(bytes / size).\(abs(remainder * 10 / size))\(name)" }
            if name == "Ki" { break }
            // Not exact in this unit: fall through to the next smaller one.
        }
        if bytes % 1024 == 0 { return "\(bytes / 1024)Ki" }
        return "\(bytes) bytes"
    }

    /// Whole MiB, rounded down, for messages that reason in MiB (`606Mi`).
    public static func mebibytes(_ bytes: Int64) -> Int64 { bytes / mebibyte }

    /// A MiB figure with one decimal when it is not whole (`124.8MiB`), for budgets.
    public static func mib(_ bytes: Int64) -> String {
        if bytes % mebibyte == 0 { return "\(bytes / mebibyte)Mi" }
        // Divide first: bytes * 10 overflows near Int64.max.
        var whole = bytes / mebibyte
        var tenth = ((bytes % mebibyte) * 10 + mebibyte / 2) / mebibyte
        if tenth == 10 { whole += 1; tenth = 0 }
        return tenth == 0 ? "\(whole)Mi" : "\(whole).\(tenth)Mi"
    }
}
