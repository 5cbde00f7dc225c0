/// Writes documents in the yaml-test-suite event notation (`+STR`, `+DOC ---`, `=VAL :text`, …).
///
/// It renders the loader's tree, not libyaml's events, so it shows what memlint itself sees.
/// The walk uses an explicit stack: no recursion on input depth.
public enum EventRenderer {
    public static func render(_ documents: [Document], streamComplete: Bool = true) -> String {
        var out = "+STR\n"
        for document in documents {
            out += document.explicitStart ? "+DOC ---\n" : "+DOC\n"
            if let root = document.root { render(root, in: document, into: &out) }
            out += document.explicitEnd ? "-DOC ...\n" : "-DOC\n"
        }
        if streamComplete { out += "-STR\n" }
        return out
    }

    private enum Step { case node(NodeID), close(String) }

    private static func render(_ root: NodeID, in document: Document, into out: inout String) {
        var stack: [Step] = [.node(root)]
        while let step = stack.popLast() {
            switch step {
            case .close(let line):
                out += line
            case .node(let id):
                switch document.kind(id) {
                case .alias:
                    out += "=ALI *\(document.anchor(id) ?? "")\n"
                case .scalar:
                    out += "=VAL" + properties(id, in: document) + " " + styleMarker(document.scalarStyle(id)!)
                    out += escape(document.string(id) ?? "") + "\n"
                case .mapping, .sequence:
                    let isMap = document.kind(id) == .mapping
                    out += (isMap ? "+MAP" : "+SEQ")
                    if document.isFlow(id) { out += isMap ? " {}" : " []" }
                    out += properties(id, in: document) + "\n"
                    stack.append(.close(isMap ? "-MAP\n" : "-SEQ\n"))
                    for child in document.children(id).reversed() { stack.append(.node(child)) }
                }
            }
        }
    }

    private static func properties(_ id: NodeID, in document: Document) -> String {
        var text = ""
        if let anchor = document.anchor(id) { text += " &\(anchor)" }
        if let tag = document.tag(id) { text += " <\(tag)>" }
        return text
    }

    private static func styleMarker(_ style: ScalarStyle) -> String {
        switch style {
        case .plain: ":"
        case .singleQuoted: "'"
        case .doubleQuoted: "\""
        case .literal: "|"
        case .folded: ">"
        }
    }

    private static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{08}": out += "\\b"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
