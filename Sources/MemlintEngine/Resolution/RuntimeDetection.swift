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
    public var command: [String]
    public var environmentNames: Set<String>
    /// The base image's and the container image's repositories, normalised once (`imageMatching`).
    private let normalized: [(ImageReference, String)]

    public init(image: ImageReference?, baseImage: ImageReference?, stageImages: [ImageReference], command: [String],
                environmentNames: Set<String>) {
        self.image = image
        self.baseImage = baseImage
        self.stageImages = stageImages
        self.command = command
        self.environmentNames = environmentNames
        self.normalized = [baseImage, image].compactMap { $0 }.map { ($0, $0.normalizedRepository) }
    }

    /// The file name of the real command.
    public var executable: String? { command.first.map { $0.split(separator: "/").last.map(String.init) ?? $0 } }

    /// True when the container image or the Dockerfile's base image matches one of `patterns`
    /// (`*` wildcards, compared with Docker Hub's `library/` prefix removed). Returns the match.
    public func imageMatching(_ patterns: [String]) -> ImageReference? {
        for (reference, repository) in normalized where patterns.contains(where: { ImageReference.wildcard($0, matches: repository) }) {
            return reference
        }
        return nil
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

/// A pack's answer to "is this my runtime": evidence, possibly none.
public protocol RuntimeDetector: Sendable {
    /// The runtime's name as `.lint.yml` and annotations write it (`jvm`, `go`, `node`, `python`).
    var runtime: String { get }
    func evidence(for subject: RuntimeSubject) -> [RuntimeEvidence]
}

/// The runtime memlint settled on for a container, and why.
public struct DetectedRuntime: Sendable {
    public enum Confidence: String, Sendable { case low, medium, high }

    public var runtime: String
    public var confidence: Confidence
    public var evidence: [RuntimeEvidence]

    public var summary: String {
        "\(runtime) (\(confidence.rawValue): \(evidence.map(\.reason).joined(separator: "; ")))"
    }

    /// Picks the runtime with the most evidence; an override (`.lint.yml` or annotation) wins, and
    /// `none` means "do not treat this container as any runtime".
    static func choose(_ subject: RuntimeSubject, detectors: [any RuntimeDetector], override: (runtime: String, reason: String)?) -> DetectedRuntime? {
        if let override {
            if override.runtime == "none" { return nil }
            return DetectedRuntime(runtime: override.runtime, confidence: .high, evidence: [RuntimeEvidence(weight: 3, override.reason)])
        }
        var best: DetectedRuntime?
        var bestScore = 0
        for detector in detectors {
            let evidence = detector.evidence(for: subject)
            let score = evidence.reduce(0) { $0 + $1.weight }
            guard score > bestScore else { continue }
            bestScore = score
            best = DetectedRuntime(runtime: detector.runtime, confidence: score >= 3 ? .high : score == 2 ? .medium : .low, evidence: evidence)
        }
        return best
    }
}

extension RuntimeSubject {
    /// The usual evidence: an image of the runtime (3), its command (3), variables it reads (1).
    public func standardEvidence(runtimeName: String, images: [String], isCommand: (String) -> Bool,
                                 variables: [String]) -> [RuntimeEvidence] {
        var found: [RuntimeEvidence] = []
        if let image = imageMatching(images) { found.append(RuntimeEvidence(weight: 3, "\(runtimeName) image \(image.raw)")) }
        if let command = executable, isCommand(command) { found.append(RuntimeEvidence(weight: 3, "command \(command)")) }
        let names = variables.filter(environmentNames.contains)
        if !names.isEmpty { found.append(RuntimeEvidence(weight: 1, "environment \(names.joined(separator: ", "))")) }
        return found
    }
}
