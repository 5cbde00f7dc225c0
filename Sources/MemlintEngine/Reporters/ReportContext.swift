import FoundationEssentials

/// What a reporter needs besides the findings: the tool, the rules that ran, where the scan was
/// rooted, how the run ends, and any configuration problem.
public struct ReportContext: Sendable {
    public var toolName = "memlint"
    public var toolVersion: String
    /// The project's home, and where rule pages live (`<informationURI>/blob/main/docs/rules/<CODE>.md`).
    public var informationURI: String
    /// Every rule that ran, in order.
    public var rules: [RuleDescription]
    /// Absolute folder that relative paths are relative to (the current directory).
    public var root: String
    public var exitCode: Int32
    public var configurationErrors: [ConfigError]
    /// Lines of the files the report points into (findings, configuration errors), read by the engine.
    public var sources: SourceLines

    public init(toolVersion: String, informationURI: String, rules: [RuleDescription], root: String, exitCode: Int32,
                configurationErrors: [ConfigError] = [], sources: SourceLines = SourceLines()) {
        self.toolVersion = toolVersion
        self.informationURI = informationURI
        self.rules = rules
        self.root = root
        self.exitCode = exitCode
        self.configurationErrors = configurationErrors
        self.sources = sources
    }

    public func helpURI(for code: String) -> String { "\(informationURI)/blob/main/docs/rules/\(code).md" }
}

/// A fingerprint that survives lines moving: file, workload, container and rule (and, for findings
/// that belong to no workload, the message), FNV-1a 64-bit, plus an occurrence count for twins.
struct Fingerprints {
    private var seen: [String: Int] = [:]

    mutating func next(for diagnostic: Diagnostic) -> String {
        let key = [diagnostic.location.path, diagnostic.workload ?? "", diagnostic.container ?? "", diagnostic.code,
                   diagnostic.workload == nil ? diagnostic.message : ""].joined(separator: "\u{0}")
        let occurrence = seen[key, default: 0]
        seen[key] = occurrence + 1
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (key + "\u{0}\(occurrence)").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
