/// GitLab Code Quality: the Code Climate subset GitLab reads in merge requests.
public enum GitLabReporter {
    struct Issue: Encodable {
        var description: String
        var check_name: String
        var fingerprint: String
        var severity: String
        var location: Location
    }

    struct Location: Encodable {
        var path: String
        var lines: Lines
    }

    struct Lines: Encodable { var begin: Int }

    public static func render(_ result: LintResult?, context: ReportContext) -> String {
        var fingerprints = Fingerprints()
        let issues = (result?.diagnostics ?? []).map { d in
            Issue(description: "\(d.message) [\(d.code)]", check_name: "\(d.code) \(d.name)", fingerprint: fingerprints.next(for: d),
                  severity: d.severity == .error ? "major" : d.severity == .warning ? "minor" : "info",
                  location: Location(path: d.location.path, lines: Lines(begin: Int(d.location.span.start.line))))
        }
        return JSONOutput.encode(issues)
    }
}
