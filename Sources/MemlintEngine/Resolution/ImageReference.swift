/// An image reference split the way registries read it: `registry.example.com/shop/cart:2.4.1@sha256:…`.
public struct ImageReference: Sendable, Equatable {
    public var raw: String
    /// Without tag and digest: `registry.example.com/shop/cart`.
    public var repository: String
    public var tag: String?

    public init(_ raw: String) {
        self.raw = raw
        var rest = Substring(raw.trimmingWhitespace())
        if let at = rest.firstIndex(of: "@") { rest = rest[..<at] }
        let lastSlash = rest.lastIndex(of: "/")
        if let colon = rest.lastIndex(of: ":"), lastSlash == nil || colon > lastSlash! {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        }
        repository = String(rest)
    }

    /// The last path segment of the repository (`cart`), which usually names the service folder.
    public var name: String { repository.split(separator: "/").last.map(String.init) ?? repository }

    /// The repository without Docker Hub's implicit prefixes (`docker.io/library/openjdk` → `openjdk`).
    public var normalizedRepository: String {
        var r = repository
        for prefix in ["docker.io/", "index.docker.io/", "registry-1.docker.io/"] where r.hasPrefix(prefix) { r.removeFirst(prefix.count) }
        if r.hasPrefix("library/") { r.removeFirst("library/".count) }
        return r
    }

    /// `*` matches any run of characters (slashes included); compared as UTF-8 bytes, without allocating.
    public static func wildcard(_ pattern: String, matches text: String) -> Bool {
        var pattern = pattern, text = text
        return pattern.withUTF8 { p in text.withUTF8 { t in wildcard(p, t) } }
    }

    private static func wildcard(_ p: UnsafeBufferPointer<UInt8>, _ t: UnsafeBufferPointer<UInt8>) -> Bool {
        let star = UInt8(ascii: "*"), any = UInt8(ascii: "?")
        var pi = 0, ti = 0, starAt = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == t[ti] || p[pi] == any { pi += 1; ti += 1 }
            else if pi < p.count, p[pi] == star { starAt = pi; mark = ti; pi += 1 }
            else if starAt >= 0 { pi = starAt + 1; mark += 1; ti = mark }
            else { return false }
        }
        while pi < p.count, p[pi] == star { pi += 1 }
        return pi == p.count
    }
}
