import Foundation

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
    /// Texts of inputs that are not on disk (standard input), for snippets and UTF-16 columns.
    public var inlineSources: [String: [UInt8]]

    public init(toolVersion: String, informationURI: String, rules: [RuleDescription], root: String, exitCode: Int32,
                configurationErrors: [ConfigError] = [], inlineSources: [String: [UInt8]] = [:]) {
        self.toolVersion = toolVersion
        self.informationURI = informationURI
        self.rules = rules
        self.root = root
        self.exitCode = exitCode
        self.configurationErrors = configurationErrors
        self.inlineSources = inlineSources
    }

    public func helpURI(for code: String) -> String { "\(informationURI)/blob/main/docs/rules/\(code).md" }
}

/// Source lines for snippets and UTF-16 columns, read once per file.
final class SourceLines {
    private var cache = SourceLineCache()
    private let inline: [String: [UInt8]]
    private var inlineLines: [String: [Substring]] = [:]

    init(inline: [String: [UInt8]]) {
        self.inline = inline
    }

    func line(_ number: Int, of path: String) -> String? {
        if let bytes = inline[path] {
            if inlineLines[path] == nil {
                inlineLines[path] = String(decoding: bytes, as: UTF8.self)
                    .split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
            }
            guard let lines = inlineLines[path], number >= 1, number <= lines.count else { return nil }
            return String(lines[number - 1])
        }
        return cache.line(number, of: path)
    }

    /// A 1-based column counted in Unicode scalars, as UTF-16 code units (what SARIF and editors
    /// like VS Code count). Unchanged when the line is not available.
    func utf16Column(_ column: Int, line number: Int, path: String) -> Int {
        guard let text = line(number, of: path) else { return column }
        var units = 0
        for (index, scalar) in text.unicodeScalars.enumerated() where index < column - 1 {
            units += scalar.value > 0xFFFF ? 2 : 1
        }
        return units + 1 + max(0, column - 1 - text.unicodeScalars.count)
    }
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

enum JSONOutput {
    static func encode(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
