import MemlintYAML
import MemlintKubernetes
/// A runtime's id as `.lint.yml` and annotations write it (`jvm`, `go`, `node`, `python`). Only
/// runtime descriptors create them; everything else compares ids, never spelled names.
public struct RuntimeID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// What a runtime pack knows about its runtime: the one place its name is written. The resolution
/// stage asks it whether a container runs the runtime and, when it does, for the runtime's parsed
/// settings (flags, budget); `.lint.yml` and annotations are checked against the registered ids.
public protocol RuntimeDescriptor: Sendable {
    var id: RuntimeID { get }
    /// For messages and docs ("JVM", "Node.js").
    var displayName: String { get }
    /// Assumptions shared by the runtime's rules and its budget, set under `runtimes: {<id>: …}` in
    /// `.lint.yml` and per workload with `<id>.memlint.io/<key>` annotations.
    var parameters: [ParameterDescription] { get }
    func evidence(for subject: RuntimeSubject) -> [RuntimeEvidence]
    /// The runtime's view of a container that runs it, computed once per container.
    func settings(for container: ResolvedContainer, parameters: ParameterValues) -> any RuntimeSettings
    /// The fields the runtime adds to the rule model under `runtime.<id>` (docs/custom-rules.md).
    var modelFields: [ModelField] { get }
}

extension RuntimeDescriptor {
    public var parameters: [ParameterDescription] { [] }
    public var modelFields: [ModelField] { [] }
}

/// A runtime pack's parsed settings of one container (options, budget), kept in `ResolvedContainer`.
public protocol RuntimeSettings: Sendable {
    /// The memory budget `memlint explain` prints and budget rules compare, when the pack has one.
    var budget: MemoryBudget? { get }
    /// The model's figures by name (`maxHeap`, `starts`, …), as `memlint debug runtime` prints them
    /// for the truth lab to compare with the real runtime.
    var facts: [String: String] { get }
    /// The values of the runtime's model fields for this container.
    var modelEntries: [ModelEntry] { get }
}

extension RuntimeSettings {
    public var facts: [String: String] { [:] }
    public var modelEntries: [ModelEntry] { [] }
}

/// What a runtime pack's detector looks at: the container's image, its Dockerfile's base images,
/// the real command, and the names of its environment variables.
public struct RuntimeSubject: Sendable {
    /// The container's `image:`.
    public var image: ImageReference?
    /// The external image at the bottom of the final stage's chain, from the linked Dockerfile.
    public var baseImage: ImageReference?
    /// External base images of all stages (a `golang` build stage shows here).
    public var stageImages: [ImageReference]
    /// The real command (after unwrapping `sh -c` and init wrappers).
    public var command: [String] { didSet { executable = Self.fileName(command.first) } }
    public var environmentNames: Set<String>
    /// What the catalogue (or `.lint.yml`) says of the image and of the base image.
    public var catalogue: [MatchedImage]
    /// Packages the linked Dockerfile (and the base images it is built on) install with RUN, lower-cased.
    public var installedPackages: [String] = []
    /// The language of the project a build tool (Jib, ko, buildpacks) built the image from.
    public var buildLanguage: String?
    /// A catalogue launcher named as the command (`catalina.sh`): the runtime its entry says it starts.
    public var launcherCommand: (runtime: RuntimeChoice, reason: String)?

    public init(image: ImageReference?, baseImage: ImageReference?, stageImages: [ImageReference], command: [String],
                environmentNames: Set<String>, catalogue: [MatchedImage] = []) {
        self.catalogue = catalogue
        executable = Self.fileName(command.first)
        self.image = image
        self.baseImage = baseImage
        self.stageImages = stageImages
        self.command = command
        self.environmentNames = environmentNames
    }

    /// The file name of the real command.
    public private(set) var executable: String?

    static func fileName(_ path: String?) -> String? {
        guard let path else { return nil }
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(path[path.utf8.index(after: slash)...])
    }

    /// The base image or the container image, whichever first matches one of `patterns`.
    public func imageMatching(_ patterns: ImagePatterns) -> ImageReference? {
        [baseImage, image].compactMap { $0 }.first { patterns.matches($0) }
    }

