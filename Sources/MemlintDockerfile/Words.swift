import MemlintSource

/// BuildKit's word-level helpers, on `TracedText` so positions survive.
enum Words {
    /// Go's `unicode.IsSpace`.
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case " ", "\t", "\n", "\u{0B}", "\u{0C}", "\r", "\u{85}", "\u{A0}": true
        default: s.value > 0xFF && s.properties.isWhitespace
        }
    }

    /// `[\t\v\f\r ]`, what separates a keyword from its arguments.
    static func isCommandSeparator(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\u{0B}" || s == "\u{0C}" || s == "\r"
    }

    /// `strings.TrimSpace`.
    static func trimmed(_ text: TracedText) -> TracedText {
        let scalars = text.scalars
        var start = 0, end = scalars.count
        while start < end, isSpace(scalars[start]) { start += 1 }
        while end > start, isSpace(scalars[end - 1]) { end -= 1 }
        return start == 0 && end == scalars.count ? text : text.slice(start..<end)
    }

    /// `extractBuilderFlags`: leading words that start with `--`; `--` alone ends them. Quotes are
    /// removed and a backslash makes the next character literal. Returns the flags and where the
    /// rest of the text starts.
    static func builderFlags(_ line: TracedText) -> ([TracedText], Int) {
        enum Phase { case spaces, word, quote }
        let s = line.scalars
        var flags: [TracedText] = []
        var phase = Phase.spaces
        var word = TracedText()
        var quote: Unicode.Scalar = "\0"
        var blankOK = false
        var pos = 0
        while pos <= s.count {
            let ch: Unicode.Scalar = pos < s.count ? s[pos] : "\0"
            if phase == .spaces {
                if pos == s.count { break }
                if isSpace(ch) { pos += 1; continue }
                if ch != "-" || pos + 1 == s.count || s[pos + 1] != "-" { return (flags, pos) }
                phase = .word
            }
            if phase != .spaces, pos == s.count {
                if word.text != "--", blankOK || !word.isEmpty { flags.append(word) }
                break
            }
            if phase == .word {
                if isSpace(ch) {
                    phase = .spaces
                    if word.text == "--" { return (flags, pos) }
                    if blankOK || !word.isEmpty { flags.append(word) }
                    word = TracedText()
                    blankOK = false
                    pos += 1
                    continue
                }
                if ch == "'" || ch == "\"" {
                    quote = ch
                    blankOK = true
                    phase = .quote
                    pos += 1
                    continue
                }
                if ch == "\\" {
                    if pos + 1 == s.count { pos += 1; continue }
                    pos += 1
                }
                word.append(characterAt: pos, of: line)
                pos += 1
                continue
            }
            // In quotes.
            if ch == quote {
                phase = .word
                pos += 1
                continue
            }
            if ch == "\\" {
                if pos + 1 == s.count { phase = .word; pos += 1; continue }
                pos += 1
            }
            word.append(characterAt: pos, of: line)
            pos += 1
        }
        return (flags, s.count)
    }

    /// `parseStringsWhitespaceDelimited`: split on runs of `[\t\v\f\r ]`.
    static func splitOnWhitespace(_ text: TracedText) -> [TracedText] {
        let s = text.scalars
        var words: [TracedText] = []
        var start: Int?
        for (i, ch) in s.enumerated() {
            if isCommandSeparator(ch) {
                if let begin = start { words.append(text.slice(begin..<i)); start = nil }
            } else if start == nil {
                start = i
            }
        }
        if let begin = start { words.append(text.slice(begin..<s.count)) }
        return words
    }

    /// `parseWords` (ARG, ENV, LABEL): words split on spaces outside quotes. Quotes stay in the word;
    /// outside single quotes the escape character and the character after it both stay.
    static func shellWords(_ text: TracedText, escape: Unicode.Scalar) -> [TracedText] {
        enum Phase { case spaces, word, quote }
        let s = text.scalars
        var words: [TracedText] = []
        var phase = Phase.spaces
        var word = TracedText()
        var quote: Unicode.Scalar = "\0"
        var blankOK = false
        var pos = 0
        while pos <= s.count {
            let ch: Unicode.Scalar = pos < s.count ? s[pos] : "\0"
            if phase == .spaces {
                if pos == s.count { break }
                if isSpace(ch) { pos += 1; continue }
                phase = .word
            }
            if pos == s.count {
                if blankOK || !word.isEmpty { words.append(word) }
                break
            }
            if phase == .word {
                if isSpace(ch) {
                    phase = .spaces
                    if blankOK || !word.isEmpty { words.append(word) }
                    word = TracedText()
                    blankOK = false
                    pos += 1
                    continue
                }
                if ch == "'" || ch == "\"" {
                    quote = ch
                    blankOK = true
                    phase = .quote
                }
                if ch == escape {
                    if pos + 1 == s.count { pos += 1; continue }
                    word.append(characterAt: pos, of: text)
                    pos += 1
                }
                word.append(characterAt: pos, of: text)
                pos += 1
                continue
            }
            // In quotes.
            if ch == quote { phase = .word }
            if ch == escape && quote != "'" {
                if pos + 1 == s.count { phase = .word; pos += 1; continue }
                word.append(characterAt: pos, of: text)
                pos += 1
            }
            word.append(characterAt: pos, of: text)
            pos += 1
        }
        return words
    }

    /// Words for heredoc detection: split on spaces outside quotes, quotes and escapes kept
    /// (BuildKit's lexer with RawQuotes and RawEscapes).
    static func heredocWords(_ text: TracedText) -> [TracedText] {
        let s = text.scalars
        var words: [TracedText] = []
        var start: Int?
        var quote: Unicode.Scalar?
        var i = 0
        while i < s.count {
            let ch = s[i]
            if let q = quote {
                if ch == q { quote = nil } else if ch == "\\" && q == "\"" { i += 1 }
            } else if isSpace(ch) {
                if let begin = start { words.append(text.slice(begin..<i)); start = nil }
            } else {
                if start == nil { start = i }
                if ch == "'" || ch == "\"" { quote = ch } else if ch == "\\" { i += 1 }
            }
            i += 1
        }
        if let begin = start { words.append(text.slice(begin..<min(i, s.count))) }
        return words
    }
}
