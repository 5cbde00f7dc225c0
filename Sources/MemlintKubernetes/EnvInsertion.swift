import MemlintSource
import MemlintYAML

/// Where a new environment variable can be added to a container, in the style the file already uses:
/// one more item of a block `env:` list (with its dash and key indentation), one more `{…}` in a flow
/// list, or a new `env:` key (block, after the container's `name:` line; flow, before the mapping's
/// `}`). Found when the manifest is read, from its text; nil where the shape is unusual (an env list
/// that is an alias, items that end in nested values, multi-line flow collections), so no fix guesses.
public struct EnvInsertion: Sendable {
    public enum Shape: Sendable {
        /// A new line before `at`: `dash` spaces, `-`, `gap` spaces, then keys at `keyColumn`.
        case blockItem(dash: Int, gap: Int, keyColumn: Int)
        /// `, {name: …, value: …}` (or without the comma in an empty list) before the `]` at `at`.
        case flowItem(empty: Bool)
        /// A new `env:` key with `indent` spaces, on the line before `at`.
        case blockKey(indent: Int)
        /// `, env: [{…}]` before the `}` at `at`.
        case flowKey
    }

    /// Where the text goes (a zero-width span at this mark).
    public var at: Mark
    public var shape: Shape
    /// The file's line ending ("\n" or "\r\n").
    public var newline: String

    /// The text that adds `name` with `value`, quoted only where YAML needs it to read a string.
    public func text(name: String, value: String) -> String {
        switch shape {
        case .blockItem(let dash, let gap, let keyColumn):
            let keys = String(repeating: " ", count: keyColumn - 1)
            return String(repeating: " ", count: dash) + "-" + String(repeating: " ", count: gap) + "name: \(name)" + newline
                + keys + "value: \(YAMLScalar.written(value, inFlow: false))" + newline
        case .flowItem(let empty):
            return (empty ? "" : ", ") + "{name: \(name), value: \(YAMLScalar.written(value, inFlow: true))}"
        case .blockKey(let indent):
            let spaces = String(repeating: " ", count: indent)
            return spaces + "env:" + newline + spaces + "  - name: \(name)" + newline + spaces + "    value: \(YAMLScalar.written(value, inFlow: false))" + newline
        case .flowKey:
            return ", env: [{name: \(name), value: \(YAMLScalar.written(value, inFlow: true))}]"
        }
    }

    static func find(container node: NodeID, in document: Document, text: SourceText) -> EnvInsertion? {
        let bytes = text.bytes
        if let env = document.entry("env", in: node) {
            guard document.kind(env.value) == .sequence else { return nil }  // an alias, null: no guess
            let span = document.span(env.value)
            if document.isFlow(env.value) {
                guard span.start.line == span.end.line, span.end.offset > 0, span.end.offset <= bytes.count,
                      bytes[span.end.offset - 1] == UInt8(ascii: "]") else { return nil }
                let at = Mark(line: Int(span.end.line), column: Int(span.end.column) - 1, offset: span.end.offset - 1)
                return EnvInsertion(at: at, shape: .flowItem(empty: document.children(env.value).isEmpty), newline: "\n")
            }
            guard let last = document.children(env.value).last, document.kind(last) == .mapping, !document.isFlow(last),
                  let lastValue = document.pairs(last).last?.value, document.kind(lastValue) == .scalar,
                  document.scalarStyle(lastValue) != .literal, document.scalarStyle(lastValue) != .folded,
                  let first = document.children(env.value).first else { return nil }
            // The dash of the first item, and the column of its first key.
            let itemStart = document.span(first).start
            let lineStart = Self.lineStart(of: itemStart.offset, in: bytes)
            let prefix = bytes[lineStart..<itemStart.offset]
            guard let dashIndex = prefix.firstIndex(where: { $0 != 0x20 }), bytes[dashIndex] == UInt8(ascii: "-"),
                  prefix[(dashIndex + 1)...].allSatisfy({ $0 == 0x20 }), prefix.count > dashIndex - lineStart + 1 else { return nil }
            let dash = dashIndex - lineStart
            let keyColumn = Int(itemStart.column)
            guard let (at, newline) = Self.afterLine(of: document.span(lastValue).end, in: bytes) else { return nil }
            return EnvInsertion(at: at, shape: .blockItem(dash: dash, gap: keyColumn - 1 - dash - 1, keyColumn: keyColumn), newline: newline)
        }
        let span = document.span(node)
        if document.isFlow(node) {
            guard span.start.line == span.end.line, span.end.offset > 0, span.end.offset <= bytes.count,
                  bytes[span.end.offset - 1] == UInt8(ascii: "}") else { return nil }
            return EnvInsertion(at: Mark(line: Int(span.end.line), column: Int(span.end.column) - 1, offset: span.end.offset - 1), shape: .flowKey, newline: "\n")
        }
        // A new key after the `name:` line, at the keys' indentation.
        guard let name = document.entry("name", in: node), document.kind(name.value) == .scalar,
              document.span(name.value).start.line == document.span(name.value).end.line,
              let (at, newline) = Self.afterLine(of: document.span(name.value).end, in: bytes) else { return nil }
        return EnvInsertion(at: at, shape: .blockKey(indent: Int(document.span(name.key).start.column) - 1), newline: newline)
    }

