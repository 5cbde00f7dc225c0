import FoundationEssentials

/// memlint's own JSON, version 1 (docs/json-format.md): every finding with everything a script
/// needs, suppressed ones included and marked, and the summary counts.
public enum JSONReporter {
    struct Document: Encodable {
        var version = 1
        var tool: Tool
        var diagnostics: [Finding]
        var summary: Summary
        var configurationErrors: [Position]
    }

    struct Tool: Encodable {
        var name: String
        var version: String
    }

    struct Finding: Encodable {
        var code, name, severity, message, file: String
        var line, column, endLine, endColumn: Int
        var related: [Position]
        var fix: String?
        var workload, container, runtime: String?
        var suppressed: Bool
        var suppression: SuppressionInfo?
        /// What `check --fix` would change: `safe` or `unsafe`, and the replacements.
        var edit: EditInfo?
    }

    struct EditInfo: Encodable {
        var applicability, summary: String
        var replacements: [Replacement]
    }

    struct Replacement: Encodable {
        var file: String
        var line, column, endLine, endColumn: Int
        var text: String
    }

    /// A place with a message: a related location, or a configuration error.
    struct Position: Encodable {
        var message, file: String
        var line, column: Int
    }

    struct SuppressionInfo: Encodable {
        var kind: String
        var reason: String?
        var file: String
        var line: Int

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encode(reason, forKey: .reason)  // null when no reason was written
            try container.encode(file, forKey: .file)
            try container.encode(line, forKey: .line)
        }

        enum CodingKeys: String, CodingKey { case kind, reason, file, line }
    }

    struct Summary: Encodable {
        var files, documents, containers, errors, warnings, notes, suppressed, exitCode: Int
        /// Containers by runtime id, `native` and `unknown`.
        var coverage: [String: Int]
        /// "path: Deployment/x container y" for each container whose runtime memlint did not recognise.
        var unknownContainers: [String]
        /// The renderings linted (`charts/payments@helm`, `overlays/prod@kustomize`).
        var renderings: [String]
    }

    public static func render(_ result: LintResult?, context: ReportContext) -> String {
        var runtimes: [String: String] = [:]
        for container in result?.containers ?? [] {
            runtimes["\(container.path)\u{0}\(container.workloadName)\u{0}\(container.name)"] = container.runtime?.id.rawValue
        }
        func finding(_ d: Diagnostic, suppressed: Suppression?) -> Finding {
            let runtime = d.workload.flatMap { workload in d.container.flatMap { container in d.workloadPath.flatMap { runtimes["\($0)\u{0}\(workload)\u{0}\(container)"] } } }
            return Finding(
                code: d.code, name: d.name, severity: d.severity.name, message: d.message, file: d.location.path,
                line: Int(d.location.span.start.line), column: Int(d.location.span.start.column),
                endLine: Int(d.location.span.end.line), endColumn: Int(d.location.span.end.column),
                related: d.related.map { Position(message: $0.message, file: $0.location.path, line: Int($0.location.span.start.line),
                                                  column: Int($0.location.span.start.column)) },
                fix: d.fix, workload: d.workload, container: d.container, runtime: runtime, suppressed: suppressed != nil,
                suppression: suppressed.map { SuppressionInfo(kind: $0.kind.rawValue, reason: $0.reason, file: $0.location.path,
                                                              line: Int($0.location.span.start.line)) },
                edit: d.edit.map { fix in
                    EditInfo(applicability: fix.applicability.rawValue, summary: fix.summary, replacements: fix.edits.map {
                        Replacement(file: $0.path, line: Int($0.span.start.line), column: Int($0.span.start.column),
                                    endLine: Int($0.span.end.line), endColumn: Int($0.span.end.column), text: $0.replacement)
                    })
                })
        }
        let diagnostics = result?.diagnostics ?? []
        let statistics = result?.statistics ?? LintStatistics()
        func count(_ severity: Severity) -> Int { diagnostics.filter { $0.severity == severity }.count }
        let document = Document(
            tool: Tool(name: context.toolName, version: context.toolVersion),
            diagnostics: diagnostics.map { finding($0, suppressed: nil) }
                + (result?.suppressed ?? []).map { finding($0.diagnostic, suppressed: $0.suppression) },
            summary: Summary(files: statistics.files, documents: statistics.documents, containers: statistics.containers,
                             errors: count(.error), warnings: count(.warning), notes: count(.note),
                             suppressed: result?.suppressed.count ?? 0, exitCode: Int(context.exitCode),
                             coverage: statistics.coverage, unknownContainers: statistics.unknown.sorted(),
                             renderings: statistics.renderings.sorted()),
            configurationErrors: context.configurationErrors.map {
                Position(message: $0.message, file: $0.path, line: Int($0.mark.line), column: Int($0.mark.column))
            })
        return JSONOutput.encode(document)
    }
}

/// Every JSON memlint writes: sorted keys, two-space indentation as JSONEncoder prints it, `/` unescaped.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// On one line, keys sorted: what a plugin reads.
    static func encodeCompact<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
