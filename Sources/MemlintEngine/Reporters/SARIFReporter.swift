import Foundation

/// SARIF 2.1.0 for code scanning: every rule that ran with its help, results with relative URIs
/// under `%SRCROOT%`, UTF-16 columns, related locations, fingerprints that survive line moves,
/// in-source suppressions, and the invocation's outcome.
public enum SARIFReporter {
    public static func render(_ result: LintResult?, context: ReportContext) -> String {
        let lines = SourceLines(inline: context.inlineSources)
        var fingerprints = Fingerprints()
        let ruleIndex = Dictionary(context.rules.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        var results: [[String: Any]] = []
        for diagnostic in result?.diagnostics ?? [] {
            results.append(resultObject(diagnostic, suppression: nil, ruleIndex: ruleIndex, lines: lines, fingerprints: &fingerprints, context: context))
        }
        for suppressed in result?.suppressed ?? [] {
            results.append(resultObject(suppressed.diagnostic, suppression: suppressed.suppression, ruleIndex: ruleIndex, lines: lines,
                                        fingerprints: &fingerprints, context: context))
        }
        let notifications = context.configurationErrors.map { error -> [String: Any] in
            [
                "level": "error",
                "message": ["text": error.message],
                "locations": [["physicalLocation": physical(SourceLocation(path: error.path, span: Span(start: error.mark, end: error.mark)),
                                                            lines: lines, context: context, snippet: false)]],
            ]
        }
        let run: [String: Any] = [
            "tool": ["driver": [
                "name": context.toolName,
                "semanticVersion": context.toolVersion,
                "informationUri": context.informationURI,
                "rules": context.rules.map { rule(descriptor: $0, context: context) },
            ]],
            "originalUriBaseIds": ["%SRCROOT%": ["uri": directoryURI(context.root)]],
            "columnKind": "utf16CodeUnits",
            "invocations": [[
                "executionSuccessful": context.configurationErrors.isEmpty,
                "exitCode": Int(context.exitCode),
                "toolConfigurationNotifications": notifications,
            ]],
            "results": results,
        ]
        return JSONOutput.encode([
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [run],
        ])
    }

    static func rule(descriptor d: RuleDescription, context: ReportContext) -> [String: Any] {
        let level = switch d.defaultSeverity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
        return [
            "id": d.code,
            "name": d.name,
            "shortDescription": ["text": d.summary],
            "fullDescription": ["text": d.rationale],
            "help": ["text": RuleDocRenderer.plainHelp(d), "markdown": RuleDocRenderer.markdownHelp(d)],
            "helpUri": context.helpURI(for: d.code),
            "defaultConfiguration": ["level": level],
            "properties": ["tags": [d.pack.lowercased(), "memory"]],
        ]
    }

    static func resultObject(_ d: Diagnostic, suppression: Suppression?, ruleIndex: [String: Int], lines: SourceLines,
                             fingerprints: inout Fingerprints, context: ReportContext) -> [String: Any] {
        var object: [String: Any] = [
            "ruleId": d.code,
            "level": level(d.severity),
            "message": ["text": d.fix.map { "\(d.message). Fix: \($0)" } ?? d.message],
            "locations": [["physicalLocation": physical(d.location, lines: lines, context: context, snippet: true)]],
            "partialFingerprints": ["memlintFingerprint/v1": fingerprints.next(for: d)],
        ]
        if let index = ruleIndex[d.code] { object["ruleIndex"] = index }
        if !d.related.isEmpty {
            object["relatedLocations"] = d.related.enumerated().map { index, related -> [String: Any] in
                ["id": index + 1, "message": ["text": related.message],
                 "physicalLocation": physical(related.location, lines: lines, context: context, snippet: false)]
            }
        }
        var properties: [String: Any] = [:]
        if let workload = d.workload { properties["workload"] = workload }
        if let container = d.container { properties["container"] = container }
        if let fix = d.fix { properties["fix"] = fix }
        if !properties.isEmpty { object["properties"] = properties }
        if let suppression {
            var entry: [String: Any] = ["kind": "inSource", "status": "accepted"]
            entry["justification"] = suppression.reason ?? "\(suppression.kind == .comment ? "memlint:ignore comment" : "ignore-check.memlint.io annotation")"
            entry["location"] = ["physicalLocation": physical(suppression.location, lines: lines, context: context, snippet: false)]
            object["suppressions"] = [entry]
        }
        return object
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    static func physical(_ location: SourceLocation, lines: SourceLines, context: ReportContext, snippet: Bool) -> [String: Any] {
        let start = location.span.start
        var end = location.span.end
        if end < start { end = start }
        let startLine = max(1, Int(start.line))
        let endLine = max(startLine, Int(end.line))
        var region: [String: Any] = [
            "startLine": startLine,
            "startColumn": lines.utf16Column(max(1, Int(start.column)), line: startLine, path: location.path),
            "endLine": endLine,
            "endColumn": lines.utf16Column(max(1, Int(end.column)), line: endLine, path: location.path),
        ]
        if let startColumn = region["startColumn"] as? Int, let endColumn = region["endColumn"] as? Int, endLine == startLine, endColumn < startColumn {
            region["endColumn"] = startColumn
        }
        if snippet, let text = lines.line(startLine, of: location.path) { region["snippet"] = ["text": text] }
        return ["artifactLocation": ["uri": relativeURI(location.path, root: context.root), "uriBaseId": "%SRCROOT%"], "region": region]
    }

    /// A path relative to the scan root, percent-encoded, with `../` where it lies outside.
    static func relativeURI(_ path: String, root: String) -> String {
        var relative = path
        if path.hasPrefix("/") {
            let target = path.split(separator: "/")
            let base = root.split(separator: "/")
            let common = zip(target, base).prefix { $0 == $1 }.count
            relative = (Array(repeating: "..", count: base.count - common) + target[common...].map(String.init)).joined(separator: "/")
        }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")
        return relative.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0) }
            .joined(separator: "/")
    }

    static func directoryURI(_ path: String) -> String {
        let url = URL(fileURLWithPath: path, isDirectory: true)
        let text = url.absoluteString
        return text.hasSuffix("/") ? text : text + "/"
    }
}
