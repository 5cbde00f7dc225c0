import MemlintSource
import MemlintYAML

/// `plugins:` in `.lint.yml` (docs/custom-rules.md, "Rule plugins"):
///
/// ```yaml
/// plugins:
///   - name: acme
///     command: ["python3", "tools/memlint_acme.py"]
///     timeout: 30        # seconds, optional
/// ```
///
/// Only the entry is checked here; the program describes its rules when it runs, so codes that
/// `rules:` gives for them are checked after the run (`PluginRun`).
extension Reader {
    static let pluginKeys = ["name", "command", "timeout"]

    mutating func readPlugins(_ node: NodeID, in document: Document, into configuration: inout Configuration) {
        guard let items = document.sequence(node) else {
            fail("'plugins' must be a list of programs, each with name and command", at: node, in: document)
            return
        }
        for item in items {
            guard let plugin = readPlugin(item, taken: configuration.plugins, in: document) else { continue }
            configuration.plugins.append(plugin)
        }
    }

    private mutating func readPlugin(_ node: NodeID, taken: [PluginSpec], in document: Document) -> PluginSpec? {
        guard document.kind(document.resolve(node)) == .mapping else {
            fail("each plugin must be a mapping with name and command, like {name: acme, command: [python3, tools/acme.py]}", at: node, in: document)
            return nil
        }
        var name: String?, command: [String]?, timeout = PluginSpec.defaultTimeout
        var place = node
        for (keyNode, value) in document.pairs(node) {
            guard let key = document.string(keyNode) else { continue }
            switch key {
            case "name":
                guard let text = scalar(value, key: "plugins[].name", in: document) else { continue }
                if !RuleDescription.isWellFormedName(text) {
                    fail("a plugin's name is lowercase words joined by '-', like acme; got '\(text)'", at: value, in: document)
                } else if taken.contains(where: { $0.name == text }) {
                    fail("plugin '\(text)' is given twice", at: value, in: document)
                } else {
                    name = text
                    place = value
                }
            case "command":
                // A list, as in a Kubernetes command: no shell splits or expands it.
                guard let items = document.sequence(value), !items.isEmpty else {
                    fail("a plugin's command is a non-empty list of words, like [python3, tools/acme.py] (no shell runs it)", at: value, in: document)
                    continue
                }
                let words = items.compactMap { scalar($0, key: "plugins[].command[]", in: document) }
                if words.count == items.count { command = words }
            case "timeout":
                guard let text = scalar(value, key: "plugins[].timeout", in: document) else { continue }
                guard let seconds = Double(text), seconds > 0, seconds <= 3600 else {
                    fail("a plugin's timeout is seconds between 0 and 3600, like 30; got '\(text)'", at: value, in: document)
                    continue
                }
                timeout = seconds
            default:
                fail("unknown key '\(key)' in a plugin\(Suggest.didYouMean(key, among: Self.pluginKeys))", at: keyNode, in: document)
            }
        }
        for (key, present) in [("name", name != nil), ("command", command != nil)] where !present {
            // Only when the key is missing: a bad value has its own error above.
            if !document.pairs(node).contains(where: { document.string($0.key) == key }) {
                fail("a plugin needs '\(key)'", at: node, in: document)
            }
        }
        guard let name, let command else { return nil }
        return PluginSpec(name: name, command: command, timeout: timeout, directory: directory,
                          definedAt: SourceLocation(path: path, span: document.span(place)))
    }
}
