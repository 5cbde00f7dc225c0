/// A parsed CEL expression. `offset` is the character (Unicode scalar) offset in the source text,
/// for positioned errors.
public struct CELExpr: Sendable {
    public indirect enum Kind: Sendable {
        case literal(CELValue)
        case ident(String)
        /// `operand.field`; `testOnly` inside `has()`.
        case select(CELExpr, String, testOnly: Bool)
        case index(CELExpr, CELExpr)
        /// A function (`size(x)`) or a method (`x.size()`).
        case call(target: CELExpr?, name: String, args: [CELExpr])
        case list([CELExpr])
        case map([(CELExpr, CELExpr)])
        case not(CELExpr)
        case negate(CELExpr)
        case binary(String, CELExpr, CELExpr)
        case and(CELExpr, CELExpr)
        case or(CELExpr, CELExpr)
        case conditional(CELExpr, CELExpr, CELExpr)
        /// `range.all(x, p)`, `exists`, `exists_one`, `map` (with an optional filter), `filter`.
        case comprehension(macro: String, range: CELExpr, variable: String, filter: CELExpr?, body: CELExpr)
    }

    public var kind: Kind
    public var offset: Int
}

public struct CELSyntaxError: Error, Sendable, Equatable {
    public var message: String
    public var offset: Int

    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }
}

/// CEL's grammar (cel-spec `langdef.md`), recursive descent:
/// Expr = ConditionalOr ["?" ConditionalOr ":" Expr]; then `||`, `&&`, relations, `+ -`,
/// `* / %`, unary `! -`, member access, primaries.
public struct CELParser {
    private var tokens: [CELToken]
    private var position = 0
    private var depth = 0
    static let maxDepth = 64

    public static func parse(_ text: String) throws(CELSyntaxError) -> CELExpr {
        var parser = CELParser(tokens: try CELLexer.tokens(text))
        let expression = try parser.expression()
        guard parser.peek.kind == .end else { throw CELSyntaxError(message: "unexpected \(parser.peek.text)", offset: parser.peek.offset) }
        return expression
    }

    private init(tokens: [CELToken]) { self.tokens = tokens }

    private var peek: CELToken { tokens[position] }

    private mutating func next() -> CELToken {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private mutating func accept(_ text: String) -> Bool {
        guard peek.kind == .punctuation, peek.text == text else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ text: String) throws(CELSyntaxError) {
        guard accept(text) else { throw CELSyntaxError(message: "expected '\(text)', found \(peek.described)", offset: peek.offset) }
    }

    private mutating func expression() throws(CELSyntaxError) -> CELExpr {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw CELSyntaxError(message: "expression nested too deeply", offset: peek.offset) }
        let condition = try orExpression()
        guard peek.kind == .punctuation, peek.text == "?" else { return condition }
        let offset = next().offset
        let then = try orExpression()
        try expect(":")
        let otherwise = try expression()
        return CELExpr(kind: .conditional(condition, then, otherwise), offset: offset)
    }

    private mutating func orExpression() throws(CELSyntaxError) -> CELExpr {
        var left = try andExpression()
        while peek.kind == .punctuation, peek.text == "||" {
            let offset = next().offset
            left = CELExpr(kind: .or(left, try andExpression()), offset: offset)
        }
        return left
    }

    private mutating func andExpression() throws(CELSyntaxError) -> CELExpr {
        var left = try relation()
        while peek.kind == .punctuation, peek.text == "&&" {
            let offset = next().offset
            left = CELExpr(kind: .and(left, try relation()), offset: offset)
        }
        return left
    }

    private mutating func relation() throws(CELSyntaxError) -> CELExpr {
        var left = try addition()
        while (peek.kind == .punctuation && ["<", "<=", ">", ">=", "==", "!="].contains(peek.text)) || (peek.kind == .identifier && peek.text == "in") {
            let token = next()
            left = CELExpr(kind: .binary(token.text, left, try addition()), offset: token.offset)
        }
        return left
    }

