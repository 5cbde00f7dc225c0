import MemlintYAML
import FoundationEssentials
import MemlintDockerfile
import MemlintKubernetes

/// `.lint.yml` `images:` entries: tie image references to a Dockerfile and a stage, and state what
/// the image runs (the same facts as the image catalogue's, `facts`).
public struct ImageMapping: Sendable {
    public var match: ImagePattern
    /// Absolute path of the Dockerfile.
    public var dockerfile: String?
    /// The stage to build (`docker build --target`), when not the last.
    public var target: String?
    public var facts: ImageFacts
    public var span: Span

    public var runtime: RuntimeChoice? { facts.runtime }

    public init(facts: ImageFacts, dockerfile: String?, target: String?, span: Span) {
        self.match = facts.patterns[0]
        self.facts = facts
        self.dockerfile = dockerfile
        self.target = target
        self.span = span
    }

    /// An entry with only a runtime, as tests and older callers write it.
    public init(match: ImagePattern, runtime: RuntimeChoice?, dockerfile: String?, target: String?, span: Span) {
        self.init(facts: ImageFacts(product: nil, patterns: [match], runtime: runtime, runtimeVersion: .unknown, launcher: nil,
                                    source: nil, origin: ".lint.yml"),
                  dockerfile: dockerfile, target: target, span: span)
    }

    /// True when one of the entry's patterns matches.
    public func matches(_ reference: ImageReference) -> Bool { facts.matches(reference) }
}

/// How an image was tied to the Dockerfile that builds it.
public enum LinkMethod: Sendable, CustomStringConvertible {
    case configuration(pattern: String)
    case skaffold
    case folderName(String)
    /// The tag names the service: `…/demo:1.12.0-cart` ↔ `src/cart/Dockerfile`.
    case tagSuffix(String)
    /// A Compose service, Bake target, CI step, Tiltfile call, Jib or ko configuration ("compose.yaml:12").
    case recipe(BuildRecipe.Tool, origin: String, language: String? = nil)
    /// A Dockerfile no workload in the run uses, checked on its own.
    case imageOnly

    public var description: String {
        switch self {
        case .configuration(let pattern): "images entry '\(pattern)' in .lint.yml"
        case .skaffold: "skaffold.yaml artifact"
        case .folderName(let name): "folder name '\(name)'"
        case .tagSuffix(let name): "tag suffix '\(name)' names the folder"
        case .recipe(let tool, let origin, _): "\(tool.rawValue) at \(origin)"
        case .imageOnly: "checked on its own: no workload in the run uses it"
        }
    }
}

/// A container image tied to the Dockerfile that builds it.
public struct LinkedImage: Sendable {
    public let model: ImageModel
    public let method: LinkMethod
    /// The external image at the bottom of the final stage's chain, parsed once per link.
    public let baseImage: ImageReference
    /// The external images of every stage (a `golang` build stage shows here).
    public let stageImages: [ImageReference]

    /// Dockerfiles whose `FROM` lead back to each other: the walk stopped there.
    public let cycle: [String]?
    /// Packages the final stage installs (with its bases), lower-cased, read once per link.
    public let installedPackages: [String]

    public init(model: ImageModel, method: LinkMethod, cycle: [String]? = nil) {
        self.model = model
        self.method = method
        self.cycle = cycle
        baseImage = ImageReference(model.baseImage.text)
        stageImages = model.allBaseImages.map(ImageReference.init)
        installedPackages = model.final.installs.map { $0.text.lowercased() }
    }

    /// The language of the project a build tool built it from (`java` for Jib), when it tells.
    public var buildLanguage: String? {
        if case .recipe(_, _, let language) = method { return language }
        return nil
    }

    /// "services/cart/Dockerfile (folder name 'cart')", for `-v` and explain.
    public var summary: String {
        let chain = model.chain.isEmpty ? "" : ", built on \(model.chain.joined(separator: " on "))"
        let loop = cycle.map { ", FROM cycle \($0.joined(separator: " → ")) not followed" } ?? ""
        return "\(model.path) (\(method))\(chain)\(loop)"
    }
}

