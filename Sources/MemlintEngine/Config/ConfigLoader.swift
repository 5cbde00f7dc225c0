import Foundation
import MemlintYAML

/// Reads and validates `.lint.yml`. Every problem is collected with its position, so a user fixes
/// them all in one pass; the run stops (exit 2) when there is any.
public struct ConfigLoader {
    public let rules: [any Rule.Type]

    public init(rules: [any Rule.Type]) {
        self.rules = rules
    }

    static let topLevelKeys = ["failOn", "include", "exclude", "rules", "images"]

    /// `.lint.yml` in the current folder or the nearest parent, stopping at the repository root
    /// (the first folder that holds `.git`).
    public static func discover(from directory: String) -> String? {
        var current = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let candidate = current.appendingPathComponent(".lint.yml").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            if FileManager.default.fileExists(atPath: current.appendingPathComponent(".git").path) { return nil }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    /// Loads the file at `path` (as given by the user or found by `discover`).
    public func load(path: String, displayPath: String) -> Result<Configuration, ConfigErrors> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(ConfigErrors([ConfigError(path: displayPath, mark: .zero, message: "cannot read the configuration file")]))
        }
        let directory = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
        return parse(Array(data), displayPath: displayPath, directory: directory)
    }

    public func parse(_ bytes: [UInt8], displayPath: String, directory: String) -> Result<Configuration, ConfigErrors> {
        var reader = Reader(path: displayPath, rules: rules, directory: directory)
        let text: SourceText
        switch SourceText.decode(bytes) {
        case .success(let decoded): text = decoded
        case .failure: return .failure(ConfigErrors([ConfigError(path: displayPath, mark: .zero, message: "the configuration file is not UTF-8 text")]))
        }
        let (documents, yamlErrors) = YAMLLoader(maxDepth: 64).loadAll(text)
        if let error = yamlErrors.first {
            return .failure(ConfigErrors([ConfigError(path: displayPath, mark: error.mark, message: "invalid YAML: \(error.message)")]))
        }
        guard documents.count <= 1 else {
            return .failure(ConfigErrors([ConfigError(path: displayPath, mark: documents[1].root.map { documents[1].start($0) } ?? .zero,
                                         message: "the configuration must be a single YAML document")]))
        }
        var configuration = Configuration(path: displayPath, directory: directory)
        if let document = documents.first, let root = document.root {
            reader.read(root, in: document, into: &configuration)
        }
        return reader.errors.isEmpty ? .success(configuration) : .failure(ConfigErrors(reader.errors))
    }
}

private struct Reader {
    let path: String
    let rules: [any Rule.Type]
    let directory: String
    var errors: [ConfigError] = []

    mutating func fail(_ message: String, at node: NodeID, in document: Document) {
        errors.append(ConfigError(path: path, mark: document.start(node), message: message))
    }

    mutating func read(_ root: NodeID, in document: Document, into configuration: inout Configuration) {
        if document.isNull(root) { return }
        guard document.kind(document.resolve(root)) == .mapping else {
            fail("the configuration must be a mapping of keys (failOn, include, exclude, rules, images)", at: root, in: document)
            return
        }
        var seen = Set<String>()
        for (keyNode, value) in document.pairs(root) {
            guard let key = document.string(keyNode) else {
                fail("keys must be plain names", at: keyNode, in: document)
                continue
            }
            if !seen.insert(key).inserted {
                fail("'\(key)' is given twice", at: keyNode, in: document)
                continue
            }
            switch key {
            case "failOn":
                guard let text = scalar(value, key: key, in: document) else { continue }
                if let threshold = FailThreshold(rawValue: text) {
                    configuration.failOn = threshold
                } else {
                    fail("failOn must be one of error, warning, note, never; got '\(text)'", at: value, in: document)
                }
            case "include", "exclude":
                let globs = globList(value, key: key, in: document)
                if key == "include" { configuration.include = globs } else { configuration.exclude = globs }
            case "rules":
                readRules(value, in: document, into: &configuration)
            case "images":
                readImages(value, in: document, into: &configuration)
            default:
                fail("unknown key '\(key)'\(Suggest.didYouMean(key, among: ConfigLoader.topLevelKeys))", at: keyNode, in: document)
            }
        }
    }

    mutating func scalar(_ node: NodeID, key: String, in document: Document) -> String? {
        guard document.kind(document.resolve(node)) == .scalar, !document.isNull(node), let text = document.string(node) else {
            fail("'\(key)' must be a single value", at: node, in: document)
            return nil
        }
        return text
    }

    mutating func globList(_ node: NodeID, key: String, in document: Document) -> [Glob] {
        guard let items = document.sequence(node) else {
            fail("'\(key)' must be a list of glob patterns, e.g. [\"charts/**\"]", at: node, in: document)
            return []
        }
        var globs: [Glob] = []
        for item in items {
            guard let text = scalar(item, key: key, in: document) else { continue }
            do { globs.append(try Glob(text)) } catch { fail("bad glob '\(text)': \(error)", at: item, in: document) }
        }
        return globs
    }

