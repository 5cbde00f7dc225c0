/// A gitignore-style glob: `*` and `?` stay within one path segment, `**` crosses segments
/// (`**/` also matches no folder at all), `[abc]`/`[a-z]`/`[!a]` are classes. A pattern without
/// `/` matches a name at any depth (`*.tmp`), as in `.gitignore`; a pattern that matches a folder
/// matches everything under it (`charts/vendor`).
public struct Glob: Sendable, CustomStringConvertible {
    public let pattern: String
    private let tokens: [Token]
    private let anchored: Bool

    enum Token: Equatable, Sendable {
        case literal(Character)
        case any          // ?
        case star         // *
        case globstar     // ** (and **/)
        case globstarSlash
        case set([ClosedRange<Character>], negated: Bool)
    }

    public struct SyntaxError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(_ pattern: String) throws {
        self.pattern = pattern
        var body = pattern
        if body.hasPrefix("/") { body.removeFirst() }
        if body.hasSuffix("/") { body.removeLast() }
        guard !body.isEmpty else { throw SyntaxError(description: "empty pattern") }
        anchored = body.contains("/")
        tokens = try Self.tokenize(body)
    }

    public var description: String { pattern }

    private static func tokenize(_ pattern: String) throws -> [Token] {
        var tokens: [Token] = []
        let chars = Array(pattern)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "*":
                if i + 1 < chars.count, chars[i + 1] == "*" {
                    let atStart = i == 0 || chars[i - 1] == "/"
                    i += 2
                    if i < chars.count, chars[i] == "/", atStart {
                        tokens.append(.globstarSlash)
                        i += 1
                    } else {
                        tokens.append(.globstar)
                    }
                    continue
                }
                tokens.append(.star)
            case "?":
                tokens.append(.any)
            case "[":
                var j = i + 1
                var negated = false
                if j < chars.count, chars[j] == "!" || chars[j] == "^" { negated = true; j += 1 }
                var ranges: [ClosedRange<Character>] = []
                var first = true
                while j < chars.count, chars[j] != "]" || first {
                    first = false
                    if j + 2 < chars.count, chars[j + 1] == "-", chars[j + 2] != "]" {
                        guard chars[j] <= chars[j + 2] else { throw SyntaxError(description: "range \(chars[j])-\(chars[j + 2]) is reversed") }
                        ranges.append(chars[j]...chars[j + 2])
                        j += 3
                    } else {
                        ranges.append(chars[j]...chars[j])
                        j += 1
                    }
                }
                guard j < chars.count else { throw SyntaxError(description: "unclosed '[' in \"\(pattern)\"") }
                tokens.append(.set(ranges, negated: negated))
                i = j
            case "\\":
                guard i + 1 < chars.count else { throw SyntaxError(description: "trailing '\\' in \"\(pattern)\"") }
                i += 1
                tokens.append(.literal(chars[i]))
            default:
                tokens.append(.literal(c))
            }
            i += 1
        }
        return tokens
    }

    /// Matches a `/`-separated relative path (or any of the folders it lies in).
    public func matches(_ path: String) -> Bool {
        let segments = path.split(separator: "/").map(String.init)
        guard !segments.isEmpty else { return false }
        if anchored {
            for end in 1...segments.count where Self.match(tokens, Array(segments[0..<end].joined(separator: "/"))) { return true }
            return false
        }
        return segments.contains { Self.match(tokens, Array($0)) }
    }

    /// Dynamic programming over pattern × text: linear memory, no backtracking blow-up.
    private static func match(_ tokens: [Token], _ text: [Character]) -> Bool {
        var current = [Bool](repeating: false, count: text.count + 1)
        current[0] = true
        for token in tokens {
            var next = [Bool](repeating: false, count: text.count + 1)
            switch token {
            case .star:
                for i in 0...text.count where current[i] || (i > 0 && next[i - 1] && text[i - 1] != "/") {
                    next[i] = true
                }
            case .globstar:
                for i in 0...text.count where current[i] || (i > 0 && next[i - 1]) { next[i] = true }
            case .globstarSlash:
                // Zero folders, or any text that ends with a '/'.
                var reachable = false
                for i in 0...text.count {
                    if current[i] { reachable = true }
                    if current[i] { next[i] = true }
                    if reachable, i > 0, text[i - 1] == "/" { next[i] = true }
                }
            case .any:
                for i in 0..<text.count where current[i] && text[i] != "/" { next[i + 1] = true }
            case .literal(let c):
                for i in 0..<text.count where current[i] && text[i] == c { next[i + 1] = true }
            case .set(let ranges, let negated):
                for i in 0..<text.count where current[i] && text[i] != "/" {
                    if ranges.contains(where: { $0.contains(text[i]) }) != negated { next[i + 1] = true }
                }
            }
            current = next
        }
        return current[text.count]
    }
}
