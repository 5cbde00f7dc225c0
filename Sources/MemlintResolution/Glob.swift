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
    /// Most patterns are a literal or a literal and a trailing `*`: those match without the DP.
    private let shortcut: Shortcut
    /// The longest run of literal characters, which every match contains: a cheap test before the DP.
    private let requiredLiteral: [UInt8]

    enum Shortcut: Sendable {
        case exact([UInt8])
        case prefixThenStar([UInt8])
        /// `**/name`: `name`, or anything ending in `/name`.
        case anyFoldersThenExact([UInt8])
        /// `**/name*`: a last segment that starts with `name`.
        case anyFoldersThenPrefixStar([UInt8])
        case none
    }

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
        anchored = body.utf8.contains(UInt8(ascii: "/"))
        // Most patterns are plain names (`redis`, `quay.io/prometheus/prometheus`): no tokenizer needed.
        // They match through the shortcut alone, so they keep no tokens (the catalogue has hundreds).
        if !body.utf8.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "\\") }) {
            let literal = Array(body.utf8)
            tokens = []
            shortcut = .exact(literal)
            requiredLiteral = literal
            return
        }
        tokens = try Self.tokenize(body)
        shortcut = Self.shortcut(tokens)
        requiredLiteral = Self.longestLiteral(tokens)
    }

    private static func longestLiteral(_ tokens: [Token]) -> [UInt8] {
        var best: [UInt8] = [], run: [UInt8] = []
        for token in tokens + [.any] {
            if case .literal(let c) = token { appendUTF8(c, to: &run); continue }
            if run.count > best.count { best = run }
            run.removeAll(keepingCapacity: true)
        }
        return best
    }

    private static func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        UTF8.encode(scalar) { bytes.append($0) }
    }

    /// True when `pattern` mentions a tag or digest separator, so it must see the whole reference.
    var mentionsTagOrDigest: Bool { pattern.utf8.contains { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "@") } }

    private static func shortcut(_ tokens: [Token]) -> Shortcut {
        if tokens.first == .globstarSlash {
            switch shortcut(Array(tokens.dropFirst())) {
            case .exact(let literal) where !literal.contains(UInt8(ascii: "/")): return .anyFoldersThenExact(literal)
            case .prefixThenStar(let literal) where !literal.contains(UInt8(ascii: "/")): return .anyFoldersThenPrefixStar(literal)
            default: return .none
            }
        }
        var literal: [UInt8] = []
        for (index, token) in tokens.enumerated() {
            switch token {
            case .literal(let c): appendUTF8(c, to: &literal)
            case .star where index == tokens.count - 1: return .prefixThenStar(literal)
            default: return .none
            }
        }
        return .exact(literal)
    }

    /// For patterns written in the source (packs' image lists): a mistake there is a programming error.
    public init(compiled pattern: String) {
        do { try self.init(pattern) } catch { preconditionFailure("bad built-in pattern \(pattern): \(error)") }
    }

    public var description: String { pattern }

    enum FirstLiteral { case whole(UInt8), lastSegment(UInt8) }

    /// The ASCII byte every match starts with (or whose last segment starts with, for `**/name…`).
    var firstLiteral: FirstLiteral? {
        if case .exact(let literal) = shortcut { return literal.first.flatMap { $0 < 0x80 ? .whole($0) : nil } }
        var tokens = tokens[...]
        var lastSegment = false
        if tokens.first == .globstarSlash {
            lastSegment = true
            tokens = tokens.dropFirst()
            // `**/a/b` puts `a` in some segment, not necessarily the last: not bucketable by it.
            if tokens.contains(.literal("/")) || tokens.contains(.globstarSlash) || tokens.contains(.globstar) { return nil }
        }
        guard case .literal(let c)? = tokens.first, c.isASCII else { return nil }
        let byte = UInt8(c.value)
        return lastSegment ? .lastSegment(byte) : .whole(byte)
    }

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
        var utf8 = text
        return utf8.withUTF8 { bytes in
            switch shortcut {
            case .exact(let literal):
                return bytes.elementsEqual(literal)
            case .prefixThenStar(let literal):
                // `*` stays within a segment: what follows the literal holds no '/'.
                return bytes.count >= literal.count && bytes.prefix(literal.count).elementsEqual(literal)
                    && !bytes[literal.count...].contains(UInt8(ascii: "/"))
            case .anyFoldersThenExact(let literal):
                let last = bytes.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0
                return bytes[last...].elementsEqual(literal)
            case .anyFoldersThenPrefixStar(let literal):
                let last = bytes.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0
                return bytes.count - last >= literal.count && bytes[last..<(last + literal.count)].elementsEqual(literal)
            case .none:
                break
            }
            if !requiredLiteral.isEmpty, !Self.contains(bytes, requiredLiteral) { return false }
            if bytes.allSatisfy({ $0 < 0x80 }) {
                // ASCII text, the usual case: one byte is one character.
                return withUnsafeTemporaryAllocation(of: Bool.self, capacity: 2 * (bytes.count + 1)) { rows in
                    Self.match(tokens, count: bytes.count, at: { Unicode.Scalar(bytes[$0]) }, rows)
                }
            }
            let count = text.unicodeScalars.count
            return withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: count) { scalars in
                var i = 0
                for scalar in text.unicodeScalars { scalars[i] = scalar; i += 1 }
                return withUnsafeTemporaryAllocation(of: Bool.self, capacity: 2 * (count + 1)) { rows in
                    Self.match(tokens, count: count, at: { scalars[$0] }, rows)
                }
            }
        }
    }


    /// A plain byte search: the standard library's generic `firstRange(of:)` cost 6.6 % of a whole
    /// check in instructions here (callgrind, benchmark slice), this loop nothing measurable.
    private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= bytes.count else { return needle.isEmpty }
        var i = 0
        while i + needle.count <= bytes.count {
            if bytes[i] == first {
                var j = 1
                while j < needle.count && bytes[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    /// Dynamic programming over pattern × text: linear memory, no backtracking blow-up, no heap use.
    private static func match(_ tokens: [Token], count: Int, at character: (Int) -> Unicode.Scalar,
                              _ rows: UnsafeMutableBufferPointer<Bool>) -> Bool {
        let width = count + 1
        var current = UnsafeMutableBufferPointer(rebasing: rows[0..<width])
        var next = UnsafeMutableBufferPointer(rebasing: rows[width..<(2 * width)])
        current.initialize(repeating: false)
        current[0] = true
        for token in tokens {
            next.initialize(repeating: false)
            switch token {
            case .star:
                for i in 0...count where current[i] || (i > 0 && next[i - 1] && character(i - 1) != "/") { next[i] = true }
            case .globstar:
                for i in 0...count where current[i] || (i > 0 && next[i - 1]) { next[i] = true }
            case .globstarSlash:
                // Zero segments, or any text that ends with a '/'.
                var reachable = false
                for i in 0...count {
                    if current[i] { reachable = true; next[i] = true }
                    if reachable, i > 0, character(i - 1) == "/" { next[i] = true }
                }
            case .any:
                for i in 0..<count where current[i] && character(i) != "/" { next[i + 1] = true }
            case .literal(let c):
                for i in 0..<count where current[i] && character(i) == c { next[i + 1] = true }
            case .set(let ranges, let negated):
                for i in 0..<count where current[i] && character(i) != "/" {
                    if ranges.contains(where: { $0.contains(character(i)) }) != negated { next[i + 1] = true }
                }
            }
            swap(&current, &next)
        }
        return current[count]
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
        reference.anyForm { glob.matches(whole: $0) }
    }

    public static func list(_ patterns: [String]) -> ImagePatterns { ImagePatterns(patterns.map(ImagePattern.init(compiled:))) }
}

/// Several image patterns compiled together and bucketed by the first byte they can match (the
/// first literal, or for `**/name…` the first of the last segment), so a reference is tested only
/// against the few patterns that could match it.
public struct ImagePatterns: Sendable {
    private var byFirstByte = [[Glob]](repeating: [], count: 128)
    private var byLastSegmentFirstByte = [[Glob]](repeating: [], count: 128)
    private var unbucketed: [Glob] = []
    /// Only patterns that name a tag or digest need the whole reference as a form.
    private var needsWholeReference = false

    public init(_ patterns: [ImagePattern]) {
        for pattern in patterns {
            if pattern.glob.mentionsTagOrDigest { needsWholeReference = true }
            switch pattern.glob.firstLiteral {
            case .whole(let byte)?: byFirstByte[Int(byte)].append(pattern.glob)
            case .lastSegment(let byte)?: byLastSegmentFirstByte[Int(byte)].append(pattern.glob)
            case nil: unbucketed.append(pattern.glob)
            }
        }
    }

    public func matches(_ reference: ImageReference) -> Bool {
        reference.anyForm(wholeReference: needsWholeReference) { matches(form: $0) }
    }

    private func matches(form: String) -> Bool {
        let utf8 = form.utf8
        if let first = utf8.first, first < 128, byFirstByte[Int(first)].contains(where: { $0.matches(whole: form) }) { return true }
        let segment = utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) } ?? utf8.startIndex
        if segment < utf8.endIndex {
            let first = utf8[segment]
            if first < 128, byLastSegmentFirstByte[Int(first)].contains(where: { $0.matches(whole: form) }) { return true }
        }
        return unbucketed.contains { $0.matches(whole: form) }
    }
}
