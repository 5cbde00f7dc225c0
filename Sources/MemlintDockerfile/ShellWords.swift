import MemlintSource

/// Shell-style word processing, with positions: quote removal, escapes, and parameter expansion
/// (`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}`).
///
/// `expandWord` is BuildKit's `ProcessWord` (used for FROM, ENV, ARG, WORKDIR, USER); `commands`
/// splits a `sh -c` script into simple commands (on `;`, `&`, `&&`, `||`, `|` and newlines), with
/// unquoted expansions split into fields as a POSIX shell does.
public struct ShellWords {
    /// Looks a variable up; nil when it is not set.
    public typealias Lookup = (String) -> TracedText?

    let escape: Unicode.Scalar
    let lookup: Lookup

    public init(escape: Unicode.Scalar = "\\", lookup: @escaping Lookup) {
        self.escape = escape
        self.lookup = lookup
    }

    /// One word, whitespace kept: quotes removed, escapes applied, variables expanded.
    public func expandWord(_ text: TracedText) -> TracedText {
        var lexer = Lexer(text: text, escape: escape, lookup: lookup, splitsWords: false)
        return lexer.word().map(\.text).reduce(into: TracedText()) { $0.append($1) }
    }

    /// The simple commands of a script, each as its words.
    public func commands(_ script: TracedText) -> [[TracedText]] {
        var result: [[TracedText]] = []
        simpleCommands(script) { result.append($0.words) }
        return result
    }

    /// One simple command of a script: its words with redirections removed, and its place in a
    /// pipeline (`java -jar app.jar | tee log` is one pipeline of two stages).
    public struct SimpleCommand {
        public var words: [TracedText]
        public var pipeline: Int
        public var stage: Int

        public init(words: [TracedText], pipeline: Int, stage: Int) {
            self.words = words
            self.pipeline = pipeline
            self.stage = stage
        }
    }

    /// Calls `body` with each simple command in order. Commands are lexed one at a time, so a
    /// `lookup` that reads state `body` updates (`export JAVA_OPTS=…; java $JAVA_OPTS`) sees it.
    public func simpleCommands(_ script: TracedText, _ body: (SimpleCommand) -> Void) {
        var lexer = Lexer(text: script, escape: escape, lookup: lookup, splitsWords: true)
        var pipeline = 0
        var stage = 0
        while let (words, separator) = lexer.nextCommand() {
            if !words.isEmpty { body(SimpleCommand(words: words, pipeline: pipeline, stage: stage)) }
            if separator == "|" { stage += 1 } else { pipeline += 1; stage = 0 }
        }
    }

    /// A piece of a word: text, and whether it came from an unquoted expansion (split on spaces).
    struct Piece {
        var text: TracedText
        var splittable: Bool
    }

    struct Lexer {
        let text: TracedText
        let s: [Unicode.Scalar]
        let escape: Unicode.Scalar
        let lookup: Lookup
        let splitsWords: Bool
        var pos = 0

        init(text: TracedText, escape: Unicode.Scalar, lookup: @escaping Lookup, splitsWords: Bool) {
            self.text = text
            self.s = text.scalars
            self.escape = escape
            self.lookup = lookup
            self.splitsWords = splitsWords
        }

        var peek: Unicode.Scalar? { pos < s.count ? s[pos] : nil }

        /// The whole text as one word (for `expandWord`).
        mutating func word() -> [Piece] {
            var pieces: [Piece] = []
            while pos < s.count { step(into: &pieces, stopAtBlank: false) }
            return pieces
        }

        /// The next simple command and the operator that ended it (`;`, `&&`, `|`, newline, or
        /// "" at the end); nil when the script is done. Redirections (`> file`, `2>&1`, `< /dev/null`,
        /// `&> log`) are dropped with their targets.
        mutating func nextCommand() -> ([TracedText], String)? {
            var current: [TracedText] = []
            guard pos < s.count else { return nil }
            while pos < s.count {
                let c = s[pos]
                if c == " " || c == "\t" { pos += 1; continue }
                if c == "&", pos + 1 < s.count, s[pos + 1] == ">" {
                    pos += 2
                    if pos < s.count, s[pos] == ">" { pos += 1 }
                    skipRedirectionTarget()
                    continue
                }
                if c == "\n" || c == ";" || c == "&" || c == "|" {
                    pos += 1
                    var separator = String(c)
                    if pos < s.count, (s[pos] == "&" || s[pos] == "|"), s[pos] == c { pos += 1; separator += String(c) }
                    return (current, separator == "|" ? "|" : separator)
                }
                if c == "#" {
                    while pos < s.count, s[pos] != "\n" { pos += 1 }
                    continue
                }
                if c == "(" || c == ")" || c == "{" || c == "}" , current.isEmpty {
                    pos += 1
                    continue
                }
                if c == ">" || c == "<" {
                    pos += 1
                    while pos < s.count, s[pos] == ">" || s[pos] == "<" || s[pos] == "|" { pos += 1 }
                    skipRedirectionTarget()
                    continue
                }
                // `2>&1`, `2>/dev/null`, `1>>log`: a file descriptor number glued to the operator.
                if c.properties.numericType != nil, c.isASCII {
                    var end = pos
                    while end < s.count, s[end].isASCII, s[end].properties.numericType != nil { end += 1 }
                    if end < s.count, s[end] == ">" || s[end] == "<" {
                        pos = end + 1
                        while pos < s.count, s[pos] == ">" || s[pos] == "<" { pos += 1 }
                        skipRedirectionTarget()
                        continue
                    }
                }
                var pieces: [Piece] = []
                while pos < s.count, !isBlankOrOperator(s[pos]) { step(into: &pieces, stopAtBlank: true) }
                current += fields(pieces)
            }
            return (current, "")
        }

