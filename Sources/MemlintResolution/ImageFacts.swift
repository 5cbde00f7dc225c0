/// What is known about an image: the runtime it runs, where that runtime's version comes from, and
/// what its launcher does to memory. Built-in facts live in each pack's `images.yml` (the image
/// catalogue, docs/catalogue.md); `.lint.yml` `images:` entries take the same fields and come first.
/// Every fact names its source.
public struct ImageFacts: Sendable {
    /// "Apache Kafka".
    public var product: String?
    public var patterns: [ImagePattern]
    public var runtime: RuntimeChoice?
    public var runtimeVersion: RuntimeVersionSource
    public var launcher: LauncherFacts?
    /// Where the runtime fact comes from (a Dockerfile, the product's docs).
    public var source: String?
    /// "Rules/JVM/images.yml" or ".lint.yml:12": where this entry was written.
    public var origin: String

    public init(product: String?, patterns: [ImagePattern], runtime: RuntimeChoice?, runtimeVersion: RuntimeVersionSource,
                launcher: LauncherFacts?, source: String?, origin: String) {
        self.product = product
        self.patterns = patterns
        self.runtime = runtime
        self.runtimeVersion = runtimeVersion
        self.launcher = launcher
        self.source = source
        self.origin = origin
    }

    /// True when the entry says more than a Dockerfile link (a `.lint.yml` entry may only link).
    public var hasFacts: Bool { runtime != nil || launcher != nil || product != nil }

    public func matches(_ reference: ImageReference) -> Bool { patterns.contains { $0.matches(reference) } }

    /// "Apache Kafka (apache/kafka)".
    public var name: String { product ?? patterns.first?.pattern ?? "image" }
}

/// Where an image's runtime version is read from.
public enum RuntimeVersionSource: Sendable {
    /// Nowhere: the version is unknown, and rules that need it say so.
    case unknown
    /// The image's tag is the runtime's version (`eclipse-temurin:17-jre`, `node:20-alpine`).
    case tag
    /// The product bundles a runtime whose major version depends on the product's version.
    case bundled([BundledRuntime])
}

/// "From version 8.0.0 the product bundles JDK 17 (source)".
public struct BundledRuntime: Sendable {
    /// nil: every version.
    public var since: ProductVersion?
    public var major: Int
    public var source: String

    public init(since: ProductVersion?, major: Int, source: String) {
        self.since = since
        self.major = major
        self.source = source
    }
}

/// A product's start script or program and what it does to memory.
public struct LauncherFacts: Sendable {
    /// "kafka-server-start.sh".
    public var name: String
    /// Executable names that mean the launcher runs even in another image (`catalina.sh`).
    public var commands: Set<String>
    /// The variables it passes to the runtime, in order (later wins).
    public var reads: [String]
    /// Runtime options it passes before those variables (`-Xmx1G -Xms1G`).
    public var options: String?
    /// When one of these variables is set and not empty, `options` are not passed.
    public var unless: [String]
    /// The program sets its runtime's memory limit to this fraction of the container's (Go's
    /// GOMEMLIMIT through automemlimit) unless the runtime's own setting is given.
    public var memoryLimitRatio: Double?
    /// Arguments that switch `options` and `memoryLimitRatio` off (`--no-auto-gomemlimit`).
    public var optOut: [String]
    /// The product version from which the launcher behaves like this; nil: every version.
    public var since: ProductVersion?
    /// Memory the product documents it needs beyond the heap, when it does.
    public var beyondHeap: Int64?
    public var source: String

    public init(name: String, commands: Set<String>, reads: [String], options: String?, unless: [String], memoryLimitRatio: Double?,
                optOut: [String], since: ProductVersion?, beyondHeap: Int64?, source: String) {
        self.name = name
        self.commands = commands
        self.reads = reads
        self.options = options
        self.unless = unless
        self.memoryLimitRatio = memoryLimitRatio
        self.optOut = optOut
        self.since = since
        self.beyondHeap = beyondHeap
        self.source = source
    }
}

/// A product version read from an image tag: `v3.1.0` → 3.1.0, `8.15.0-debian` → 8.15.0.
public struct ProductVersion: Sendable, Comparable, CustomStringConvertible {
    public let parts: [Int]

    public init(parts: [Int]) { self.parts = parts }

    /// The leading dotted number of a tag (after an optional `v`); nil when the tag starts otherwise.
    public init?(tag: String) {
        var text = Substring(tag)
        if text.first == "v" || text.first == "V" { text = text.dropFirst() }
        var parts: [Int] = []
        var digits = ""
        for character in text {
            if character.isASCII, character.isNumber { digits.append(character); continue }
            guard character == ".", !digits.isEmpty else { break }
            parts.append(Int(digits) ?? 0)
            digits = ""
        }
        if !digits.isEmpty { parts.append(Int(digits.prefix(9)) ?? 0) }
        guard !parts.isEmpty else { return nil }
        self.parts = parts
    }

