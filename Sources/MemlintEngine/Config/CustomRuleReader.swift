import MemlintCEL
import MemlintKubernetes
import MemlintResolution
import MemlintSource
import MemlintYAML

/// `customRules:` in `.lint.yml` (docs/custom-rules.md):
///
/// ```yaml
/// customRules:
///   - code: ACME001
///     name: jvm-heap-share
///     severity: warning
///     runtime: jvm
///     when: 'runtime.jvm.maxHeap > container.memory.limit * 75 / 100'
///     message: 'heap {{ runtime.jvm.maxHeap }} is above 75 % of the limit {{ container.memory.limit }}'
///     at: runtime.jvm.maxHeap
///     help: 'House rule: keep a quarter of the limit outside the heap.'
/// ```
///
/// Every expression is parsed and type-checked here, so a typo is a positioned configuration
/// error (exit 2), not a surprise on the first container that reaches it.
extension Reader {
    static let customRuleKeys = ["code", "name", "severity", "runtime", "when", "message", "at", "help"]

    mutating func readCustomRules(_ node: NodeID, in document: Document, into configuration: inout Configuration) {
        guard let items = document.sequence(node) else {
            fail("'customRules' must be a list of rules, each with code, name, when and message", at: node, in: document)
            return
        }
        let schema = ContainerModel.schema(runtimes: runtimes)
        for item in items {
            guard let rule = readCustomRule(item, schema: schema, taken: configuration.customRules, in: document) else { continue }
            configuration.customRules.append(rule)
        }
    }

    private mutating func readCustomRule(_ node: NodeID, schema: [String: CELType], taken: [CustomRule], in document: Document) -> CustomRule? {
        guard document.kind(document.resolve(node)) == .mapping else {
            fail("each custom rule must be a mapping with \(Self.customRuleKeys.joined(separator: ", "))", at: node, in: document)
            return nil
        }
        var fields: [String: (text: String, node: NodeID)] = [:]
        for (keyNode, value) in document.pairs(node) {
            guard let key = document.string(keyNode) else { continue }
            guard Self.customRuleKeys.contains(key) else {
                fail("unknown key '\(key)' in a custom rule\(Suggest.didYouMean(key, among: Self.customRuleKeys))", at: keyNode, in: document)
                continue
            }
            guard let text = scalar(value, key: "customRules[].\(key)", in: document) else { continue }
            fields[key] = (text, value)
        }
        var valid = true
        for key in ["code", "name", "when", "message"] where fields[key] == nil {
            fail("a custom rule needs '\(key)'", at: node, in: document)
            valid = false
        }
        guard valid, let code = fields["code"], let name = fields["name"], let when = fields["when"], let message = fields["message"] else { return nil }

        let builtIn = rules.map { $0.description }
        let prefixes = Set(builtIn.map { String($0.code.prefix { $0.isLetter }) })
        if !RuleDescription.isWellFormedCode(code.text) {
            fail("a custom rule's code is capital letters then digits, like ACME001; got '\(code.text)'", at: code.node, in: document)
            valid = false
        } else if builtIn.contains(where: { $0.code == code.text }) || taken.contains(where: { $0.description.code == code.text }) {
            fail("code \(code.text) is already a rule's code", at: code.node, in: document)
            valid = false
        } else if let prefix = prefixes.first(where: { String(code.text.prefix { $0.isLetter }) == $0 }) {
            fail("code \(code.text) uses the prefix of memlint's own \(prefix) rules; pick your own, like ACME001", at: code.node, in: document)
            valid = false
        }
        if !RuleDescription.isWellFormedName(name.text) {
            fail("a custom rule's name is lowercase words joined by '-', like jvm-heap-share; got '\(name.text)'", at: name.node, in: document)
            valid = false
        } else if builtIn.contains(where: { $0.name == name.text }) || taken.contains(where: { $0.description.name == name.text }) {
            fail("name \(name.text) is already a rule's name", at: name.node, in: document)
            valid = false
        }
        var severity = Severity.warning
        if let written = fields["severity"] {
            if let parsed = Severity(name: written.text) { severity = parsed } else {
                fail("severity must be error, warning or note; got '\(written.text)'", at: written.node, in: document)
                valid = false
            }
        }
        if let runtime = fields["runtime"], !runtimes.contains(where: { $0.id.rawValue == runtime.text }) {
            fail("unknown runtime '\(runtime.text)'\(Suggest.didYouMean(runtime.text, among: runtimes.map(\.id.rawValue)))", at: runtime.node, in: document)
            valid = false
        }

        // The condition: a bool over the model.
        var condition: CELExpr?
        if let parsed = expression(when, key: "when", in: document) {
            do {
                let type = try CELChecker.check(parsed, variables: schema)
                if type == .bool || type == .dyn { condition = parsed } else {
                    fail("'when' must be true or false, but this expression gives \(type)", at: when.node, in: document)
                }
            } catch {
                failInside(when, offset: error.offset, error.message, in: document)
            }
        }
        // The message: text with {{ expression }} parts, each checked.
        var parts: [CustomRule.Part]?
        do {
            let template = try CustomRule.template(message.text)
            var checked = true
            for case .expression(let part, let base) in template {
                do { _ = try CELChecker.check(part, variables: schema) } catch {
                    failInside(message, offset: base + error.offset, error.message, in: document)
                    checked = false
                }
            }
            if checked { parts = template }
        } catch {
            failInside(message, offset: error.offset, error.message, in: document)
        }
        // The place: a field path of the model.
        var at = ["container"]
        if let written = fields["at"] {
            if let path = fieldPath(written, schema: schema, in: document) { at = path } else { valid = false }
        }
        guard valid, let condition, let parts else {
            brokenCustomRules.formUnion([code.text, name.text])
            return nil
        }
        let help = fields["help"]?.text
        let summary = help ?? "A rule of \(path): \(when.text)"
        let description = RuleDescription(
            code: code.text, name: name.text, pack: "Custom (\(path))", defaultSeverity: severity,
            summary: summary, rationale: help ?? "Written in \(path) as `\(when.text)`.", fix: help ?? "See \(path).",
            triggering: [], nonTriggering: [])
        return CustomRule(description: description, runtime: fields["runtime"]?.text, condition: condition, message: parts, at: at,
                          definedAt: SourceLocation(path: path, span: document.span(code.node)), help: help)
    }

