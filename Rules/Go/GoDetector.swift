import MemlintEngine

/// Go binaries are static and run from `scratch` or distroless images, so the strongest sign is a
/// `golang` build stage in the Dockerfile; the runtime's own variables are the other.
struct GoDetector: RuntimeDetector {
    let runtime = "go"

    static let buildImages = ["golang", "*/golang", "tinygo/tinygo"]
    static let minimalFinals = ["scratch", "gcr.io/distroless/static*", "gcr.io/distroless/base*", "cgr.dev/chainguard/static*", "alpine", "busybox"]
    static let variables = ["GOMEMLIMIT", "GOGC", "GOMAXPROCS", "GODEBUG"]

    func evidence(for subject: RuntimeSubject) -> [RuntimeEvidence] {
        var found: [RuntimeEvidence] = []
        let buildStage = subject.stageImages.first { stage in Self.buildImages.contains { ImageReference.wildcard($0, matches: stage.normalizedRepository) } }
        if let buildStage {
            let final = subject.baseImage?.normalizedRepository ?? ""
            let minimal = Self.minimalFinals.contains { ImageReference.wildcard($0, matches: final) }
            found.append(RuntimeEvidence(weight: minimal ? 3 : 2, "Go build stage \(buildStage.raw)\(minimal ? " with a \(final) final stage" : "")"))
        } else if let image = subject.imageMatching(Self.buildImages) {
            found.append(RuntimeEvidence(weight: 2, "Go image \(image.raw)"))
        }
        let names = Self.variables.filter(subject.environmentNames.contains)
        if !names.isEmpty { found.append(RuntimeEvidence(weight: names.contains("GOMEMLIMIT") ? 2 : 1, "environment \(names.joined(separator: ", "))")) }
        return found
    }
}
