import FoundationEssentials
import MemlintResolution
import MemlintYAML

/// Reads and validates `.lint.yml`. Every problem is collected with its position, so a user fixes
/// them all in one pass; the run stops (exit 2) when there is any.
public struct ConfigLoader {
    public let rules: [any Rule.Type]
    public let runtimes: [any RuntimeDescriptor]

    public init(rules: [any Rule.Type], runtimes: [any RuntimeDescriptor]) {
        self.rules = rules
        self.runtimes = runtimes
    }

    /// Everything the packs register.
    public init(packs: [RulePack]) {
        self.init(rules: packs.flatMap(\.rules), runtimes: packs.flatMap(\.runtimes))
    }

    static let topLevelKeys = ["failOn", "include", "exclude", "rules", "images", "runtimes", "render", "customRules", "plugins"]

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
        var reader = Reader(path: displayPath, rules: rules, runtimes: runtimes, directory: directory)
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
        let errors = reader.errors.sorted { ($0.mark.line, $0.mark.column) < ($1.mark.line, $1.mark.column) }
        return errors.isEmpty ? .success(configuration) : .failure(ConfigErrors(errors))
    }
}

struct Reader {
    let path: String
    let rules: [any Rule.Type]
    let runtimes: [any RuntimeDescriptor]
    let directory: String
    var errors: [ConfigError] = []
    /// Codes and names of custom rules with errors: `rules:` may still name them.
    var brokenCustomRules: Set<String> = []

    mutating func fail(_ message: String, at node: NodeID, in document: Document) {
        errors.append(ConfigError(path: path, mark: document.start(node), message: message))
    }

    mutating func read(_ root: NodeID, in document: Document, into configuration: inout Configuration) {
        if document.isNull(root) { return }
        guard document.kind(document.resolve(root)) == .mapping else {
            fail("the configuration must be a mapping of keys (\(ConfigLoader.topLevelKeys.joined(separator: ", ")))", at: root, in: document)
            return
        }
        // Custom rules and plugins first: `rules:` may set their severity.
        if let custom = document.pairs(root).first(where: { document.string($0.key) == "customRules" }) {
            readCustomRules(custom.value, in: document, into: &configuration)
        }
        if let plugins = document.pairs(root).first(where: { document.string($0.key) == "plugins" }) {
            readPlugins(plugins.value, in: document, into: &configuration)
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
            case "runtimes":
                readRuntimes(value, in: document, into: &configuration)
            case "render":
                readRender(value, in: document, into: &configuration)
            case "customRules", "plugins":
                break  // read first, above
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
            let descriptions = rules.map { $0.description } + configuration.customRules.map(\.description)
            if brokenCustomRules.contains(selector) { continue }
            guard let description = descriptions.first(where: { $0.code == selector || $0.name == selector }) else {
                if !configuration.plugins.isEmpty {
                    if let override = pluginRuleOverride(value, selector: selector, in: document) {
                        configuration.pluginRuleOverrides.append((selector, override, SourceLocation(path: path, span: document.span(keyNode))))
                    }
                    continue
                }
                let known = descriptions.flatMap { [$0.code, $0.name] }
                fail("unknown rule '\(selector)'\(Suggest.didYouMean(selector, among: known))", at: keyNode, in: document)
                continue
            }
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

    /// A plugin rule takes off or a severity (plugins' rules have no parameters).
    mutating func pluginRuleOverride(_ value: NodeID, selector: String, in document: Document) -> RuleOverride? {
        var text = document.string(document.resolve(value))
        if document.kind(document.resolve(value)) == .mapping {
            let pairs = document.pairs(document.resolve(value))
            text = pairs.count == 1 && document.string(pairs[0].key) == "severity" ? document.string(pairs[0].value) : nil
        }
        if text == "off" || text == "false" { return RuleOverride(enabled: false) }
        if let text, let severity = Severity(name: text) { return RuleOverride(severity: severity) }
        fail("'\(selector)' is no rule of memlint's; for a plugin's rule write off, error, warning or note", at: value, in: document)
        return nil
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
                if let runtime = runtimes.first(where: { $0.parameters.contains { $0.key == key } }) {
                    fail("'\(key)' is not a setting of \(description.code) but of the \(runtime.id) runtime, shared by its rules and its budget: write it under runtimes: {\(runtime.id): {\(key): …}}", at: keyNode, in: document)
                    continue
                }
                let hint = parameterKeys.isEmpty ? " (\(description.code) has no parameters; it takes only severity)" : Suggest.didYouMean(key, among: ["severity"] + parameterKeys)
                fail("unknown setting '\(key)' for \(description.code)\(hint)", at: keyNode, in: document)
                continue
            }
            if let problem = parameter.problem(with: text) {
                fail("\(description.code) \(key): \(problem)", at: value, in: document)
                continue
            }
            override.parameters[key] = text
        }
    }

