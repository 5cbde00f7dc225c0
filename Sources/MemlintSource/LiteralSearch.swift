extension StringProtocol {
    /// Whether `needle` occurs in the text, byte for byte. Foundation's `contains(_:)`, which the
    /// compiler picks for a string argument wherever Foundation is imported, searches through
    /// NSString: on a large run that was 2 % of all instructions (docs/performance.md).
    public func containsLiteral(_ needle: some StringProtocol) -> Bool { rangeOfLiteral(needle) != nil }

    /// The first range where `needle` occurs, byte for byte (an empty needle is found at the start).
    public func rangeOfLiteral(_ needle: some StringProtocol) -> Range<Index>? {
        let pattern = Array(needle.utf8)
        let offset: Int? = pattern.withUnsafeBufferPointer { pattern in
            utf8.withContiguousStorageIfAvailable { ByteSearch.firstOffset(of: pattern, in: $0) }
                ?? Array(utf8).withUnsafeBufferPointer { ByteSearch.firstOffset(of: pattern, in: $0) }
        }
        guard let offset else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: pattern.count)
    }
}
