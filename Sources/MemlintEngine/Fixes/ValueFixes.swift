import MemlintKubernetes
import MemlintResolution
import MemlintSource

extension Fix {
    /// Sets an environment variable's whole value to `text`, when every character of the value was
    /// written in one place, one after another (a plain or quoted scalar without escapes, an ENV
    /// value): the quotes, the key and everything around stay as they are.
    public static func settingValue(of variable: EnvValue, to text: String, _ applicability: Applicability, _ summary: String) -> Fix? {
        guard let location = variable.value?.contiguousLocation else { return nil }
        return .replacing(location, with: text, applicability, summary)
    }

    /// Replaces the characters `range` of a traced value (a flag inside JAVA_OPTS, a size in args).
    public static func replacing(_ range: Range<Int>, of value: TracedText, with text: String, _ applicability: Applicability, _ summary: String) -> Fix? {
        guard let location = value.contiguousLocation(of: range) else { return nil }
        return .replacing(location, with: text, applicability, summary)
    }
}

extension Fix {
    /// Replaces a manifest scalar's value (inside its quotes, if any) when it is written verbatim.
    public static func replacing(_ value: Located<String>, in path: String, with text: String, _ applicability: Applicability,
                                 _ summary: String) -> Fix? {
        guard let start = value.verbatimStart else { return nil }
        let end = Mark(line: Int(start.line), column: Int(start.column) + value.value.unicodeScalars.count, offset: start.offset + value.value.utf8.count)
        return .replacing(SourceLocation(path: path, span: Span(start: start, end: end)), with: text, applicability, summary)
    }
}
