import MemlintSource

/// One physical line (without its line end), with what is needed to give its characters positions.
struct PhysicalLine {
    let scalars: [Unicode.Scalar]
    let number: Int
    let startOffset: Int
    let path: String

    var count: Int { scalars.count }
    var string: String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// Leading characters Go's `unicode.IsSpace` counts.
    var leadingWhitespaceCount: Int { scalars.prefix(while: Words.isSpace).count }

    func mark(at index: Int) -> Mark {
        var offset = startOffset
        for k in 0..<min(index, scalars.count) { offset += UTF8.width(scalars[k]) }
        return Mark(line: number, column: index + 1, offset: offset)
    }

    func text(_ range: Range<Int>) -> TracedText {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return TracedText(String(view), path: path, start: mark(at: range.lowerBound))
    }

    /// BuildKit's `trimContinuationCharacter`: the line continues when its last non-blank character
    /// is the escape character and that is not itself escaped (`([^\\])\\[ \t]*$|^\\[ \t]*$`).
    func trimmingContinuation(from start: Int, escape: Unicode.Scalar) -> (TracedText, Bool) {
        var end = scalars.count
        while end > start, scalars[end - 1] == " " || scalars[end - 1] == "\t" { end -= 1 }
        if end > start, scalars[end - 1] == escape, end - 1 == start || scalars[end - 2] != escape {
            return (text(start..<end - 1), true)
        }
        return (text(start..<scalars.count), false)
    }
}

/// Splits the text into physical lines on LF, dropping carriage returns at the end of each line.
struct LineReader {
    private var lines: [PhysicalLine] = []
    private var index = 0
    var tooLong: (line: Int, offset: Int)?

    init(text: SourceText, path: String) {
        let bytes = text.bytes
        var start = 0
        var number = 1
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            var contentEnd = end
            while contentEnd > start, bytes[contentEnd - 1] == 0x0D || bytes[contentEnd - 1] == 0x0A { contentEnd -= 1 }
            if end - start > DockerfileParser.maxLineBytes, tooLong == nil { tooLong = (number, start) }
            let scalars = Array(String(decoding: bytes[start..<contentEnd], as: UTF8.self).unicodeScalars)
            if end < bytes.count || start < bytes.count {
                lines.append(PhysicalLine(scalars: scalars, number: number, startOffset: start, path: path))
            }
            start = end + 1
            number += 1
        }
    }

    func peek() -> PhysicalLine? { index < lines.count ? lines[index] : nil }
    mutating func advance() { index += 1 }
    mutating func next() -> PhysicalLine? {
        defer { index += 1 }
        return peek()
    }
}
