/// Finds comments that carry a directive (`# memlint:ignore K8S001 reason`) in YAML source.
///
/// libyaml drops comments, so they are read from the bytes: a `#` at the start of a line or after a
/// space or tab, outside every quoted and block scalar (the tree knows where those are).
public enum CommentScanner {
    public struct Directive: Sendable, Equatable {
        /// Position of the `#`.
        public var mark: Mark
        /// The text after the directive word, trimmed.
        public var arguments: String
        /// True when only whitespace precedes the `#` on its line.
        public var aloneOnLine: Bool
        /// The line the directive applies to: its own, or for a comment alone on its line the next
        /// line that is neither blank nor a comment.
        public var targetLine: Int
    }

    /// Directives starting with `word` (e.g. `memlint:ignore`) in `text`, skipping `excluded` byte ranges.
    public static func directives(_ word: String, in text: SourceText, excluding excluded: [Range<Int>]) -> [Directive] {
        let bytes = text.bytes
        let needle = Array(word.utf8)
        guard !needle.isEmpty, ByteSearch.firstOffset(of: needle, in: bytes) != nil else { return [] }
        let sortedExcluded = excluded.sorted { $0.lowerBound < $1.lowerBound }
        let lines = lineStarts(bytes)
        var found: [Directive] = []
        for (lineIndex, start) in lines.enumerated() {
            let end = lineIndex + 1 < lines.count ? lines[lineIndex + 1] : bytes.count
            var i = start
            while i < end {
                guard bytes[i] == UInt8(ascii: "#"), i == start || bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09,
                      !isExcluded(i, sortedExcluded) else { i += 1; continue }
                // A comment: look for the directive word after optional spaces.
                var j = i + 1
                while j < end, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                if j + needle.count <= end, Array(bytes[j..<j + needle.count]) == needle,
                   j + needle.count == end || [0x20, 0x09, 0x0A, 0x0D].contains(bytes[j + needle.count]) {
                    let argumentBytes = bytes[(j + needle.count)..<end]
                    let arguments = String(decoding: argumentBytes, as: UTF8.self).trimmingWhitespace()
                    let alone = bytes[start..<i].allSatisfy { $0 == 0x20 || $0 == 0x09 }
                    let column = String(decoding: bytes[start..<i], as: UTF8.self).unicodeScalars.count + 1
                    let target = alone ? nextCodeLine(after: lineIndex, lines: lines, bytes: bytes) : lineIndex + 1
                    found.append(Directive(mark: Mark(line: lineIndex + 1, column: column, offset: i),
                                           arguments: arguments, aloneOnLine: alone, targetLine: target))
                }
                break  // the rest of the line is comment text
            }
        }
        return found
    }

    /// A quick test before the full scan: does the text contain `word` at all?
    public static func mentions(_ word: String, in text: SourceText) -> Bool {
        ByteSearch.firstOffset(of: Array(word.utf8), in: text.bytes) != nil
    }

    private static func isExcluded(_ offset: Int, _ ranges: [Range<Int>]) -> Bool {
        // Binary search for the last range starting at or before offset.
        var low = 0, high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].lowerBound <= offset { low = mid + 1 } else { high = mid }
        }
        // Scalars never overlap, so only the last one starting at or before the offset can hold it.
        return low > 0 && ranges[low - 1].contains(offset)
    }

    /// Byte offsets where lines start (LF, CR LF, and lone CR end a line, as in libyaml).
    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A {
                starts.append(i + 1)
            } else if bytes[i] == 0x0D {
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                starts.append(i + 1)
            }
            i += 1
        }
        return starts
    }

    private static func nextCodeLine(after lineIndex: Int, lines: [Int], bytes: [UInt8]) -> Int {
        var index = lineIndex + 1
        while index < lines.count {
            let start = lines[index]
            let end = index + 1 < lines.count ? lines[index + 1] : bytes.count
            let content = bytes[start..<end].drop { $0 == 0x20 || $0 == 0x09 }
            if let first = content.first, first != 0x0A, first != 0x0D, first != UInt8(ascii: "#") { return index + 1 }
            index += 1
        }
        return lineIndex + 2
    }
}
