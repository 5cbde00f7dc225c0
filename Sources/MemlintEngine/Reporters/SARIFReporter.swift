import FoundationEssentials

/// SARIF 2.1.0 for code scanning: every rule that ran with its help, results with relative URIs
/// under `%SRCROOT%`, UTF-16 columns, related locations, fingerprints that survive line moves,
/// in-source suppressions, and the invocation's outcome.
public enum SARIFReporter {
    struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]
        enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }
    }

    struct Run: Encodable {
        var tool: Tool
        var originalUriBaseIds: [String: ArtifactLocation]
        var columnKind = "utf16CodeUnits"
        var invocations: [Invocation]
        var results: [Result]
    }

    struct Tool: Encodable { var driver: Driver }

    struct Driver: Encodable {
        var name, semanticVersion, informationUri: String
        var rules: [ReportingDescriptor]
    }

    struct ReportingDescriptor: Encodable {
        var id, name: String
        var shortDescription, fullDescription: Message
        var help: MultiformatMessage
        var helpUri: String
        var defaultConfiguration: Configuration
        var properties: Properties
        struct Configuration: Encodable { var level: String }
        struct Properties: Encodable { var tags: [String] }
    }

    struct Message: Encodable { var text: String }
    struct MultiformatMessage: Encodable { var text, markdown: String }

    struct Invocation: Encodable {
        var executionSuccessful: Bool
        var exitCode: Int
        var toolConfigurationNotifications: [Notification]
    }

    struct Notification: Encodable {
        var level: String
        var message: Message
        var locations: [Location]
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int?
        var level: String
        var message: Message
        var locations: [Location]
        var relatedLocations: [Location]?
        var partialFingerprints: [String: String]
        var properties: ResultProperties?
        var suppressions: [SuppressionObject]?
        /// SARIF's fix object: `check --fix` edits as replacements, regions in UTF-16 columns like the results.
        var fixes: [FixObject]?
    }

    struct FixObject: Encodable {
        var description: Message
        var artifactChanges: [ArtifactChange]
    }

    struct ArtifactChange: Encodable {
        var artifactLocation: ArtifactLocation
        var replacements: [Replacement]
    }

    struct Replacement: Encodable {
        var deletedRegion: Region
        var insertedContent: Message?
    }

    struct ResultProperties: Encodable { var workload, container, fix: String? }

    struct SuppressionObject: Encodable {
        var kind = "inSource"
        var status = "accepted"
        var justification: String
        var location: Location
    }

    struct Location: Encodable {
        var id: Int?
        var message: Message?
        var physicalLocation: PhysicalLocation
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId: String?
    }

    struct Region: Encodable {
        var startLine, startColumn, endLine, endColumn: Int
        var snippet: Message?
    }

    public static func render(_ result: LintResult?, context: ReportContext) -> String {
        var fingerprints = Fingerprints()
        let ruleIndex = Dictionary(context.rules.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        var results: [Result] = []
        for diagnostic in result?.diagnostics ?? [] {
            results.append(resultObject(diagnostic, suppression: nil, ruleIndex: ruleIndex, fingerprints: &fingerprints, context: context))
        }
        for suppressed in result?.suppressed ?? [] {
            results.append(resultObject(suppressed.diagnostic, suppression: suppressed.suppression, ruleIndex: ruleIndex,
                                        fingerprints: &fingerprints, context: context))
        }
        let notifications = context.configurationErrors.map { error in
            Notification(level: "error", message: Message(text: error.message), locations: [
                Location(physicalLocation: physical(SourceLocation(path: error.path, span: Span(start: error.mark, end: error.mark)),
                                                    context: context, snippet: false)),
            ])
        }
        let run = Run(
            tool: Tool(driver: Driver(name: context.toolName, semanticVersion: context.toolVersion, informationUri: context.informationURI,
                                      rules: context.rules.map { rule(descriptor: $0, context: context) })),
            originalUriBaseIds: ["%SRCROOT%": ArtifactLocation(uri: directoryURI(context.root))],
            invocations: [Invocation(executionSuccessful: context.configurationErrors.isEmpty, exitCode: Int(context.exitCode),
                                     toolConfigurationNotifications: notifications)],
            results: results)
        return JSONOutput.encode(Log(runs: [run]))
    }

    static func rule(descriptor d: RuleDescription, context: ReportContext) -> ReportingDescriptor {
        ReportingDescriptor(
            id: d.code, name: d.name, shortDescription: Message(text: d.summary), fullDescription: Message(text: d.rationale),
            help: MultiformatMessage(text: RuleDocRenderer.plainHelp(d), markdown: RuleDocRenderer.markdownHelp(d)),
            helpUri: context.helpURI(for: d.code), defaultConfiguration: .init(level: level(d.defaultSeverity)),
            properties: .init(tags: [d.pack.lowercased(), "memory"]))
    }

    static func resultObject(_ d: Diagnostic, suppression: Suppression?, ruleIndex: [String: Int], fingerprints: inout Fingerprints,
                             context: ReportContext) -> Result {
        let related = d.related.enumerated().map { index, related in
            Location(id: index + 1, message: Message(text: related.message),
                     physicalLocation: physical(related.location, context: context, snippet: false))
        }
        let properties = ResultProperties(workload: d.workload, container: d.container, fix: d.fix)
        let suppressions = suppression.map { suppression in
            [SuppressionObject(
                justification: suppression.reason ?? (suppression.kind == .comment ? "memlint:ignore comment" : "ignore-check.memlint.io annotation"),
                location: Location(physicalLocation: physical(suppression.location, context: context, snippet: false)))]
        }
        return Result(
            ruleId: d.code, ruleIndex: ruleIndex[d.code], level: level(d.severity),
            message: Message(text: d.fix.map { "\(d.message). Fix: \($0)" } ?? d.message),
            locations: [Location(physicalLocation: physical(d.location, context: context, snippet: true))],
            relatedLocations: related.isEmpty ? nil : related,
            partialFingerprints: ["memlintFingerprint/v1": fingerprints.next(for: d)],
            properties: d.workload == nil && d.container == nil && d.fix == nil ? nil : properties,
            suppressions: suppressions,
            fixes: d.edit.map { [fixObject($0, context: context)] })
    }

    static func fixObject(_ fix: Fix, context: ReportContext) -> FixObject {
        var byFile: [(String, [Fix.Edit])] = []
        for edit in fix.edits {
            if let index = byFile.firstIndex(where: { $0.0 == edit.path }) { byFile[index].1.append(edit) } else { byFile.append((edit.path, [edit])) }
        }
        return FixObject(
            description: Message(text: "\(fix.summary) (\(fix.applicability.rawValue))"),
            artifactChanges: byFile.map { path, edits in
                ArtifactChange(
                    artifactLocation: ArtifactLocation(uri: relativeURI(path, root: context.root), uriBaseId: "%SRCROOT%"),
                    replacements: edits.map { edit in
                        Replacement(deletedRegion: physical(SourceLocation(path: path, span: edit.span), context: context, snippet: false).region,
                                    insertedContent: Message(text: edit.replacement))
                    })
            })
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    static func physical(_ location: SourceLocation, context: ReportContext, snippet: Bool) -> PhysicalLocation {
        let lines = context.sources
        let start = location.span.start
        var end = location.span.end
        if end < start { end = start }
        let startLine = max(1, Int(start.line))
        let endLine = max(startLine, Int(end.line))
        let startColumn = lines.utf16Column(max(1, Int(start.column)), line: startLine, path: location.path)
        var endColumn = lines.utf16Column(max(1, Int(end.column)), line: endLine, path: location.path)
        if endLine == startLine, endColumn < startColumn { endColumn = startColumn }
        let text = snippet ? lines.line(startLine, of: location.path).map(Message.init(text:)) : nil
        return PhysicalLocation(
            artifactLocation: ArtifactLocation(uri: relativeURI(location.path, root: context.root), uriBaseId: "%SRCROOT%"),
            region: Region(startLine: startLine, startColumn: startColumn, endLine: endLine, endColumn: endColumn, snippet: text))
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
        return relative.split(separator: "/", omittingEmptySubsequences: false)
            .map(PathText.percentEncodedSegment)
            .joined(separator: "/")
    }

    static func directoryURI(_ path: String) -> String {
        let text = URL(fileURLWithPath: path, isDirectory: true).absoluteString
        return text.hasSuffix("/") ? text : text + "/"
    }
}