    public static func < (lhs: ProductVersion, rhs: ProductVersion) -> Bool {
        for i in 0..<max(lhs.parts.count, rhs.parts.count) {
            let l = i < lhs.parts.count ? lhs.parts[i] : 0
            let r = i < rhs.parts.count ? rhs.parts[i] : 0
            if l != r { return l < r }
        }
        return false
    }

    public var description: String { parts.map(String.init).joined(separator: ".") }
}

/// A catalogue or `.lint.yml` entry that matched one image, and that image's product version.
public struct MatchedImage: Sendable {
    public enum Version: Sendable {
        /// No tag, or `latest`: the newest release, so every `since` fact applies.
        case latest
        case version(ProductVersion)
        /// A tag that is not a version (`main`, a commit): facts with a `since` are undecided.
        case unknown(String)
    }

    public let facts: ImageFacts
    public let image: ImageReference
    public let version: Version

    public init(facts: ImageFacts, image: ImageReference) {
        self.facts = facts
        self.image = image
        if let tag = image.tag, tag != "latest" {
            version = ProductVersion(tag: tag).map(Version.version) ?? .unknown(tag)
        } else {
            version = .latest
        }
    }

    /// Whether a fact that holds from `since` on holds for this image: nil when the tag cannot tell.
    public func holds(since: ProductVersion?) -> Bool? {
        guard let since else { return true }
        switch version {
        case .latest: return true
        case .version(let version): return version >= since
        case .unknown: return nil
        }
    }

    /// The runtime's major version the product bundles, and the source that says so.
    public var bundledRuntime: BundledRuntime? {
        guard case .bundled(let list) = facts.runtimeVersion else { return nil }
        return list.filter { holds(since: $0.since) == true }.max { ($0.since ?? ProductVersion(parts: [0])) < ($1.since ?? ProductVersion(parts: [0])) }
    }

    /// "Apache Kafka image apache/kafka:3.9.1".
    public var summary: String { "\(facts.name) image \(image.reference)" }
}

/// The image catalogue and `.lint.yml` entries, looked up in order: the first entry with facts
/// that matches wins, so a user's entry corrects a built-in one.
public struct ImageCatalogue: Sendable {
    public let entries: [ImageFacts]
    /// Entries by literal pattern (most of them: `redis`, `quay.io/prometheus/prometheus`), first
    /// entry per pattern, so that matching a container costs a few lookups, not every glob.
    private var literal: [String: Int] = [:]
    /// `**/name` and `**/folder/name` patterns (most of the wildcards) by their last segment, with the
    /// literal rest every match ends with.
    private var bySegment: [String: [(entry: Int, suffix: String)]] = [:]
    /// Other patterns with wildcards, in entry order.
    private var wildcard: [(entry: Int, pattern: ImagePattern)] = []
    private var launchers: [String: (LauncherFacts, ImageFacts)] = [:]

    public init(_ entries: [ImageFacts]) {
        self.entries = entries
        for (index, entry) in entries.enumerated() where entry.hasFacts {
            for pattern in entry.patterns {
                let text = pattern.pattern
                if text.hasPrefix("**/"), case let rest = String(text.dropFirst(3)), !rest.isEmpty, !Self.hasMetacharacter(rest),
                   !rest.utf8.contains(UInt8(ascii: ":")), !rest.utf8.contains(UInt8(ascii: "@")) {
                    let segment = rest.split(separator: "/").last.map(String.init) ?? rest
                    bySegment[segment, default: []].append((index, rest))
                    continue
                }
                if pattern.pattern.utf8.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "\\") }) {
                    wildcard.append((index, pattern))
                } else if literal[pattern.pattern] == nil {
                    literal[pattern.pattern] = index
                }
            }
            for command in entry.launcher?.commands ?? [] where launchers[command] == nil {
                launchers[command] = (entry.launcher!, entry)
            }
        }
    }

    static func hasMetacharacter(_ text: String) -> Bool {
        text.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "\\") }
    }

    public func match(_ reference: ImageReference?) -> MatchedImage? {
        guard let reference, !reference.reference.isEmpty else { return nil }
        var best = Int.max
        for form in [reference.repository, reference.normalizedRepository, reference.reference] {
            if let index = literal[form], index < best { best = index }
        }
        // `**/folder/name`: the repository is `folder/name` or ends with `/folder/name`.
        for (index, suffix) in bySegment[reference.name] ?? [] where index < best {
            for form in [reference.repository, reference.normalizedRepository]
            where form == suffix || (form.hasSuffix(suffix) && form.utf8.dropLast(suffix.utf8.count).last == UInt8(ascii: "/")) {
                best = index
            }
        }
        for (index, pattern) in wildcard {
            if index >= best { break }
            if pattern.matches(reference) { best = index; break }
        }
        return best == Int.max ? nil : MatchedImage(facts: entries[best], image: reference)
    }

    /// A launcher named as the command (`catalina.sh` in an image of your own).
    public func launcher(command: String) -> (LauncherFacts, ImageFacts)? { launchers[command] }
}
