import FoundationEssentials
import MemlintResolution
import MemlintSource
import MemlintYAML

/// `render:` in `.lint.yml`:
///
/// ```yaml
/// render:
///   helm: {command: tools/helm, required: true}
///   kustomize: {command: [kubectl, kustomize]}
///   charts:
///     - match: charts/payments
///       release: payments
///       namespace: shop
///       values: [charts/payments/values-common.yaml]
///       valueSets:
///         prod: {values: [charts/payments/values-prod.yaml], set: {replicaCount: "3"}}
/// ```
extension Reader {
    static let renderKeys = ["helm", "kustomize", "charts"]
    static let toolKeys = ["command", "required"]
    static let chartKeys = ["match", "release", "namespace", "kubeVersion", "values", "set", "valueSets"]
    static let valueSetKeys = ["values", "set"]

    mutating func readRender(_ node: NodeID, in document: Document, into configuration: inout Configuration) {
        guard document.kind(document.resolve(node)) == .mapping else {
            fail("'render' must be a mapping with \(Self.renderKeys.joined(separator: ", "))", at: node, in: document)
            return
        }
        for (keyNode, value) in document.pairs(node) {
            guard let key = document.string(keyNode) else { continue }
            switch key {
            case "helm": configuration.render.helm = readTool(value, name: "helm", in: document)
            case "kustomize": configuration.render.kustomize = readTool(value, name: "kustomize", in: document)
            case "charts":
                guard let items = document.sequence(value) else {
                    fail("'render.charts' must be a list of {match, release, namespace, values, set, valueSets}", at: value, in: document)
                    continue
                }
                configuration.render.charts = items.compactMap { readChart($0, in: document) }
            default:
                fail("unknown key 'render.\(key)'\(Suggest.didYouMean(key, among: Self.renderKeys))", at: keyNode, in: document)
            }
        }
    }

    private mutating func readTool(_ node: NodeID, name: String, in document: Document) -> RenderConfiguration.ToolSettings {
        var tool = RenderConfiguration.ToolSettings()
        guard document.kind(document.resolve(node)) == .mapping else {
            fail("'render.\(name)' must be a mapping with command, required", at: node, in: document)
            return tool
        }
        for (keyNode, value) in document.pairs(node) {
            guard let key = document.string(keyNode) else { continue }
            switch key {
            case "command":
                if let items = document.sequence(value) {
                    let words = items.compactMap { scalar($0, key: "render.\(name).command", in: document) }
                    if words.isEmpty { fail("'render.\(name).command' must name a program", at: value, in: document) } else { tool.command = words }
                } else if let text = scalar(value, key: "render.\(name).command", in: document) {
                    tool.command = [text]
                }
                // A relative program path is relative to the configuration's folder, like every path in it.
                if let program = tool.command?.first, program.contains("/"), !program.hasPrefix("/") {
                    tool.command![0] = URL(fileURLWithPath: directory).appendingPathComponent(program).standardizedFileURL.path
                }
            case "required":
                guard let text = scalar(value, key: "render.\(name).required", in: document) else { continue }
                switch text {
                case "true": tool.required = true
                case "false": tool.required = false
                default: fail("'render.\(name).required' must be true or false; got '\(text)'", at: value, in: document)
                }
                tool.requiredAt = SourceLocation(path: path, span: document.span(value))
            default:
                fail("unknown key 'render.\(name).\(key)'\(Suggest.didYouMean(key, among: Self.toolKeys))", at: keyNode, in: document)
            }
        }
        return tool
    }

    private mutating func readChart(_ node: NodeID, in document: Document) -> RenderConfiguration.ChartSettings? {
        guard document.kind(document.resolve(node)) == .mapping else {
            fail("each 'render.charts' entry must be a mapping with \(Self.chartKeys.joined(separator: ", "))", at: node, in: document)
            return nil
        }
        guard let matchNode = document.value("match", in: node), let pattern = scalar(matchNode, key: "match", in: document) else {
            fail("a 'render.charts' entry needs 'match': the chart's folder (a glob, relative to this file)", at: node, in: document)
            return nil
        }
        var chart: RenderConfiguration.ChartSettings
        do {
            chart = RenderConfiguration.ChartSettings(match: try Glob(pattern.hasSuffix("/") ? String(pattern.dropLast()) : pattern))
        } catch {
            fail("bad glob '\(pattern)': \(error)", at: matchNode, in: document)
            return nil
        }
        for (keyNode, value) in document.pairs(node) {
            guard let key = document.string(keyNode) else { continue }
            switch key {
            case "match": continue
            case "release": chart.release = scalar(value, key: key, in: document)
            case "namespace": chart.namespace = scalar(value, key: key, in: document)
            case "kubeVersion": chart.kubeVersion = scalar(value, key: key, in: document)
            case "values": chart.common.files = valuesFiles(value, in: document)
            case "set": chart.common.set = setPairs(value, in: document)
            case "valueSets":
                guard document.kind(document.resolve(value)) == .mapping else {
                    fail("'valueSets' must map set names to {values, set}", at: value, in: document)
                    continue
                }
                for (nameNode, setNode) in document.pairs(value) {
                    guard let name = document.string(nameNode) else { continue }
                    guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }), !name.isEmpty else {
                        fail("value set names use letters, digits, '-', '_' and '.'; got '\(name)'", at: nameNode, in: document)
                        continue
                    }
                    var set = RenderConfiguration.ValueSet(name: name)
                    if document.kind(document.resolve(setNode)) == .mapping {
                        for (setKey, setValue) in document.pairs(setNode) {
                            switch document.string(setKey) {
                            case "values": set.files = valuesFiles(setValue, in: document)
                            case "set": set.set = setPairs(setValue, in: document)
                            default:
                                let written = document.string(setKey) ?? ""
                                fail("unknown key '\(written)' in value set '\(name)'\(Suggest.didYouMean(written, among: Self.valueSetKeys))", at: setKey, in: document)
                            }
                        }
                    } else if !document.isNull(setNode) {
                        fail("value set '\(name)' must be a mapping with values, set", at: setNode, in: document)
                    }
                    chart.valueSets.append(set)
                }
            default:
                fail("unknown key '\(key)' in a 'render.charts' entry\(Suggest.didYouMean(key, among: Self.chartKeys))", at: keyNode, in: document)
            }
        }
        return chart
    }

    private mutating func valuesFiles(_ node: NodeID, in document: Document) -> [String] {
        let items = document.sequence(node).map(Array.init) ?? [node]
        var files: [String] = []
        for item in items {
            guard let text = scalar(item, key: "values", in: document) else { continue }
            let absolute = text.hasPrefix("/") ? text : URL(fileURLWithPath: directory).appendingPathComponent(text).standardizedFileURL.path
            if FileManager.default.fileExists(atPath: absolute) {
                files.append(absolute)
            } else {
                fail("no values file at '\(text)' (paths are relative to the configuration's folder)", at: item, in: document)
            }
        }
        return files
    }

    private mutating func setPairs(_ node: NodeID, in document: Document) -> [(key: String, value: String, location: SourceLocation)] {
        guard document.kind(document.resolve(node)) == .mapping else {
            fail("'set' must map dotted keys to values, e.g. {image.tag: \"1.2\"}", at: node, in: document)
            return []
        }
        var pairs: [(key: String, value: String, location: SourceLocation)] = []
        for (keyNode, value) in document.pairs(node) {
            guard let key = document.string(keyNode), let text = scalar(value, key: key, in: document) else { continue }
            pairs.append((key, text, SourceLocation(path: path, span: document.span(value))))
        }
        return pairs
    }
}
