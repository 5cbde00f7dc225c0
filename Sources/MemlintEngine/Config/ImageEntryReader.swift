import FoundationEssentials
import MemlintResolution
import MemlintYAML
import MemlintKubernetes

/// Reads one image entry: a `.lint.yml` `images:` item or an entry of a pack's catalogue
/// (`Rules/<Pack>/images.yml`). Both take the same fields, so a user corrects a built-in entry in
/// the language it is written in. docs/catalogue.md describes them.
struct ImageEntryReader {
    struct Entry {
        var facts: ImageFacts
        var dockerfile: (text: String, node: NodeID)?
        var target: String?
    }

    let runtimes: [RuntimeID]
    /// Catalogue entries must cite a source for each fact; `.lint.yml` entries may.
    let requireSources: Bool
    /// Links to Dockerfiles are for `.lint.yml` only.
    let allowsLinks: Bool
    let fail: (String, NodeID) -> Void

    static let keys = ["match", "runtime", "dockerfile", "target", "product", "runtimeVersion", "launcher", "source"]
    static let launcherKeys = ["name", "commands", "reads", "options", "unless", "memoryLimitRatio", "optOut", "since", "beyondHeap", "source"]

    func read(_ item: NodeID, in document: Document, origin: String) -> Entry? {
        guard document.kind(document.resolve(item)) == .mapping else {
            fail("each image entry must be a mapping with 'match' and 'runtime' and/or 'dockerfile'", item)
            return nil
        }
        var patterns: [ImagePattern] = []
        var runtime: RuntimeChoice?
        var runtimeWritten = false
        var entry = Entry(facts: ImageFacts(product: nil, patterns: [], runtime: nil, runtimeVersion: .unknown, launcher: nil, source: nil, origin: origin))
        for (keyNode, value) in document.pairs(item) {
            guard let key = document.string(keyNode) else { continue }
            switch key {
            case "match":
                for (text, node) in strings(value, key: key, in: document) {
                    do { patterns.append(try ImagePattern(text)) } catch { fail("bad pattern '\(text)': \(error)", node) }
                }
            case "runtime":
                runtimeWritten = true
                guard let text = scalar(value, key: key, in: document) else { continue }
                if let known = RuntimeChoice(text, registered: runtimes) { runtime = known } else {
                    let spellings = RuntimeChoice.spellings(runtimes)
                    fail("runtime must be one of \(spellings.joined(separator: ", ")); got '\(text)'\(Suggest.didYouMean(text, among: spellings))", value)
                }
            case "dockerfile" where allowsLinks:
                if let text = scalar(value, key: key, in: document) { entry.dockerfile = (text, value) }
            case "target" where allowsLinks:
                entry.target = scalar(value, key: key, in: document)
            case "product":
                entry.facts.product = scalar(value, key: key, in: document)
            case "source":
                entry.facts.source = scalar(value, key: key, in: document)
            case "runtimeVersion":
                entry.facts.runtimeVersion = runtimeVersion(value, in: document)
            case "launcher":
                entry.facts.launcher = launcher(value, in: document)
            default:
                let known = Self.keys.filter { allowsLinks || ($0 != "dockerfile" && $0 != "target") }
                fail("unknown key '\(key)' in an image entry\(Suggest.didYouMean(key, among: known))", keyNode)
            }
        }
        guard !patterns.isEmpty else {
            fail("image entry needs 'match' (a glob on the image reference, e.g. \"registry.example.com/shop/*\", or a list of them)", item)
            return nil
        }
        entry.facts.patterns = patterns
        entry.facts.runtime = runtime
        if requireSources, runtime != nil, entry.facts.source == nil {
            fail("catalogue entry '\(patterns[0].pattern)' needs 'source': where its runtime is documented", item)
        }
        if runtime == nil, entry.dockerfile == nil, !runtimeWritten, entry.facts.launcher == nil {
            fail("image entry for '\(patterns[0].pattern)' needs 'runtime'\(allowsLinks ? " or 'dockerfile'" : "")", item)
            return nil
        }
        return entry
    }

