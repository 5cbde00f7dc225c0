import MemlintSource

/// Parses Dockerfiles as BuildKit's `frontend/dockerfile/parser` does: directives at the top,
/// comments, continuation lines with the escape character, flags, JSON or shell form, ENV/LABEL
/// in both forms, heredocs, ONBUILD. Every argument is a `TracedText`, so it keeps its position.
public enum DockerfileParser {
    /// BuildKit's scanner refuses longer physical lines.
    static let maxLineBytes = 65_535

    public static func parse(_ text: SourceText, path: String) -> Result<Dockerfile, DockerfileError> {
        var reader = LineReader(text: text, path: path)
        if let (line, offset) = reader.tooLong {
            return .failure(DockerfileError(message: "line \(line) is longer than \(maxLineBytes) bytes", mark: Mark(line: line, column: 1, offset: offset)))
        }
        var file = Dockerfile(path: path)
        do {
            try readDirectives(&reader, into: &file)
            try readInstructions(&reader, into: &file)
        } catch let error as DockerfileError {
            return .failure(error)
        } catch {
            return .failure(DockerfileError(message: "\(error)", mark: .zero))
        }
        guard !file.instructions.isEmpty else {
            return .failure(DockerfileError(message: "the file has no instructions", mark: .zero))
        }
        return .success(file)
    }

    // MARK: Directives

    private static let directiveNames: Set<String> = ["syntax", "escape", "check"]

    private static func readDirectives(_ reader: inout LineReader, into file: inout Dockerfile) throws {
        var seen = Set<String>()
        while let line = reader.peek() {
            guard let (name, value) = directive(line.string) else { return }
            let key = name.lowercased()
            guard directiveNames.contains(key) else { return }
            if !seen.insert(key).inserted {
                throw DockerfileError(message: "only one \(key) parser directive can be used", mark: line.mark(at: 0))
            }
            if key == "escape" {
                guard value == "\\" || value == "`" else {
                    throw DockerfileError(message: "invalid escape '\(value)': must be ` or \\", mark: line.mark(at: 0))
                }
                file.escape = value.unicodeScalars.first!
            }
            file.directives.append(Dockerfile.Directive(name: key, value: value, mark: line.mark(at: 0)))
            reader.advance()
        }
    }

    /// `^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$`
    private static func directive(_ line: String) -> (String, String)? {
        var rest = Substring(line)
        guard rest.first == "#" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
        let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard let first = name.first, first.isLetter else { return nil }
        rest = rest.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
        while let last = rest.last, last == " " || last == "\t" { rest = rest.dropLast() }
        guard !rest.isEmpty else { return nil }
        return (String(name), String(rest))
    }

    // MARK: Instructions

    private static func readInstructions(_ reader: inout LineReader, into file: inout Dockerfile) throws {
        let escape = file.escape
        while let line = reader.next() {
            let leading = line.leadingWhitespaceCount
            if leading == line.count { continue }
            if line.scalars[leading] == "#" {
                file.comments.append(.init(text: line.string.dropFirst(leading + 1).description.trimmingWhitespace(), mark: line.mark(at: leading)))
                continue
            }
            var logical = TracedText()
            var (piece, continues) = line.trimmingContinuation(from: leading, escape: escape)
            logical.append(piece)
            var lastLine = line
            while continues, let next = reader.next() {
                let nextLeading = next.leadingWhitespaceCount
                if nextLeading == next.count { continue }
                if next.scalars[nextLeading] == "#" {
                    file.comments.append(.init(text: next.string.dropFirst(nextLeading + 1).description.trimmingWhitespace(), mark: next.mark(at: nextLeading)))
                    continue
                }
                (piece, continues) = next.trimmingContinuation(from: 0, escape: escape)
                logical.append(piece)
                lastLine = next
            }
            let end = lastLine.mark(at: lastLine.count)
            guard var instruction = try instruction(from: logical, escape: escape, fallback: line.mark(at: leading), end: end) else { continue }
            try readHeredocs(&instruction, reader: &reader)
            file.instructions.append(instruction)
        }
    }

    /// BuildKit's `newNodeFromLine`: keyword, flags, then arguments by keyword.
    static func instruction(from line: TracedText, escape: Unicode.Scalar, fallback: Mark, end: Mark) throws -> Instruction? {
        let trimmed = Words.trimmed(line)
        guard !trimmed.isEmpty else { return nil }
        let keywordEnd = trimmed.scalars.firstIndex(where: Words.isCommandSeparator) ?? trimmed.count
        let keyword = trimmed.slice(0..<keywordEnd)
        var restStart = keywordEnd
        while restStart < trimmed.count, Words.isCommandSeparator(trimmed.scalars[restStart]) { restStart += 1 }
        let rest = trimmed.slice(restStart..<trimmed.count)
        let (flags, argumentsStart) = Words.builderFlags(rest)
        let arguments = Words.trimmed(rest.slice(argumentsStart..<rest.count))
        let name = keyword.text.lowercased()
        let start = keyword.location?.span.start ?? fallback
        let errorMark = arguments.location?.span.start ?? start

        var instruction = Instruction(
            keyword: keyword, name: name, span: Span(start: start, end: end), flags: flags,
            arguments: [], isJSONForm: false, nested: [], heredocs: [])
        switch name {
        case "run", "cmd", "entrypoint", "shell":
            (instruction.arguments, instruction.isJSONForm) = try maybeJSON(arguments, errorMark: errorMark)
        case "add", "copy", "volume":
            let (json, isJSON) = try maybeJSON(arguments, errorMark: errorMark)
            if isJSON || arguments.isEmpty {
                (instruction.arguments, instruction.isJSONForm) = (json, isJSON)
            } else {
                instruction.arguments = Words.splitOnWhitespace(arguments)
            }
        case "from", "expose":
            instruction.arguments = arguments.isEmpty ? [] : Words.splitOnWhitespace(arguments)
        case "arg":
            instruction.arguments = Words.shellWords(arguments, escape: escape)
        case "env", "label":
            instruction.arguments = try nameValues(arguments, keyword: name.uppercased(), escape: escape, errorMark: errorMark)
        case "maintainer", "stopsignal", "user", "workdir":
            instruction.arguments = arguments.isEmpty ? [] : [arguments]
        case "healthcheck":
            (instruction.arguments, instruction.isJSONForm) = try healthcheck(arguments, errorMark: errorMark)
        case "onbuild":
            if !arguments.isEmpty, let nested = try Self.instruction(from: arguments, escape: escape, fallback: errorMark, end: end) {
                instruction.nested = [nested]
            }
        default:
            instruction.arguments = [TracedText(synthetic: "")]
        }
        return instruction
    }