    private mutating func expression(_ field: (text: String, node: NodeID), key: String, in document: Document) -> CELExpr? {
        do { return try CELParser.parse(field.text) } catch {
            failInside(field, offset: error.offset, error.message, in: document)
            return nil
        }
    }

    /// `a.b.c`, checked against the schema.
    private mutating func fieldPath(_ field: (text: String, node: NodeID), schema: [String: CELType], in document: Document) -> [String]? {
        guard let parsed = expression(field, key: "at", in: document) else { return nil }
        var path: [String] = []
        var current = parsed
        while case .select(let operand, let name, false) = current.kind {
            path.insert(name, at: 0)
            current = operand
        }
        guard case .ident(let root) = current.kind else {
            fail("'at' names a field of the model, like runtime.jvm.maxHeap or container.memory.limit", at: field.node, in: document)
            return nil
        }
        path.insert(root, at: 0)
        do { _ = try CELChecker.check(parsed, variables: schema) } catch {
            failInside(field, offset: error.offset, error.message, in: document)
            return nil
        }
        return path
    }

    /// An error at `offset` characters into a scalar's text: exact when the scalar is written
    /// verbatim on one line, else at the scalar's start.
    private mutating func failInside(_ field: (text: String, node: NodeID), offset: Int, _ message: String, in document: Document) {
        if let start = ManifestExtractor.verbatimStart(of: field.node, text: field.text, document) {
            let prefix = field.text.unicodeScalars.prefix(max(0, offset))
            let mark = Mark(line: Int(start.line), column: Int(start.column) + prefix.count,
                            offset: start.offset + prefix.reduce(0) { $0 + UTF8.width($1) })
            errors.append(ConfigError(path: path, mark: mark, message: message))
        } else {
            fail(message, at: field.node, in: document)
        }
    }
}