    /// `tag`, `unknown`, or a list of `{since, major, source}`.
    private func runtimeVersion(_ node: NodeID, in document: Document) -> RuntimeVersionSource {
        let target = document.resolve(node)
        if document.kind(target) == .scalar {
            switch document.string(target) {
            case "tag": return .tag
            case "unknown": return .unknown
            default:
                fail("runtimeVersion takes 'tag', 'unknown', or a list of {since, major, source}", node)
                return .unknown
            }
        }
        guard let items = document.sequence(node) else {
            fail("runtimeVersion takes 'tag', 'unknown', or a list of {since, major, source}", node)
            return .unknown
        }
        var bundled: [BundledRuntime] = []
        for item in items {
            var since: ProductVersion?
            var major: Int?
            var source: String?
            for (keyNode, value) in document.pairs(item) {
                guard let key = document.string(keyNode), let text = scalar(value, key: key, in: document) else { continue }
                switch key {
                case "since": since = version(text, at: value)
                case "major":
                    major = Int(text)
                    if major == nil { fail("major must be a whole number; got '\(text)'", value) }
                case "source": source = text
                default: fail("unknown key '\(key)' in runtimeVersion\(Suggest.didYouMean(key, among: ["since", "major", "source"]))", keyNode)
                }
            }
            guard let major else { fail("a runtimeVersion item needs 'major'", item); continue }
            if source == nil, requireSources { fail("a runtimeVersion item needs 'source'", item) }
            bundled.append(BundledRuntime(since: since, major: major, source: source ?? ""))
        }
        return .bundled(bundled)
    }

    private func launcher(_ node: NodeID, in document: Document) -> LauncherFacts? {
        guard document.kind(document.resolve(node)) == .mapping else {
            fail("launcher must be a mapping of \(Self.launcherKeys.joined(separator: ", "))", node)
            return nil
        }
        var facts = LauncherFacts(name: "launcher", commands: [], reads: [], options: nil, unless: [], memoryLimitRatio: nil,
                                  optOut: [], since: nil, beyondHeap: nil, source: "")
        var sourceWritten = false
        for (keyNode, value) in document.pairs(node) {
            guard let key = document.string(keyNode) else { continue }
            switch key {
            case "name": facts.name = scalar(value, key: key, in: document) ?? facts.name
            case "commands": facts.commands = Set(strings(value, key: key, in: document).map(\.0))
            case "reads": facts.reads = strings(value, key: key, in: document).map(\.0)
            case "unless": facts.unless = strings(value, key: key, in: document).map(\.0)
            case "optOut": facts.optOut = strings(value, key: key, in: document).map(\.0)
            case "options": facts.options = scalar(value, key: key, in: document)
            case "since": facts.since = scalar(value, key: key, in: document).flatMap { version($0, at: value) }
            case "source":
                sourceWritten = true
                facts.source = scalar(value, key: key, in: document) ?? ""
            case "memoryLimitRatio":
                guard let text = scalar(value, key: key, in: document) else { continue }
                if let ratio = Double(text), ratio > 0, ratio <= 1 { facts.memoryLimitRatio = ratio } else {
                    fail("memoryLimitRatio must be a number in (0, 1]; got '\(text)'", value)
                }
            case "beyondHeap":
                guard let text = scalar(value, key: key, in: document) else { continue }
                if case .success(let quantity) = Quantity.parse(text), !quantity.isNegative { facts.beyondHeap = quantity.roundedUp } else {
                    fail("beyondHeap must be a Kubernetes quantity such as 238Mi; got '\(text)'", value)
                }
            default:
                fail("unknown key '\(key)' in launcher\(Suggest.didYouMean(key, among: Self.launcherKeys))", keyNode)
            }
        }
        if requireSources, !sourceWritten { fail("launcher '\(facts.name)' needs 'source': the script or the docs that say what it does", node) }
        return facts
    }

    private func version(_ text: String, at node: NodeID) -> ProductVersion? {
        guard let version = ProductVersion(tag: text) else {
            fail("'\(text)' is not a version (write it as 3.0 or 8.15.0)", node)
            return nil
        }
        return version
    }

    private func scalar(_ node: NodeID, key: String, in document: Document) -> String? {
        let target = document.resolve(node)
        guard document.kind(target) == .scalar, let text = document.string(target) else {
            fail("'\(key)' must be a single value", node)
            return nil
        }
        return text
    }

    /// A value or a list of values.
    private func strings(_ node: NodeID, key: String, in document: Document) -> [(String, NodeID)] {
        let target = document.resolve(node)
        if document.kind(target) == .scalar { return scalar(node, key: key, in: document).map { [($0, node)] } ?? [] }
        guard let items = document.sequence(node) else {
            fail("'\(key)' must be a value or a list of values", node)
            return []
        }
        return items.compactMap { item in scalar(item, key: key, in: document).map { ($0, item) } }
    }
}