    private mutating func addition() throws(CELSyntaxError) -> CELExpr {
        var left = try multiplication()
        while peek.kind == .punctuation, peek.text == "+" || peek.text == "-" {
            let token = next()
            left = CELExpr(kind: .binary(token.text, left, try multiplication()), offset: token.offset)
        }
        return left
    }

    private mutating func multiplication() throws(CELSyntaxError) -> CELExpr {
        var left = try unary()
        while peek.kind == .punctuation, ["*", "/", "%"].contains(peek.text) {
            let token = next()
            left = CELExpr(kind: .binary(token.text, left, try unary()), offset: token.offset)
        }
        return left
    }

    private mutating func unary() throws(CELSyntaxError) -> CELExpr {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw CELSyntaxError(message: "expression nested too deeply", offset: peek.offset) }
        if peek.kind == .punctuation, peek.text == "!" {
            let offset = next().offset
            return CELExpr(kind: .not(try unary()), offset: offset)
        }
        if peek.kind == .punctuation, peek.text == "-" {
            let offset = next().offset
            // `-9223372036854775808` is a literal, not the negation of one that overflows.
            if peek.kind == .int, peek.text == "9223372036854775808" {
                _ = next()
                return try member(CELExpr(kind: .literal(.int(Int64.min)), offset: offset))
            }
            return CELExpr(kind: .negate(try unary()), offset: offset)
        }
        return try member(try primary())
    }

    private mutating func member(_ start: CELExpr) throws(CELSyntaxError) -> CELExpr {
        var operand = start
        while true {
            if peek.kind == .punctuation, peek.text == "." {
                _ = next()
                let name = next()
                guard name.kind == .identifier else { throw CELSyntaxError(message: "expected a field or method name after '.'", offset: name.offset) }
                if accept("(") {
                    let args = try arguments(")")
                    operand = try Self.macro(target: operand, name: name.text, args: args, offset: name.offset)
                        ?? CELExpr(kind: .call(target: operand, name: name.text, args: args), offset: name.offset)
                } else {
                    operand = CELExpr(kind: .select(operand, name.text, testOnly: false), offset: name.offset)
                }
            } else if peek.kind == .punctuation, peek.text == "[" {
                let offset = next().offset
                let index = try expression()
                try expect("]")
                operand = CELExpr(kind: .index(operand, index), offset: offset)
            } else {
                return operand
            }
        }
    }

    private mutating func arguments(_ close: String) throws(CELSyntaxError) -> [CELExpr] {
        var args: [CELExpr] = []
        if accept(close) { return args }
        repeat { args.append(try expression()) } while accept(",")
        try expect(close)
        return args
    }

    private mutating func primary() throws(CELSyntaxError) -> CELExpr {
        let token = next()
        switch token.kind {
        case .int:
            guard let value = Int64(token.text, radix: token.radix) else { throw CELSyntaxError(message: "integer literal out of range", offset: token.offset) }
            return CELExpr(kind: .literal(.int(value)), offset: token.offset)
        case .uint:
            guard let value = UInt64(token.text, radix: token.radix) else { throw CELSyntaxError(message: "unsigned literal out of range", offset: token.offset) }
            return CELExpr(kind: .literal(.uint(value)), offset: token.offset)
        case .double:
            guard let value = Double(token.text) else { throw CELSyntaxError(message: "bad number \(token.text)", offset: token.offset) }
            return CELExpr(kind: .literal(.double(value)), offset: token.offset)
        case .string:
            return CELExpr(kind: .literal(.string(token.text)), offset: token.offset)
        case .identifier:
            switch token.text {
            case "true": return CELExpr(kind: .literal(.bool(true)), offset: token.offset)
            case "false": return CELExpr(kind: .literal(.bool(false)), offset: token.offset)
            case "null": return CELExpr(kind: .literal(.null), offset: token.offset)
            case "in": throw CELSyntaxError(message: "'in' needs a value on its left", offset: token.offset)
            default: break
            }
            if accept("(") {
                let args = try arguments(")")
                if token.text == "has" {
                    guard args.count == 1, case .select(let operand, let field, _) = args[0].kind else {
                        throw CELSyntaxError(message: "has() takes one field selection, as in has(container.memory.limit)", offset: token.offset)
                    }
                    return CELExpr(kind: .select(operand, field, testOnly: true), offset: token.offset)
                }
                return CELExpr(kind: .call(target: nil, name: token.text, args: args), offset: token.offset)
            }
            return CELExpr(kind: .ident(token.text), offset: token.offset)
        case .punctuation:
            switch token.text {
            case "(":
                let inner = try expression()
                try expect(")")
                return inner
            case "[":
                return CELExpr(kind: .list(try arguments("]")), offset: token.offset)
            case "{":
                var entries: [(CELExpr, CELExpr)] = []
                if !accept("}") {
                    repeat {
                        if peek.kind == .punctuation, peek.text == "}" { break }
                        let key = try expression()
                        try expect(":")
                        entries.append((key, try expression()))
                    } while accept(",")
                    try expect("}")
                }
                return CELExpr(kind: .map(entries), offset: token.offset)
            default:
                throw CELSyntaxError(message: "unexpected '\(token.text)'", offset: token.offset)
            }
        case .end:
            throw CELSyntaxError(message: "the expression ends too early", offset: token.offset)
        }
    }

    /// The macros over lists and maps: the variable must be a plain name.
    private static func macro(target: CELExpr, name: String, args: [CELExpr], offset: Int) throws(CELSyntaxError) -> CELExpr? {
        let macros: [String: ClosedRange<Int>] = ["all": 2...2, "exists": 2...2, "exists_one": 2...2, "map": 2...3, "filter": 2...2]
        guard let arity = macros[name], arity.contains(args.count) else { return nil }
        guard case .ident(let variable) = args[0].kind else {
            throw CELSyntaxError(message: "\(name)() needs a variable name first, as in \(name)(x, …)", offset: args[0].offset)
        }
        let filter = name == "map" && args.count == 3 ? args[1] : nil
        return CELExpr(kind: .comprehension(macro: name, range: target, variable: variable, filter: filter, body: args.last!), offset: offset)
    }
}

