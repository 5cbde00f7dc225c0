/// A position in a source text.
///
/// `line` and `column` are 1-based and count Unicode scalar values (what an editor shows as the
/// column on a line of Hangul); `offset` is the 0-based byte offset into the UTF-8 text the
/// loader parsed (after a byte order mark was dropped and UTF-16 was converted).
public struct Mark: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var line: Int32
    public var column: Int32
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = Int32(truncatingIfNeeded: line)
        self.column = Int32(truncatingIfNeeded: column)
        self.offset = offset
    }

    public static let zero = Mark(line: 1, column: 1, offset: 0)

    public static func < (lhs: Mark, rhs: Mark) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A half-open range of source text: `start` is the first character, `end` the position just after the last.
public struct Span: Hashable, Sendable, CustomStringConvertible {
    public var start: Mark
    public var end: Mark

    public init(start: Mark, end: Mark) {
        self.start = start
        self.end = end
    }

    public var description: String { "\(start)-\(end)" }
}

/// A place in a file: the path as reported (relative to the current directory) and the span.
public struct SourceLocation: Sendable, Hashable {
    public var path: String
    public var span: Span
    public init(path: String, span: Span) {
        self.path = path
        self.span = span
    }
}