    mutating func readRuntimes(_ node: NodeID, in document: Document, into configuration: inout Configuration) {
        let registered = runtimes.map(\.id.rawValue)
        guard document.kind(document.resolve(node)) == .mapping else {
            fail("'runtimes' must map runtimes (\(registered.joined(separator: ", "))) to their settings", at: node, in: document)
            return
        }
        for (keyNode, value) in document.pairs(node) {
            guard let name = document.string(keyNode) else { continue }
            guard let runtime = runtimes.first(where: { $0.id.rawValue == name }) else {
                fail("unknown runtime '\(name)'\(Suggest.didYouMean(name, among: registered))", at: keyNode, in: document)
                continue
            }
            guard document.kind(document.resolve(value)) == .mapping else {
                fail("runtime \(name) takes a mapping of settings (\(runtime.parameters.map(\.key).joined(separator: ", ")))", at: value, in: document)
                continue
            }
            var written: [String: String] = [:]
            for (settingNode, settingValue) in document.pairs(value) {
                guard let key = document.string(settingNode), let text = scalar(settingValue, key: key, in: document) else { continue }
                guard let parameter = runtime.parameters.first(where: { $0.key == key }) else {
                    let keys = runtime.parameters.map(\.key)
                    let hint = keys.isEmpty ? " (it has no settings)" : Suggest.didYouMean(key, among: keys)
                    fail("unknown setting '\(key)' for the \(name) runtime\(hint)", at: settingNode, in: document)
                    continue
                }
                if let problem = parameter.problem(with: text) {
                    fail("\(name) \(key): \(problem)", at: settingValue, in: document)
                    continue
                }
                written[key] = text
            }
            configuration.runtimes[runtime.id] = written
        }
    }

    mutating func readImages(_ node: NodeID, in document: Document, into configuration: inout Configuration) {
        guard let items = document.sequence(node) else {
            fail("'images' must be a list of {match, runtime, dockerfile}", at: node, in: document)
            return
        }
        var problems: [(String, NodeID)] = []
        let reader = ImageEntryReader(runtimes: runtimes.map(\.id), requireSources: false, allowsLinks: true) { problems.append(($0, $1)) }
        for item in items {
            let origin = "\(path):\(document.start(item).line)"
            guard let entry = reader.read(item, in: document, origin: origin) else { continue }
            var dockerfile: String?
            if let (text, value) = entry.dockerfile {
                let path = text.hasPrefix("/") ? text : URL(fileURLWithPath: directory).appendingPathComponent(text).standardizedFileURL.path
                if FileManager.default.fileExists(atPath: path) {
                    dockerfile = path
                } else {
                    problems.append(("no Dockerfile at '\(text)' (paths are relative to the configuration's folder)", value))
                }
            }
            configuration.images.append(ImageMapping(facts: entry.facts, dockerfile: dockerfile, target: entry.target, span: document.span(item)))
        }
        for (message, node) in problems { fail(message, at: node, in: document) }
    }
}
