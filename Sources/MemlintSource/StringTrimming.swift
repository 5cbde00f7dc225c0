extension String {
    /// Trims the whitespace Go's `strings.TrimSpace` trims (ASCII space, tab, line breaks, and the like).
    public func trimmingWhitespace() -> String {
        // Most values have nothing to trim, and a visible ASCII byte at each end says so at once.
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        // Most values have nothing to trim: keep the string's storage.
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }
}

extension StringProtocol {
    /// Trims the whitespace Go's `strings.TrimSpace` trims, for a substring too.
    public func trimmingWhitespace() -> String { String(self).trimmingWhitespace() }

    /// Trims blanks — spaces (any Unicode space separator) and tabs — but not line breaks.
    public func trimmingBlanks() -> String {
        let scalars = String(self).unicodeScalars
        func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator }
        guard let first = scalars.firstIndex(where: { !isBlank($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isBlank($0) })!
        return String(scalars[first...last])
    }
}
