/// JUnit XML: one testsuite per file, one failing testcase per finding, one passing testcase for a
/// file without findings — what GitLab, Jenkins and most CI dashboards display.
public enum JUnitReporter {
    public static func render(_ result: LintResult?, context: ReportContext) -> String {
        let diagnostics = result?.diagnostics ?? []
        var byFile: [String: [Diagnostic]] = [:]
        for d in diagnostics { byFile[d.location.path, default: []].append(d) }
        let files = Array(Set((result?.files ?? []) + byFile.keys)).sorted()
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"memlint\" tests=\"\(files.reduce(0) { $0 + max(1, byFile[$1]?.count ?? 0) })\" failures=\"\(diagnostics.count)\">\n"
        for file in files {
            let findings = byFile[file] ?? []
            out += "  <testsuite name=\"\(escape(file))\" tests=\"\(max(1, findings.count))\" failures=\"\(findings.count)\" errors=\"0\">\n"
            if findings.isEmpty {
                out += "    <testcase name=\"memlint\" classname=\"\(escape(file))\"/>\n"
            }
            for d in findings {
                let subject = [d.workload, d.container.map { "container \($0)" }].compactMap { $0 }.joined(separator: " ")
                let name = "\(d.code) \(d.name)\(subject.isEmpty ? "" : " (\(subject))")"
                out += "    <testcase name=\"\(escape(name))\" classname=\"\(escape(file))\" file=\"\(escape(file))\" line=\"\(d.location.span.start.line)\">\n"
                out += "      <failure type=\"\(d.severity.name)\" message=\"\(escape(d.message))\">\(escape("\(file):\(d.location.span.start.line):\(d.location.span.start.column): \(d.severity.name): \(d.message) [\(d.code)]\(d.fix.map { "\nFix: \($0)" } ?? "")"))</failure>\n"
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// The one XML escaping, for text and attributes alike: markup characters and line breaks become
    /// references (a raw newline in an attribute would be normalised to a space by XML parsers);
    /// characters XML 1.0 cannot hold become U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) ? "\u{FFFD}" : scalar)
            }
        }
        return out
    }
}
