/// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per finding.
public enum GitHubReporter {
    public static func render(_ result: LintResult?, context: ReportContext) -> String {
        var out = ""
        for error in context.configurationErrors {
            out += "::error file=\(property(error.path)),line=\(error.mark.line),col=\(error.mark.column),title=\(property("memlint configuration"))::\(data(error.message))\n"
        }
        for d in result?.diagnostics ?? [] {
            let command = switch d.severity {
            case .error: "error"
            case .warning: "warning"
            case .note: "notice"
            }
            let s = d.location.span
            out += "::\(command) file=\(property(d.location.path)),line=\(s.start.line),col=\(s.start.column),endLine=\(s.end.line),endColumn=\(s.end.column),title=\(property("memlint \(d.code)"))::\(data(d.fix.map { "\(d.message). Fix: \($0)" } ?? d.message))\n"
        }
        return out
    }

    /// Message text: `%`, CR and LF escaped (actions/toolkit `escapeData`).
    static func data(_ text: String) -> String {
        text.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
    }

    /// Property values: also `:` and `,` (actions/toolkit `escapeProperty`).
    static func property(_ text: String) -> String {
        data(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
    }
}
