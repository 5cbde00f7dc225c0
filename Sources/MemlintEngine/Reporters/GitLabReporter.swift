/// GitLab Code Quality: the Code Climate subset GitLab reads in merge requests.
public enum GitLabReporter {
    public static func render(_ result: LintResult?, context: ReportContext) -> String {
        var fingerprints = Fingerprints()
        let issues = (result?.diagnostics ?? []).map { d -> [String: Any] in
            [
                "description": "\(d.message) [\(d.code)]",
                "check_name": "\(d.code) \(d.name)",
                "fingerprint": fingerprints.next(for: d),
                "severity": d.severity == .error ? "major" : d.severity == .warning ? "minor" : "info",
                "location": ["path": d.location.path, "lines": ["begin": Int(d.location.span.start.line)]],
            ]
        }
        return JSONOutput.encode(issues)
    }
}
