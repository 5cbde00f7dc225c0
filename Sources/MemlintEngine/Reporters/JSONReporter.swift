import Foundation

/// memlint's own JSON, version 1 (docs/json-format.md): every finding with everything a script
/// needs, suppressed ones included and marked, and the summary counts.
public enum JSONReporter {
    public static func render(_ result: LintResult?, context: ReportContext) -> String {
        let runtimes = Dictionary((result?.containers ?? []).map { ("\($0.path)\u{0}\($0.workload)\u{0}\($0.container)", $0.runtime?.runtime) },
                                  uniquingKeysWith: { a, _ in a })
        func object(_ d: Diagnostic, suppressed: Suppression?) -> [String: Any] {
            var o: [String: Any] = [
                "code": d.code, "name": d.name, "severity": d.severity.name, "message": d.message,
                "file": d.location.path,
                "line": Int(d.location.span.start.line), "column": Int(d.location.span.start.column),
                "endLine": Int(d.location.span.end.line), "endColumn": Int(d.location.span.end.column),
                "related": d.related.map { r -> [String: Any] in
                    ["message": r.message, "file": r.location.path, "line": Int(r.location.span.start.line), "column": Int(r.location.span.start.column)]
                },
                "suppressed": suppressed != nil,
            ]
            if let fix = d.fix { o["fix"] = fix }
            if let workload = d.workload { o["workload"] = workload }
            if let container = d.container { o["container"] = container }
            if let workload = d.workload, let container = d.container, let path = d.workloadPath,
               let runtime = runtimes["\(path)\u{0}\(workload)\u{0}\(container)"] ?? nil {
                o["runtime"] = runtime
            }
            if let suppressed {
                o["suppression"] = ["kind": suppressed.kind.rawValue, "reason": suppressed.reason as Any? ?? NSNull(),
                                    "file": suppressed.location.path, "line": Int(suppressed.location.span.start.line)]
            }
            return o
        }
        let diagnostics = (result?.diagnostics ?? []).map { object($0, suppressed: nil) }
            + (result?.suppressed ?? []).map { object($0.diagnostic, suppressed: $0.suppression) }
        let statistics = result?.statistics ?? LintStatistics()
        var summary: [String: Any] = [
            "files": statistics.files, "documents": statistics.documents, "containers": statistics.containers,
            "suppressed": result?.suppressed.count ?? 0, "exitCode": Int(context.exitCode),
        ]
        for severity in Severity.allCases {
            summary[severity.name + "s"] = (result?.diagnostics ?? []).filter { $0.severity == severity }.count
        }
        let document: [String: Any] = [
            "version": 1,
            "tool": ["name": context.toolName, "version": context.toolVersion],
            "diagnostics": diagnostics,
            "summary": summary,
            "configurationErrors": context.configurationErrors.map { e -> [String: Any] in
                ["file": e.path, "line": Int(e.mark.line), "column": Int(e.mark.column), "message": e.message]
            },
        ]
        return JSONOutput.encode(document)
    }
}