    /// The first installed package `matches` accepts, as evidence of `weight`.
    public func installEvidence(_ runtimeName: String, weight: Int, _ matches: (String) -> Bool) -> [RuntimeEvidence] {
        guard let package = installedPackages.first(where: matches) else { return [] }
        return [RuntimeEvidence(weight: weight, "the Dockerfile installs \(package) (\(runtimeName))")]
    }

    /// The usual evidence besides the catalogue's images (which `DetectedRuntime.choose` adds): its
    /// command (3) and variables it reads (1).
    public func standardEvidence(runtimeName: String, isCommand: (String) -> Bool, variables: [String]) -> [RuntimeEvidence] {
        var found: [RuntimeEvidence] = []
        if let command = executable, isCommand(command) { found.append(RuntimeEvidence(weight: 3, "command \(command)")) }
        let names = variables.filter(environmentNames.contains)
        if !names.isEmpty { found.append(RuntimeEvidence(weight: 1, "environment \(names.joined(separator: ", "))")) }
        return found
    }
}

/// One reason to think a container runs a runtime.
public struct RuntimeEvidence: Sendable, CustomStringConvertible {
    /// 3 for what settles it (a `java` command, an `eclipse-temurin` base), 2 for strong hints,
    /// 1 for hints (a `JAVA_TOOL_OPTIONS` variable).
    public var weight: Int
    public var reason: String

    public init(weight: Int, _ reason: String) {
        self.weight = weight
        self.reason = reason
    }

    public var description: String { reason }
}

/// What the user declared a container runs (`.lint.yml` `images[].runtime`, `memlint.io/runtime`
/// annotations): a registered runtime, or `none` to switch runtime rules off.
public enum RuntimeChoice: Sendable, Equatable {
    case runtime(RuntimeID)
    case none

    public static let noneName = "none"

    /// Parses `text` against the registered runtimes; nil when it names none of them.
    public init?(_ text: String, registered: [RuntimeID]) {
        if text == Self.noneName { self = .none; return }
        guard let id = registered.first(where: { $0.rawValue == text }) else { return nil }
        self = .runtime(id)
    }

    /// Every accepted spelling, for "did you mean" and error messages.
    public static func spellings(_ registered: [RuntimeID]) -> [String] { registered.map(\.rawValue) + [noneName] }
}

/// The runtime memlint settled on for a container, and why.
public struct DetectedRuntime: Sendable {
    public enum Confidence: String, Sendable { case low, medium, high }

    public var id: RuntimeID
    public var confidence: Confidence
    public var evidence: [RuntimeEvidence]

    public init(id: RuntimeID, confidence: Confidence, evidence: [RuntimeEvidence]) {
        self.id = id
        self.confidence = confidence
        self.evidence = evidence
    }

    public var summary: String {
        "\(id) (\(confidence.rawValue): \(evidence.map(\.reason).joined(separator: "; ")))"
    }

    /// Picks the runtime with the most evidence; an override (`.lint.yml` or annotation) wins, and
    /// `none` means "do not treat this container as any runtime".
    static func choose(_ subject: RuntimeSubject, descriptors: [any RuntimeDescriptor],
                       override: (choice: RuntimeChoice, reason: String)?) -> DetectedRuntime? {
        if let override {
            guard case .runtime(let id) = override.choice else { return nil }
            return DetectedRuntime(id: id, confidence: .high, evidence: [RuntimeEvidence(weight: 3, override.reason)])
        }
        var best: DetectedRuntime?
        // A native image of the catalogue (`redis`, `busybox`) runs no runtime unless something settles it.
        let native = subject.catalogue.first.map { $0.image == subject.image && $0.facts.runtime == RuntimeChoice.none } ?? false
        var bestScore = native ? 2 : 0
        for descriptor in descriptors {
            var evidence = descriptor.evidence(for: subject)
            for match in subject.catalogue where match.facts.runtime == .runtime(descriptor.id) {
                evidence.insert(RuntimeEvidence(weight: 3, "\(match.summary) (\(match.facts.origin))"), at: 0)
                break
            }
            if let launcher = subject.launcherCommand, launcher.runtime == .runtime(descriptor.id) {
                evidence.append(RuntimeEvidence(weight: 3, launcher.reason))
            }
            let score = evidence.reduce(0) { $0 + $1.weight }
            guard score > bestScore else { continue }
            bestScore = score
            best = DetectedRuntime(id: descriptor.id, confidence: score >= 3 ? .high : score == 2 ? .medium : .low, evidence: evidence)
        }
        return best
    }
}
