/// The messages memlint and a rule plugin exchange (docs/custom-rules.md, "Rule plugins"): one
/// JSON request on the program's stdin, one JSON answer on its stdout, then it exits 0.
enum PluginProtocol {
    static let schemaVersion = 1

    struct Request: Encodable {
        var schemaVersion = PluginProtocol.schemaVersion
        /// `describe` (only the rules: `memlint rules`) or `check` (the rules and their findings).
        var request: String
        var plugin: String
        /// The containers' models (docs/model.schema.json); empty for `describe`.
        var containers: [JSONValue]
    }

    struct Answer: Decodable {
        var rules: [RuleInfo]
        var diagnostics: [Finding]?
    }

    struct RuleInfo: Decodable {
        var code: String
        var name: String
        var severity: String?
        var summary: String
        var rationale: String?
        var fix: String?
        var references: [String]?
    }

    struct Finding: Decodable {
        var code: String
        var message: String
        /// A position handle from the request (`c3#runtime.jvm.maxHeap`, or a container id).
        var at: String
        var severity: String?
        var related: [Related]?
        var fix: String?
    }

    struct Related: Decodable {
        var at: String
        var message: String
    }
}
