import MemlintYAML
import MemlintKubernetes
/// Splits an options variable (`JAVA_TOOL_OPTIONS`, `NODE_OPTIONS`) into words on blanks, with
/// single or double quotes grouping, every character keeping its position. Runtimes split these
/// variables this way, without shell expansion.
public enum OptionTokens {
    public static func split(_ value: TracedText) -> [TracedText] {
        // The usual case, no quotes: words are slices, which keep their positions in one pass.
        if !value.scalars.contains(where: { $0 == "\"" || $0 == "'" }) {
            var result: [TracedText] = []
            var start: Int?
            for (index, scalar) in value.scalars.enumerated() {
                let blank = scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
                if blank, let begin = start { result.append(value.slice(begin..<index)); start = nil }
                if !blank, start == nil { start = index }
            }
            if let begin = start { result.append(value.slice(begin..<value.count)) }
            return result
        }
        var result: [TracedText] = []
        var current = TracedText()
        var quote: Unicode.Scalar?
        var hasToken = false
        for (index, scalar) in value.scalars.enumerated() {
            if let q = quote {
                if scalar == q { quote = nil } else { current.append(characterAt: index, of: value) }
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
                hasToken = true
            } else if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                if hasToken { result.append(current) }
                current = TracedText()
                hasToken = false
            } else {
                current.append(characterAt: index, of: value)
                hasToken = true
            }
        }
        if hasToken { result.append(current) }
        return result
    }
}