struct CELToken: Sendable {
    enum Kind: Sendable { case int, uint, double, string, identifier, punctuation, end }
    var kind: Kind
    var text: String
    var offset: Int
    var radix = 10

    var described: String { kind == .end ? "the end" : "'\(text)'" }
}

enum CELLexer {
    static func tokens(_ source: String) throws(CELSyntaxError) -> [CELToken] {
        let chars = Array(source.unicodeScalars)
        var tokens: [CELToken] = []
        var i = 0
        func at(_ k: Int) -> Unicode.Scalar? { k < chars.count ? chars[k] : nil }
        func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { $0.value >= 48 && $0.value <= 57 } ?? false }
        func isIdentStart(_ c: Unicode.Scalar?) -> Bool { c.map { $0 == "_" || ($0.value >= 65 && $0.value <= 90) || ($0.value >= 97 && $0.value <= 122) } ?? false }
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            if c == "/", at(i + 1) == "/" {
                while i < chars.count, chars[i] != "\n" { i += 1 }
                continue
            }
            let start = i
            if isDigit(c) || (c == "." && isDigit(at(i + 1))) {
                if c == "0", at(i + 1) == "x" || at(i + 1) == "X" {
                    i += 2
                    var digits = ""
                    while let d = at(i), d.properties.isASCIIHexDigit { digits.unicodeScalars.append(d); i += 1 }
                    guard !digits.isEmpty else { throw CELSyntaxError(message: "bad hexadecimal literal", offset: start) }
                    let unsigned = at(i) == "u" || at(i) == "U"
                    if unsigned { i += 1 }
                    tokens.append(CELToken(kind: unsigned ? .uint : .int, text: digits, offset: start, radix: 16))
                    continue
                }
                var text = ""
                var isDouble = false
                while isDigit(at(i)) { text.unicodeScalars.append(chars[i]); i += 1 }
                if at(i) == ".", isDigit(at(i + 1)) {
                    isDouble = true
                    text += "."
                    i += 1
                    while isDigit(at(i)) { text.unicodeScalars.append(chars[i]); i += 1 }
                }
                if at(i) == "e" || at(i) == "E" {
                    var j = i + 1
                    if at(j) == "+" || at(j) == "-" { j += 1 }
                    if isDigit(at(j)) {
                        isDouble = true
                        text += String(String.UnicodeScalarView(chars[i..<j]))
                        i = j
                        while isDigit(at(i)) { text.unicodeScalars.append(chars[i]); i += 1 }
                    }
                }
                if text.hasPrefix(".") { text = "0" + text }
                if !isDouble, at(i) == "u" || at(i) == "U" {
                    i += 1
                    tokens.append(CELToken(kind: .uint, text: text, offset: start))
                } else {
                    tokens.append(CELToken(kind: isDouble ? .double : .int, text: text, offset: start))
                }
                continue
            }
            if isIdentStart(c) {
                // r"…" and R'…' are raw strings.
                if (c == "r" || c == "R"), at(i + 1) == "\"" || at(i + 1) == "'" {
                    i += 1
                    tokens.append(CELToken(kind: .string, text: try string(chars, &i, raw: true), offset: start))
                    continue
                }
                var text = ""
                while let d = at(i), isIdentStart(d) || isDigit(d) { text.unicodeScalars.append(d); i += 1 }
                tokens.append(CELToken(kind: .identifier, text: text, offset: start))
                continue
            }
            if c == "\"" || c == "'" {
                tokens.append(CELToken(kind: .string, text: try string(chars, &i, raw: false), offset: start))
                continue
            }
            let two = at(i + 1).map { String(c) + String($0) } ?? ""
            if ["&&", "||", "<=", ">=", "==", "!="].contains(two) {
                tokens.append(CELToken(kind: .punctuation, text: two, offset: start))
                i += 2
                continue
            }
            guard "+-*/%<>!?:.,()[]{}".unicodeScalars.contains(c) else {
                throw CELSyntaxError(message: "unexpected character '\(c)'", offset: start)
            }
            tokens.append(CELToken(kind: .punctuation, text: String(c), offset: start))
            i += 1
        }
        tokens.append(CELToken(kind: .end, text: "", offset: chars.count))
        return tokens
    }

    /// A quoted string from `i` (at its first quote): single or triple quotes, escapes unless raw.
    private static func string(_ chars: [Unicode.Scalar], _ i: inout Int, raw: Bool) throws(CELSyntaxError) -> String {
        let start = i
        let quote = chars[i]
        let triple = i + 2 < chars.count && chars[i + 1] == quote && chars[i + 2] == quote
        i += triple ? 3 : 1
        var out = String.UnicodeScalarView()
        while i < chars.count {
            let c = chars[i]
            if triple {
                if c == quote, i + 2 < chars.count, chars[i + 1] == quote, chars[i + 2] == quote { i += 3; return String(out) }
            } else if c == quote {
                i += 1
                return String(out)
            } else if c == "\n" {
                break
            }
            if c == "\\", !raw {
                guard i + 1 < chars.count else { break }
                let e = chars[i + 1]
                i += 2
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "\\", "\"", "'", "`", "?": out.append(e)
                case "a": out.append("\u{07}")
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "v": out.append("\u{0B}")
                case "u", "U", "x":
                    let count = e == "u" ? 4 : (e == "U" ? 8 : 2)
                    guard i + count <= chars.count, let value = UInt32(String(String.UnicodeScalarView(chars[i..<(i + count)])), radix: 16),
                          let scalar = Unicode.Scalar(value) else { throw CELSyntaxError(message: "bad escape in a string", offset: i - 2) }
                    out.append(scalar)
                    i += count
                default:
                    throw CELSyntaxError(message: "unknown escape \\\(e) in a string", offset: i - 2)
                }
                continue
            }
            out.append(c)
            i += 1
        }
        throw CELSyntaxError(message: "a string is not closed", offset: start)
    }
}