/// A build recipe of the run with its paths made absolute, and the file that holds it.
public struct LocatedRecipe: Sendable {
    public var recipe: BuildRecipe
    public var displayPath: String
    /// The Dockerfile it names, absolute; nil for builds without one.
    public var dockerfile: String?
    /// "docker-compose.yaml:12", for `-v` and explain.
    public var origin: String { "\(displayPath):\(recipe.line)" }

    public init(recipe: BuildRecipe, displayPath: String, absolutePath: String) {
        self.recipe = recipe
        self.displayPath = displayPath
        var base = URL(fileURLWithPath: absolutePath).deletingLastPathComponent()
        if recipe.base == .repositoryRoot {
            // .github/workflows/ci.yml: the checkout is the folder that holds .github.
            var folder = base
            while folder.path != "/", folder.lastPathComponent != ".github" { folder.deleteLastPathComponent() }
            if folder.lastPathComponent == ".github" { base = folder.deletingLastPathComponent() }
        }
        let context = base.appendingPathComponent(recipe.context)
        dockerfile = recipe.dockerfile.map { file in
            (file.hasPrefix("/") ? URL(fileURLWithPath: file) : (recipe.dockerfileFromBase ? base : context).appendingPathComponent(file)).standardizedFileURL.path
        }
    }
}

/// What linking found for one image.
public enum ImageLink: Sendable {
    case linked(LinkedImage)
    /// Several Dockerfiles could build it (their paths): nothing was linked.
    case ambiguous([String])
    case none

    public var image: LinkedImage? {
        if case .linked(let linked) = self { return linked }
        return nil
    }
}

/// A parsed Dockerfile of the run, as the linker sees it.
public struct DockerfileEntry: Sendable {
    public var displayPath: String
    public var absolutePath: String
    public var file: Dockerfile

    public init(displayPath: String, absolutePath: String, file: Dockerfile) {
        self.displayPath = displayPath
        self.absolutePath = absolutePath
        self.file = file
    }
}

/// Ties image references to Dockerfiles: `.lint.yml` `images` entries first, then a skaffold.yaml
/// artifact, then a Dockerfile whose folder is named like the image (`…/cart:2.4` ↔ `cart/Dockerfile`).
/// Only an unambiguous heuristic links; several candidates are reported instead. It reads no file:
/// every Dockerfile it may link was parsed with the run (`wantedDockerfiles` names those outside it).
public struct ImageLinker: Sendable {
    private var byAbsolutePath: [String: DockerfileEntry] = [:]
    private var byFolderName: [String: [DockerfileEntry]] = [:]
    private let mappings: [ImageMapping]
    /// skaffold artifacts: image repository → absolute Dockerfile path and target stage.
    private let skaffold: [String: (path: String, target: String?)]

    /// Known public images, never looked for among the run's Dockerfiles when following `FROM`.
    private let catalogue: ImageCatalogue?

    /// Build recipes by image repository, with their paths made absolute.
    private var recipes: [String: [LocatedRecipe]] = [:]
    /// Recipes whose registry part is a variable (`${REGISTRY}/orders`), by the image's name.
    private var recipesByName: [String: [LocatedRecipe]] = [:]

    /// The image with `${VAR}`, `${{ expr }}` and `$VAR` removed, and whether one stood before the name.
    static func withoutVariables(_ image: String) -> (String, Bool) {
        var result = ""
        var variableBeforeName = false
        var chars = Array(image)[...]
        while let c = chars.first {
            if c == "$" {
                chars = chars.dropFirst()
                if chars.first == "{" {
                    var depth = 0
                    while let d = chars.first { chars = chars.dropFirst(); if d == "{" { depth += 1 } else if d == "}" { depth -= 1; if depth == 0 { break } } }
                } else {
                    while let d = chars.first, d.isLetter || d.isNumber || d == "_" { chars = chars.dropFirst() }
                }
                if chars.contains("/") { variableBeforeName = true }
                continue
            }
            result.append(c)
            chars = chars.dropFirst()
        }
        while result.hasSuffix(":") { result.removeLast() }
        return (result, variableBeforeName)
    }

