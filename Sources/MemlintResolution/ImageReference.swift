import MemlintYAML
import MemlintKubernetes
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
}