    static func lineStart(of offset: Int, in bytes: [UInt8]) -> Int {
        var index = min(offset, bytes.count)
        while index > 0, bytes[index - 1] != 0x0A { index -= 1 }
        return index
    }

    /// The start of the line after the one holding `mark`, and that line's ending; nil at the end of a
    /// file without a final newline (the new text would join the last line).
    static func afterLine(of mark: Mark, in bytes: [UInt8]) -> (Mark, String)? {
        var index = mark.offset
        while index < bytes.count, bytes[index] != 0x0A { index += 1 }
        guard index < bytes.count else { return nil }
        let newline = index > 0 && bytes[index - 1] == 0x0D ? "\r\n" : "\n"
        return (Mark(line: Int(mark.line) + 1, column: 1, offset: index + 1), newline)
    }
}

/// How a string is written so that YAML (and Kubernetes' YAML 1.1 reader) reads it back as that
/// string: plain when it can be, double-quoted when plain would read as a number, a boolean, null,
/// or would break the line's structure (`: `, ` #`, an indicator first, flow punctuation in a flow).
public enum YAMLScalar {
    public static func written(_ value: String, inFlow: Bool) -> String {
        guard needsQuotes(value, inFlow: inFlow) else { return value }
        var quoted = "\""
        for character in value {
            switch character {
            case "\\": quoted += "\\\\"
            case "\"": quoted += "\\\""
            case "\t": quoted += "\\t"
            case "\n": quoted += "\\n"
            default: quoted.append(character)
            }
        }
        return quoted + "\""
    }

    static func needsQuotes(_ value: String, inFlow: Bool) -> Bool {
        guard let first = value.first, let last = value.last else { return true }
        if first == " " || last == " " || last == ":" || value.contains(": ") || value.contains(" #") { return true }
        if value.contains(where: { $0.isNewline || $0 == "\t" || ($0.asciiValue.map { $0 < 0x20 } ?? false) }) { return true }
        if "[]{},#&*!|>'\"%@`".contains(first) { return true }
        if "-?:".contains(first), value.count == 1 || value.dropFirst().first == " " { return true }
        if inFlow, value.contains(where: { "[]{},".contains($0) }) { return true }
        let lower = value.lowercased()
        let words: Set<String> = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf", "-.inf", "+.inf", ".nan"]
        if words.contains(lower) { return true }
        // Numbers: 12, -3, 1.5, 1e3, 0x1F, 0o17, 1_000, .5
        let digits = value.drop { $0 == "+" || $0 == "-" }
        if let start = digits.first, start.isNumber || (start == "." && digits.dropFirst().first?.isNumber == true),
           digits.allSatisfy({ $0.isHexDigit || "._xXoOeE+-".contains($0) }) { return true }
        return false
    }
}