    public init(dockerfiles: [DockerfileEntry], mappings: [ImageMapping], skaffold artifacts: [(SkaffoldArtifact, skaffoldPath: String)],
                catalogue: ImageCatalogue? = nil, recipes: [LocatedRecipe] = []) {
        for recipe in recipes {
            // `…/orders:${TAG}`: variables are dropped; `${REGISTRY}/orders` is known by its name alone.
            let (cleaned, variableRegistry) = Self.withoutVariables(recipe.recipe.image)
            let reference = ImageReference(cleaned)
            if variableRegistry { recipesByName[reference.name, default: []].append(recipe) } else {
                self.recipes[reference.normalizedRepository, default: []].append(recipe)
            }
        }
        self.mappings = mappings
        self.catalogue = catalogue
        skaffold = Self.skaffoldTargets(artifacts)
        for entry in dockerfiles {
            byAbsolutePath[entry.absolutePath] = entry
            let folder = URL(fileURLWithPath: entry.absolutePath).deletingLastPathComponent().lastPathComponent
            byFolderName[folder, default: []].append(entry)
        }
    }

    /// Absolute paths of the Dockerfiles that `images` entries and skaffold artifacts name.
    public static func wantedDockerfiles(mappings: [ImageMapping], skaffold artifacts: [(SkaffoldArtifact, skaffoldPath: String)]) -> [String] {
        mappings.compactMap(\.dockerfile) + skaffoldTargets(artifacts).values.map(\.path)
    }

    private static func skaffoldTargets(_ artifacts: [(SkaffoldArtifact, skaffoldPath: String)]) -> [String: (path: String, target: String?)] {
        var result: [String: (path: String, target: String?)] = [:]
        for (artifact, skaffoldPath) in artifacts {
            let folder = URL(fileURLWithPath: skaffoldPath).deletingLastPathComponent()
            let dockerfile = folder.appendingPathComponent(artifact.context).appendingPathComponent(artifact.dockerfile).standardizedFileURL.path
            result[ImageReference(artifact.image.value).repository] = (dockerfile, artifact.target)
        }
        return result
    }

    public func link(_ reference: ImageReference) -> ImageLink {
        switch find(reference) {
        case .found(let model, let method):
            let (chained, cycle) = followingBases(of: model)
            return .linked(LinkedImage(model: chained, method: method, cycle: cycle))
        case .ambiguous(let paths): return .ambiguous(paths)
        case .none: return .none
        }
    }

    private enum Found {
        case found(ImageModel, LinkMethod)
        case ambiguous([String])
        case none
    }

    private func find(_ reference: ImageReference) -> Found {
        for mapping in mappings {
            guard let dockerfile = mapping.dockerfile, mapping.matches(reference) else { continue }
            if let entry = byAbsolutePath[dockerfile] {
                return .found(ImageModel.build(entry.file, target: mapping.target), .configuration(pattern: mapping.match.pattern))
            }
        }
        if let (path, target) = skaffold[reference.repository], let entry = byAbsolutePath[path] {
            return .found(ImageModel.build(entry.file, target: target), .skaffold)
        }
        if let found = fromRecipe(reference) { return found }
        let candidates = byFolderName[reference.name] ?? []
        if candidates.count == 1 {
            return .found(ImageModel.build(candidates[0].file), .folderName(reference.name))
        }
        if candidates.count > 1 { return .ambiguous(candidates.map(\.displayPath).sorted()) }
        // One repository for every service, the service in the tag after its version
        // (`ghcr.io/org/demo:1.12.0-product-catalog`): the longest suffix that names a folder wins.
        if let tag = reference.tag {
            let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
            for start in parts.indices.dropFirst() {
                let name = parts[start...].joined(separator: "-")
                let found = byFolderName[name] ?? []
                if found.count == 1 { return .found(ImageModel.build(found[0].file), .tagSuffix(name)) }
                if found.count > 1 { return .ambiguous(found.map(\.displayPath).sorted()) }
            }
        }
        return .none
    }

