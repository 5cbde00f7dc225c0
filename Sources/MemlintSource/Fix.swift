/// An automatic fix a rule attaches to its finding: replacements of byte ranges (possibly in several
/// files) and how safe they are. Offsets are those of `Mark`: bytes into the decoded UTF-8 text.
public struct Fix: Sendable, Equatable {
    /// ruff's terms: a safe fix means what the author evidently meant and changes nothing else; an
    /// unsafe one changes behaviour (a new limit, a smaller heap) and is applied only on request.
    public enum Applicability: String, Sendable, Comparable {
        case safe, unsafe
        public static func < (lhs: Applicability, rhs: Applicability) -> Bool { lhs == .safe && rhs == .unsafe }
    }

    public struct Edit: Sendable, Equatable, Hashable {
        public var path: String
        /// The replaced text (empty for an insertion); start and end carry byte offsets.
        public var span: Span
        public var replacement: String
        /// The span is a list item or a blank-separated word to remove: before the fix is reported it
        /// grows, with the file's bytes, to take its quotes and its separator with it (a comma, the
        /// blanks after it, or its whole `- ` line), or the fix is dropped when the shape is not clear.
        public var removesSeparated: Bool
        /// The edit adds this environment variable to a container (its text is in the file's style):
        /// a finding placed from a rendering to the file that wrote the container adds it there.
        public var addsEnv: EnvEntry?

        public init(path: String, span: Span, replacement: String, removesSeparated: Bool = false, addsEnv: EnvEntry? = nil) {
            self.path = path
            self.span = span
            self.replacement = replacement
            self.removesSeparated = removesSeparated
            self.addsEnv = addsEnv
        }

        /// Removes the item or word at `location` together with its separator.
        public static func removing(_ location: SourceLocation) -> Edit {
            Edit(path: location.path, span: location.span, replacement: "", removesSeparated: true)
        }

        public var bytes: Range<Int> { span.start.offset..<max(span.start.offset, span.end.offset) }
    }

    public struct EnvEntry: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var applicability: Applicability
    /// What the fix does, in a few words ("write 450MiB").
    public var summary: String
    public var edits: [Edit]

    public init(_ applicability: Applicability, _ summary: String, edits: [Edit]) {
        self.applicability = applicability
        self.summary = summary
        self.edits = edits
    }

    /// Replaces the characters of `location` (an exact span with byte offsets) with `text`.
    public static func replacing(_ location: SourceLocation, with text: String, _ applicability: Applicability, _ summary: String) -> Fix {
        Fix(applicability, summary, edits: [Edit(path: location.path, span: location.span, replacement: text)])
    }
}

extension TracedText {
    /// Where the characters in `range` were written, only when every one of them comes, in order and
    /// without a gap, from exact runs of one file: the span an edit can replace. nil for values with
    /// escapes, folded scalars, expanded variables or made-up parts.
    public func contiguousLocation(of range: Range<Int>) -> SourceLocation? {
        guard !range.isEmpty, range.upperBound <= count else { return nil }
        var path: String?
        var start: Mark?
        var next: Mark?
        for index in range {
            guard case .exact(let file, let mark) = origin(at: index) else { return nil }
            if let path, path != file { return nil }
            if let next, next.offset != mark.offset || next.line != mark.line { return nil }
            path = file
            if start == nil { start = mark }
            next = Mark(line: Int(mark.line), column: Int(mark.column) + 1, offset: mark.offset + UTF8.width(scalars[index]))
        }
        guard let path, let start, let next else { return nil }
        return SourceLocation(path: path, span: Span(start: start, end: next))
    }

    /// The whole text's contiguous location.
    public var contiguousLocation: SourceLocation? { contiguousLocation(of: 0..<count) }
}