    /// `parseMaybeJSON`: a JSON array of strings, or the text as one shell-form argument.
    private static func maybeJSON(_ text: TracedText, errorMark: Mark) throws -> ([TracedText], Bool) {
        guard !text.isEmpty else { return ([], false) }
        switch JSONArray.parse(text) {
        case .strings(let elements): return (elements, true)
        case .notStrings:
            throw DockerfileError(message: "when using JSON array syntax, arrays must be comprised of strings only", mark: errorMark)
        case .notJSON: return ([text], false)
        }
    }

    /// `parseHealthConfig`: the first word, then the rest as for CMD.
    private static func healthcheck(_ text: TracedText, errorMark: Mark) throws -> ([TracedText], Bool) {
        let scalars = text.scalars
        var separator = 0
        while separator < scalars.count, !Words.isSpace(scalars[separator]) { separator += 1 }
        guard separator > 0 else { return ([], false) }
        var next = separator
        while next < scalars.count, Words.isSpace(scalars[next]) { next += 1 }
        let (command, isJSON) = try maybeJSON(text.slice(next..<scalars.count), errorMark: errorMark)
        return ([text.slice(0..<separator)] + command, isJSON)
    }

    /// `parseNameVal`: `ENV name value` (legacy) or `ENV a=1 b=2`, as name/value/marker triples.
    private static func nameValues(_ text: TracedText, keyword: String, escape: Unicode.Scalar, errorMark: Mark) throws -> [TracedText] {
        let words = Words.shellWords(text, escape: escape)
        guard let first = words.first else { return [] }
        if !first.scalars.contains("=") {
            guard let split = text.scalars.firstIndex(where: Words.isCommandSeparator) else {
                throw DockerfileError(message: "\(keyword) must have two arguments", mark: errorMark)
            }
            var valueStart = split
            while valueStart < text.count, Words.isCommandSeparator(text.scalars[valueStart]) { valueStart += 1 }
            return [text.slice(0..<split), text.slice(valueStart..<text.count), TracedText(synthetic: "")]
        }
        var result: [TracedText] = []
        for word in words {
            guard let equals = word.scalars.firstIndex(of: "=") else {
                let mark = word.location?.span.start ?? errorMark
                throw DockerfileError(message: "syntax error: can't find = in \"\(word.text)\"; must be of the form name=value", mark: mark)
            }
            result += [word.slice(0..<equals), word.slice(equals + 1..<word.count), TracedText(synthetic: "=")]
        }
        return result
    }

    // MARK: Heredocs

    private static let heredocCommands: Set<String> = ["run", "copy", "add"]

    private static func readHeredocs(_ instruction: inout Instruction, reader: inout LineReader) throws {
        let target = instruction.name == "onbuild" ? instruction.nested.first : instruction
        guard let target, heredocCommands.contains(target.name), !target.isJSONForm, let text = target.arguments.first else { return }
        var docs: [Heredoc] = []
        for word in Words.heredocWords(text) {
            guard let (name, strips) = heredocStart(word.text) else { continue }
            var body = ""
            let startLine = Int(word.location?.span.start.line ?? 0)
            var terminated = false
            while let line = reader.next() {
                var content = line.string
                if strips { content = String(content.drop { $0 == "\t" }) }
                if content == name { terminated = true; break }
                body += content + "\n"
            }
            guard terminated else {
                throw DockerfileError(message: "unterminated heredoc <<\(name): no line '\(name)' before the end of the file",
                                      mark: word.location?.span.start ?? instruction.span.start)
            }
            docs.append(Heredoc(name: name, stripsTabs: strips, body: body, startLine: startLine))
        }
        if instruction.name == "onbuild" { instruction.nested[0].heredocs = docs } else { instruction.heredocs = docs }
    }

    /// `^(\d*)<<(-?)([^<]*)$` with a non-empty, unquoted name.
    static func heredocStart(_ word: String) -> (name: String, stripsTabs: Bool)? {
        var rest = Substring(word).drop { $0.isASCII && $0.isNumber }
        guard rest.hasPrefix("<<") else { return nil }
        rest = rest.dropFirst(2)
        let strips = rest.first == "-"
        if strips { rest = rest.dropFirst() }
        guard !rest.isEmpty, !rest.contains("<") else { return nil }
        var name = String(rest)
        if name.count >= 2, let quote = name.first, quote == "\"" || quote == "'", name.last == quote {
            name = String(name.dropFirst().dropLast())
        }
        name = name.filter { $0 != "\\" }
        return name.isEmpty ? nil : (name, strips)
    }
}
