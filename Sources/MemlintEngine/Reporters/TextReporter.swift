/// `path:line:col: severity: message [CODE]`, one line per finding: the stable format editors'
/// problem matchers read. On a terminal it adds colour and the source line with a caret.
public struct TextReporter {
    public var color: Bool
    public var showSource: Bool

    /// Findings with a fix at or below this applicability are marked `[*]` (ruff's mark), nil for none.
    public var marksFixes: Fix.Applicability? = .safe

    public init(color: Bool, showSource: Bool) {
        self.color = color
        self.showSource = showSource
    }

    /// `[*] ` before the message of a finding `check --fix` can fix (before, so `… [CODE]` still ends the line).
    private func mark(_ diagnostic: Diagnostic) -> String {
        guard let marksFixes, let fix = diagnostic.edit, fix.applicability <= marksFixes else { return "" }
        return "[*] "
    }

    public func render(_ diagnostics: [Diagnostic], sources lines: SourceLines = SourceLines()) -> String {
        var out = ""
        for diagnostic in diagnostics {
            let start = diagnostic.location.span.start
            let position = "\(diagnostic.location.path):\(start.line):\(start.column):"
            let severity = diagnostic.severity.name
            if color {
                out += bold(position) + " " + paint(severity + ":", diagnostic.severity) + " " + mark(diagnostic) + diagnostic.message + " " + dim("[\(diagnostic.code)]") + "\n"
            } else {
                out += "\(position) \(severity): \(mark(diagnostic))\(diagnostic.message) [\(diagnostic.code)]\n"
            }
            guard showSource, let line = lines.line(Int(start.line), of: diagnostic.location.path) else { continue }
            out += "  " + line + "\n"
            out += "  " + Self.caretIndent(line, column: Int(start.column)) + (color ? paint("^", diagnostic.severity) : "^") + "\n"
            for related in diagnostic.related {
                let r = related.location
                out += "  " + dim("\(r.path):\(r.span.start.line):\(r.span.start.column): \(related.message)") + "\n"
            }
        }
        return out
    }

    /// Spaces (and the source's own tabs) up to `column`, two cells for wide characters such as
    /// Hangul, so the caret sits under the character on a terminal.
    static func caretIndent(_ line: String, column: Int) -> String {
        var indent = ""
        for (i, scalar) in line.unicodeScalars.enumerated() {
            if i >= column - 1 { break }
            if scalar == "\t" { indent += "\t" } else { indent += isWide(scalar) ? "  " : " " }
        }
        return indent
    }

    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            true
        default:
            false
        }
    }

    private func paint(_ text: String, _ severity: Severity) -> String {
        let code = switch severity {
        case .error: "31"
        case .warning: "33"
        case .note: "36"
        }
        return "\u{1B}[1;\(code)m\(text)\u{1B}[0m"
    }

    private func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    private func dim(_ text: String) -> String { color ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
}
