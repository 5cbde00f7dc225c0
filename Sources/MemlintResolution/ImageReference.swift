/// An image reference split the way registries read it: `registry.example.com/shop/cart:2.4.1@sha256:…`.
/// The forms patterns are matched against are computed once, here.
public struct ImageReference: Sendable, Equatable {
    public let raw: String
    /// The reference as written, without surrounding blanks.
    public let reference: String
    /// Without tag and digest: `registry.example.com/shop/cart`.
    public let repository: String
    public let tag: String?
    /// The repository without Docker Hub's implicit prefixes (`docker.io/library/openjdk` → `openjdk`).
    public let normalizedRepository: String

    public init(_ raw: String) {
        self.raw = raw
        reference = raw.trimmingWhitespace()
        var rest = Substring(reference)
        if let at = rest.firstIndex(of: "@") { rest = rest[..<at] }
        let lastSlash = rest.lastIndex(of: "/")
        if let colon = rest.lastIndex(of: ":"), lastSlash == nil || colon > lastSlash! {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        } else {
            tag = nil
        }
        repository = String(rest)
        var normalized = Substring(repository)
        for prefix in ["docker.io/", "index.docker.io/", "registry-1.docker.io/"] where normalized.hasPrefix(prefix) {
            normalized = normalized.dropFirst(prefix.count)
        }
        if normalized.hasPrefix("library/") { normalized = normalized.dropFirst("library/".count) }
        normalizedRepository = normalized.count == repository.count ? repository : String(normalized)
    }


    /// True when `matches` holds for one of the forms a pattern may match: the repository, the
    /// repository without Docker Hub's prefixes, and (when `wholeReference`) the reference with its tag.
    public func anyForm(wholeReference: Bool = true, _ matches: (String) -> Bool) -> Bool {
        matches(repository)
            || (normalizedRepository != repository && matches(normalizedRepository))
            || (wholeReference && reference != repository && matches(reference))
    }

    /// The last path segment of the repository (`cart`), which usually names the service folder.
    public var name: String {
        guard let slash = repository.lastIndex(of: "/") else { return repository }
        return String(repository[repository.index(after: slash)...])
    }
}