    /// What the build recipes of the run say builds `reference`: one Dockerfile (several recipes may
    /// agree on it), or a tool that builds without one.
    private func fromRecipe(_ reference: ImageReference) -> Found? {
        guard let candidates = recipes[reference.normalizedRepository] ?? recipesByName[reference.name], !candidates.isEmpty else { return nil }
        let withDockerfile = candidates.filter { $0.dockerfile != nil && byAbsolutePath[$0.dockerfile!] != nil }
        let paths = Set(withDockerfile.map { $0.dockerfile! })
        if paths.count > 1 { return .ambiguous(paths.compactMap { byAbsolutePath[$0]?.displayPath }.sorted()) }
        if let recipe = withDockerfile.first, let entry = byAbsolutePath[recipe.dockerfile!] {
            return .found(ImageModel.build(entry.file, target: recipe.recipe.target), .recipe(recipe.recipe.tool, origin: recipe.origin, language: recipe.recipe.language))
        }
        guard let recipe = candidates.first(where: { $0.recipe.dockerfile == nil }) else { return nil }
        let span = Span(start: Mark(line: recipe.recipe.line, column: 1, offset: 0), end: Mark(line: recipe.recipe.line, column: 1, offset: 0))
        switch recipe.recipe.tool {
        case .jib:
            // Jib's entry point runs java directly: JAVA_TOOL_OPTIONS and jvmFlags reach it, JAVA_OPTS does not.
            let entrypoint = [TracedText(synthetic: "java")] + recipe.recipe.jvmFlags
                + ["-cp", "@/app/jib-classpath-file", "@/app/jib-main-class-file"].map { TracedText(synthetic: $0) }
            let model = ImageModel.synthetic(path: recipe.displayPath, base: recipe.recipe.baseImage ?? "eclipse-temurin", entrypoint: entrypoint, at: span)
            return .found(model, .recipe(.jib, origin: recipe.origin, language: recipe.recipe.language))
        case .ko:
            let model = ImageModel.synthetic(path: recipe.displayPath, base: recipe.recipe.baseImage ?? "cgr.dev/chainguard/static",
                                             entrypoint: [TracedText(synthetic: "/ko-app/app")], at: span)
            return .found(model, .recipe(.ko, origin: recipe.origin, language: recipe.recipe.language))
        default:
            let model = ImageModel.synthetic(path: recipe.displayPath, base: recipe.recipe.baseImage ?? "", entrypoint: [], at: span)
            return .found(model, .recipe(recipe.recipe.tool, origin: recipe.origin, language: recipe.recipe.language))
        }
    }

    static let maxChainDepth = 8

    /// Follows `FROM org/base` to the Dockerfile of the run that builds it, by the same rules, up
    /// to `maxChainDepth`: the image inherits what Docker would (ENV, ENTRYPOINT, CMD, SHELL,
    /// packages). Images the catalogue knows (`eclipse-temurin`, `node`) are never looked for in
    /// the repository. A cycle stops the walk and is returned, for `-v` and explain.
    private func followingBases(of model: ImageModel) -> (ImageModel, cycle: [String]?) {
        var bases: [ImageModel] = []
        var visited = [model.path]
        var current = model
        var cycle: [String]?
        for _ in 0..<Self.maxChainDepth {
            let base = ImageReference(current.baseImage.text)
            guard !base.reference.isEmpty, catalogue?.match(base) == nil, case .found(let parent, _) = find(base) else { break }
            if visited.contains(parent.path) {
                cycle = visited + [parent.path]
                break
            }
            visited.append(parent.path)
            bases.append(parent)
            current = parent
        }
        guard var folded = bases.last else { return (model, cycle) }
        for base in bases.dropLast().reversed() { folded = base.inheriting(folded) }
        return (model.inheriting(folded), cycle)
    }
}
