import MemlintYAML
import MemlintKubernetes
/// memlint's one pattern grammar, for `include`, `exclude`, `images[].match` and the image patterns
/// of runtime packs (docs/configuration.md, "Patterns"):
///
/// - `*` and `?` match within one `/`-separated segment, `**` crosses segments (`**/` also matches
///   no segment at all), `[abc]`, `[a-z]`, `[!a]` are classes, `\x` is a literal `x`.
///
/// What a pattern is matched against decides the anchoring, never the grammar:
/// - a path (`matches(path:)`) is matched gitignore-style: a pattern without `/` matches a name at any
///   depth (`*.tmp.yaml`), and a pattern that matches a folder matches everything in it;
/// - an image reference (`matches(whole:)`) must be matched from its first character to its last.
public struct Glob: Sendable, CustomStringConvertible {
    public let pattern: String
    private let tokens: [Token]
    private let anchored: Bool

    enum Token: Equatable, Sendable {
        case literal(Unicode.Scalar)
        case any          // ?
        case star         // *
        case globstar     // ** inside a segment
        case globstarSlash  // **/ : zero or more whole segments
        case set([ClosedRange<Unicode.Scalar>], negated: Bool)
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

    /// For patterns written in the source (packs' image lists): a mistake there is a programming error.
    public init(compiled pattern: String) {
        do { try self.init(pattern) } catch { preconditionFailure("bad built-in pattern \(pattern): \(error)") }
    }

    public var description: String { pattern }

    private static func tokenize(_ pattern: String) throws -> [Token] {
        var tokens: [Token] = []
        let chars = Array(pattern.unicodeScalars)
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
                var ranges: [ClosedRange<Unicode.Scalar>] = []
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

    /// Matches a `/`-separated relative path gitignore-style (or any of the folders it lies in).
    public func matches(path: String) -> Bool {
        let segments = path.split(separator: "/")
        guard !segments.isEmpty else { return false }
        if anchored {
            var prefix = ""
            for segment in segments {
                prefix += prefix.isEmpty ? String(segment) : "/" + segment
                if matches(whole: prefix) { return true }
            }
            return false
        }
        return segments.contains { matches(whole: String($0)) }
    }

    /// Matches the whole of `text`, first character to last.
    public func matches(whole text: String) -> Bool {
        let count = text.unicodeScalars.count
        return withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: count) { scalars in
            var i = 0
            for scalar in text.unicodeScalars { scalars[i] = scalar; i += 1 }
            return withUnsafeTemporaryAllocation(of: Bool.self, capacity: 2 * (count + 1)) { rows in
                Self.match(tokens, UnsafeBufferPointer(scalars), rows)
            }
        }
    }

    /// Dynamic programming over pattern × text: linear memory, no backtracking blow-up, no heap use.
    private static func match(_ tokens: [Token], _ text: UnsafeBufferPointer<Unicode.Scalar>, _ rows: UnsafeMutableBufferPointer<Bool>) -> Bool {
        let width = text.count + 1
        var current = UnsafeMutableBufferPointer(rebasing: rows[0..<width])
        var next = UnsafeMutableBufferPointer(rebasing: rows[width..<(2 * width)])
        current.initialize(repeating: false)
        current[0] = true
        for token in tokens {
            next.initialize(repeating: false)
            switch token {
            case .star:
                for i in 0...text.count where current[i] || (i > 0 && next[i - 1] && text[i - 1] != "/") { next[i] = true }
            case .globstar:
                for i in 0...text.count where current[i] || (i > 0 && next[i - 1]) { next[i] = true }
            case .globstarSlash:
                // Zero segments, or any text that ends with a '/'.
                var reachable = false
                for i in 0...text.count {
                    if current[i] { reachable = true; next[i] = true }
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
            swap(&current, &next)
        }
        return current[text.count]
    }
}

/// A pattern on image references (`images[].match`, packs' image lists), in the `Glob` grammar. It
/// matches when it matches the whole reference (`registry.example.com/shop/cart:2.4.1`), its
/// repository (`registry.example.com/shop/cart`), or the repository with Docker Hub's implicit
/// prefixes removed (`docker.io/library/openjdk` → `openjdk`).
public struct ImagePattern: Sendable, CustomStringConvertible {
    public let glob: Glob
    public var pattern: String { glob.pattern }
    public var description: String { glob.pattern }

    public init(_ pattern: String) throws { glob = try Glob(pattern) }
    public init(compiled pattern: String) { glob = Glob(compiled: pattern) }

    public func matches(_ reference: ImageReference) -> Bool {
        glob.matches(whole: reference.repository) || glob.matches(whole: reference.normalizedRepository)
            || glob.matches(whole: reference.raw.trimmingWhitespace())
    }

    public static func list(_ patterns: [String]) -> [ImagePattern] { patterns.map(ImagePattern.init(compiled:)) }
}