        /// After `>`: `&1` (a descriptor), or blanks and one word (the file).
        mutating func skipRedirectionTarget() {
            if pos < s.count, s[pos] == "&" {
                pos += 1
                while pos < s.count, s[pos] == "-" || (s[pos].isASCII && s[pos].properties.numericType != nil) { pos += 1 }
                return
            }
            while pos < s.count, s[pos] == " " || s[pos] == "\t" { pos += 1 }
            var discarded: [Piece] = []
            while pos < s.count, !isBlankOrOperator(s[pos]) { step(into: &discarded, stopAtBlank: true) }
        }

        func isBlankOrOperator(_ c: Unicode.Scalar) -> Bool {
            c == " " || c == "\t" || c == "\n" || c == ";" || c == "&" || c == "|" || c == ">" || c == "<"
        }

        /// Splits unquoted expansions on blanks; quoted text and literals join their neighbours.
        func fields(_ pieces: [Piece]) -> [TracedText] {
            var result: [TracedText] = []
            var current = TracedText()
            var hasContent = false
            for piece in pieces {
                guard piece.splittable else {
                    current.append(piece.text)
                    hasContent = true
                    continue
                }
                var start = 0
                let scalars = piece.text.scalars
                for (i, c) in scalars.enumerated() where c == " " || c == "\t" || c == "\n" {
                    if i > start { current.append(piece.text.slice(start..<i)); hasContent = true }
                    if hasContent { result.append(current) }
                    current = TracedText()
                    hasContent = false
                    start = i + 1
                }
                if start < scalars.count { current.append(piece.text.slice(start..<scalars.count)); hasContent = true }
            }
            if hasContent { result.append(current) }
            return result
        }

        /// Reads one token: a quoted run, an escape, an expansion or a literal character.
        mutating func step(into pieces: inout [Piece], stopAtBlank: Bool) {
            let c = s[pos]
            if c == "'" {
                pos += 1
                let start = pos
                while pos < s.count, s[pos] != "'" { pos += 1 }
                pieces.append(Piece(text: text.slice(start..<pos), splittable: false))
                if pos < s.count { pos += 1 }
                if start == pos - 1 || start == pos { pieces.append(Piece(text: TracedText(), splittable: false)) }
                return
            }
            if c == "\"" {
                pos += 1
                var quoted = TracedText()
                while pos < s.count, s[pos] != "\"" {
                    if s[pos] == escape, pos + 1 < s.count, ["\"", "$", escape, "`"].contains(s[pos + 1]) {
                        quoted.append(characterAt: pos + 1, of: text)
                        pos += 2
                    } else if s[pos] == "$" {
                        quoted.append(dollar())
                    } else {
                        quoted.append(characterAt: pos, of: text)
                        pos += 1
                    }
                }
                if pos < s.count { pos += 1 }
                pieces.append(Piece(text: quoted, splittable: false))
                return
            }
            if c == escape {
                if pos + 1 < s.count {
                    if splitsWords, s[pos + 1] == "\n" { pos += 2; return }  // line continuation in a script
                    var literal = TracedText()
                    literal.append(characterAt: pos + 1, of: text)
                    pieces.append(Piece(text: literal, splittable: false))
                    pos += 2
                } else {
                    pos += 1
                }
                return
            }
            if c == "$" {
                let expansion = dollar()
                pieces.append(Piece(text: expansion, splittable: splitsWords))
                return
            }
            var literal = TracedText()
            literal.append(characterAt: pos, of: text)
            pieces.append(Piece(text: literal, splittable: false))
            pos += 1
        }

        /// `$NAME`, `${NAME}`, `${NAME<op>word}`; a lone `$` is itself.
        mutating func dollar() -> TracedText {
            let dollarAt = pos
            pos += 1
            guard let next = peek else { return text.slice(dollarAt..<pos) }
            if next == "{" {
                pos += 1
                let nameStart = pos
                while let c = peek, isNameCharacter(c) { pos += 1 }
                let name = String(String.UnicodeScalarView(s[nameStart..<pos]))
                var op = ""
                if let c = peek, c == ":" { op.unicodeScalars.append(c); pos += 1 }
                if let c = peek, ["-", "+", "?", "="].contains(c) { op.unicodeScalars.append(c); pos += 1 }
                // The operand, up to the matching brace.
                var operand = TracedText()
                var depth = 0
                while let c = peek {
                    if c == "}" && depth == 0 { break }
                    if c == "{" { depth += 1 }
                    if c == "}" { depth -= 1 }
                    if c == "$" {
                        operand.append(dollar())
                        continue
                    }
                    if c == escape, pos + 1 < s.count { pos += 1 }
                    operand.append(characterAt: pos, of: text)
                    pos += 1
                }
                if peek == "}" { pos += 1 }
                let value = lookup(name)
                let isSet = value != nil
                let isNonEmpty = !(value?.isEmpty ?? true)
                switch op {
                case ":-", ":=": return isNonEmpty ? value! : operand
                case "-", "=": return isSet ? value! : operand
                case ":+": return isNonEmpty ? operand : TracedText()
                case "+": return isSet ? operand : TracedText()
                default: return value ?? TracedText()
                }
            }
            guard isNameCharacter(next) else { return text.slice(dollarAt..<pos) }
            let nameStart = pos
            while let c = peek, isNameCharacter(c) { pos += 1 }
            let name = String(String.UnicodeScalarView(s[nameStart..<pos]))
            return lookup(name) ?? TracedText()
        }

        func isNameCharacter(_ c: Unicode.Scalar) -> Bool {
            c == "_" || (c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c)))
        }
    }
}
