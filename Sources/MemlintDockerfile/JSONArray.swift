import MemlintSource

/// Exec-form arguments: the text must be exactly one JSON array (Go's `json.Unmarshal` into
/// `[]interface{}`), and every element a string.
enum JSONArray {
    enum Result {
        case strings([TracedText])
        /// Valid JSON, but an element is not a string: an error in BuildKit.
        case notStrings
        /// Not a JSON array: BuildKit falls back to shell form.
        case notJSON
    }

    static func parse(_ text: TracedText) -> Result {
        var parser = Parser(s: text.scalars)
        parser.skipSpace()
        guard parser.peek == "[" else { return .notJSON }
        var elements: [TracedText] = []
        var allStrings = true
        parser.pos += 1
        parser.skipSpace()
        if parser.peek == "]" {
            parser.pos += 1
        } else {
            while true {
                parser.skipSpace()
                if parser.peek == "\"" {
                    let literalStart = parser.pos
                    guard let (value, escaped) = parser.string() else { return .notJSON }
                    if escaped {
                        let location = text.location(of: literalStart..<parser.pos)
                        elements.append(location.map { TracedText(value, from: $0) } ?? TracedText(synthetic: value))
                    } else {
                        elements.append(text.slice(literalStart + 1..<parser.pos - 1))
                    }
                } else {
                    guard parser.value() else { return .notJSON }
                    allStrings = false
                }
                parser.skipSpace()
                if parser.peek == "," { parser.pos += 1; continue }
                if parser.peek == "]" { parser.pos += 1; break }
                return .notJSON
            }
        }
        parser.skipSpace()
        guard parser.pos == parser.s.count else { return .notJSON }
        return allStrings ? .strings(elements) : .notStrings
    }

    /// A strict JSON reader over scalars, enough to tell valid from invalid.
    struct Parser {
        let s: [Unicode.Scalar]
        var pos = 0
        var depth = 0

        var peek: Unicode.Scalar? { pos < s.count ? s[pos] : nil }

        mutating func skipSpace() {
            while let c = peek, c == " " || c == "\t" || c == "\n" || c == "\r" { pos += 1 }
        }

        /// A string literal at `pos`: its value and whether it had escapes.
        mutating func string() -> (String, Bool)? {
            guard peek == "\"" else { return nil }
            pos += 1
            var value = String.UnicodeScalarView()
            var escaped = false
            while let c = peek {
                pos += 1
                switch c {
                case "\"":
                    return (String(value), escaped)
                case "\\":
                    escaped = true
                    guard let e = peek else { return nil }
                    pos += 1
                    switch e {
                    case "\"": value.append("\"")
                    case "\\": value.append("\\")
                    case "/": value.append("/")
                    case "b": value.append("\u{08}")
                    case "f": value.append("\u{0C}")
                    case "n": value.append("\n")
                    case "r": value.append("\r")
                    case "t": value.append("\t")
                    case "u":
                        guard let unit = hex4() else { return nil }
                        if (0xD800...0xDBFF).contains(unit), peek == "\\", pos + 1 < s.count, s[pos + 1] == "u" {
                            let save = pos
                            pos += 2
                            if let low = hex4(), (0xDC00...0xDFFF).contains(low) {
                                value.append(Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!)
                                continue
                            }
                            pos = save
                        }
                        value.append(Unicode.Scalar(unit) ?? "\u{FFFD}")
                    default:
                        return nil
                    }
                default:
                    guard c.value >= 0x20 else { return nil }
                    value.append(c)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard pos + 4 <= s.count else { return nil }
            var result: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = Int(String(s[pos]), radix: 16) else { return nil }
                result = result * 16 + UInt32(digit)
                pos += 1
            }
            return result
        }

        /// Any JSON value; true when it is well-formed.
        mutating func value() -> Bool {
            depth += 1
            defer { depth -= 1 }
            guard depth < 512 else { return false }
            skipSpace()
            guard let c = peek else { return false }
            switch c {
            case "\"": return string() != nil
            case "[":
                pos += 1
                skipSpace()
                if peek == "]" { pos += 1; return true }
                while true {
                    guard value() else { return false }
                    skipSpace()
                    if peek == "," { pos += 1; continue }
                    if peek == "]" { pos += 1; return true }
                    return false
                }
            case "{":
                pos += 1
                skipSpace()
                if peek == "}" { pos += 1; return true }
                while true {
                    skipSpace()
                    guard string() != nil else { return false }
                    skipSpace()
                    guard peek == ":" else { return false }
                    pos += 1
                    guard value() else { return false }
                    skipSpace()
                    if peek == "," { pos += 1; continue }
                    if peek == "}" { pos += 1; return true }
                    return false
                }
            case "t": return literal("true")
            case "f": return literal("false")
            case "n": return literal("null")
            default: return number()
            }
        }

        mutating func literal(_ word: String) -> Bool {
            let scalars = Array(word.unicodeScalars)
            guard pos + scalars.count <= s.count, Array(s[pos..<pos + scalars.count]) == scalars else { return false }
            pos += scalars.count
            return true
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
        mutating func number() -> Bool {
            func digits() -> Int {
                var n = 0
                while let c = peek, ("0"..."9").contains(c) { pos += 1; n += 1 }
                return n
            }
            if peek == "-" { pos += 1 }
            if peek == "0" { pos += 1 } else if digits() == 0 { return false }
            if peek == "." { pos += 1; if digits() == 0 { return false } }
            if peek == "e" || peek == "E" {
                pos += 1
                if peek == "+" || peek == "-" { pos += 1 }
                if digits() == 0 { return false }
            }
            return true
        }
    }
}