    mutating func readRules(_ node: NodeID, in document: Document, into configuration: inout Configuration) {
        guard document.kind(document.resolve(node)) == .mapping else {
            fail("'rules' must map rule codes or names to off, a severity, or settings", at: node, in: document)
            return
        }
        for (keyNode, value) in document.pairs(node) {
            guard let selector = document.string(keyNode) else { continue }
            guard let rule = rules.first(where: { $0.description.code == selector || $0.description.name == selector }) else {
                let known = rules.flatMap { [$0.description.code, $0.description.name] }
                fail("unknown rule '\(selector)'\(Suggest.didYouMean(selector, among: known))", at: keyNode, in: document)
                continue
            }
            let description = rule.description
            var override = configuration.rules[description.code] ?? RuleOverride()
            let target = document.resolve(value)
            if document.kind(target) == .scalar {
                let text = document.string(target) ?? ""
                if text == "off" || text == "false" {
                    override.enabled = false
                } else if let severity = Severity(name: text) {
                    override.severity = severity
                } else {
                    fail("rule \(description.code) takes off, error, warning, note, or a mapping of settings; got '\(text)'", at: value, in: document)
                }
            } else if document.kind(target) == .mapping {
                readRuleSettings(target, description: description, in: document, into: &override)
            } else {
                fail("rule \(description.code) takes off, a severity, or a mapping of settings", at: value, in: document)
            }
            configuration.rules[description.code] = override
        }
    }

    mutating func readRuleSettings(_ node: NodeID, description: RuleDescription, in document: Document, into override: inout RuleOverride) {
        let parameterKeys = description.parameters.map(\.key)
        for (keyNode, value) in document.pairs(node) {
            guard let key = document.string(keyNode) else { continue }
            guard let text = scalar(value, key: key, in: document) else { continue }
            if key == "severity" {
                if text == "off" { override.enabled = false } else if let severity = Severity(name: text) { override.severity = severity } else {
                    fail("severity must be error, warning, note or off; got '\(text)'", at: value, in: document)
                }
                continue
            }
            guard let parameter = description.parameters.first(where: { $0.key == key }) else {
                let hint = parameterKeys.isEmpty ? " (\(description.code) has no parameters; it takes only severity)" : Suggest.didYouMean(key, among: ["severity"] + parameterKeys)
                fail("unknown setting '\(key)' for \(description.code)\(hint)", at: keyNode, in: document)
                continue
            }
            if let problem = ParameterValidation.problem(with: text, for: parameter) {
                fail("\(description.code) \(key): \(problem)", at: value, in: document)
                continue
            }
            override.parameters[key] = text
        }
    }

    mutating func readImages(_ node: NodeID, in document: Document, into configuration: inout Configuration) {
        guard let items = document.sequence(node) else {
            fail("'images' must be a list of {match, runtime, dockerfile}", at: node, in: document)
            return
        }
        for item in items {
            guard document.kind(document.resolve(item)) == .mapping else {
                fail("each image entry must be a mapping with 'match' and 'runtime' and/or 'dockerfile'", at: item, in: document)
                continue
            }
            var match: Glob?
            var runtime: ImageMapping.Runtime?
            var dockerfile: String?
            var target: String?
            var runtimeWritten = false
            for (keyNode, value) in document.pairs(item) {
                guard let key = document.string(keyNode), let text = scalar(value, key: document.string(keyNode) ?? "value", in: document) else { continue }
                switch key {
                case "match":
                    do { match = try Glob(text) } catch { fail("bad glob '\(text)': \(error)", at: value, in: document) }
                case "runtime":
                    runtimeWritten = true
                    if let known = ImageMapping.Runtime(rawValue: text) { runtime = known } else {
                        fail("runtime must be one of \(ImageMapping.Runtime.allCases.map(\.rawValue).joined(separator: ", ")); got '\(text)'\(Suggest.didYouMean(text, among: ImageMapping.Runtime.allCases.map(\.rawValue)))", at: value, in: document)
                    }
                case "dockerfile":
                    let path = text.hasPrefix("/") ? text : URL(fileURLWithPath: directory).appendingPathComponent(text).standardizedFileURL.path
                    if FileManager.default.fileExists(atPath: path) {
                        dockerfile = path
                    } else {
                        fail("no Dockerfile at '\(text)' (paths are relative to the configuration's folder)", at: value, in: document)
                        runtimeWritten = true
                    }
                case "target":
                    target = text
                default:
                    fail("unknown key '\(key)' in an image entry\(Suggest.didYouMean(key, among: ["match", "runtime", "dockerfile", "target"]))", at: keyNode, in: document)
                }
            }
            guard let match else {
                fail("image entry needs 'match' (a glob on the image reference, e.g. \"registry.example.com/shop/*\")", at: item, in: document)
                continue
            }
            if runtime == nil && dockerfile == nil && !runtimeWritten {
                fail("image entry for '\(match.pattern)' needs 'runtime' or 'dockerfile'", at: item, in: document)
                continue
            }
            configuration.images.append(ImageMapping(match: match, runtime: runtime, dockerfile: dockerfile, target: target, span: document.span(item)))
        }
    }
}

/// Checks a parameter value against its declared kind.
enum ParameterValidation {
    static func problem(with text: String, for parameter: ParameterDescription) -> String? {
        switch parameter.kind {
        case .size:
            switch Quantity.parse(text) {
            case .success(let q) where !q.isNegative: return nil
            case .success: return "must not be negative"
            case .failure:
                let hint = Quantity.suggestions(for: text).first.map { " (did you mean \($0)?)" } ?? ""
                return "'\(text)' is not a size; write a Kubernetes quantity such as 64Mi\(hint)"
            }
        case .ratio:
            guard let value = Double(text), value.isFinite, value >= 0 else { return "'\(text)' is not a non-negative number" }
            return nil
        case .count:
            guard let value = Int(text), value >= 0 else { return "'\(text)' is not a whole number ≥ 0" }
            return nil
        }
    }
}

/// "did you mean" for misspelt keys and names.
enum Suggest {
    static func didYouMean(_ word: String, among candidates: [String]) -> String {
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else { return "" }
        return "; did you mean '\(best.0)'?"
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
