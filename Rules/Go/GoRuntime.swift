import MemlintEngine

/// Go binaries are static and run from `scratch` or distroless images, so the strongest sign is a
/// `golang` build stage in the Dockerfile; the runtime's own variables are the other.
struct GoRuntime: RuntimeDescriptor {
    static let id = RuntimeID("go")
    var id: RuntimeID { Self.id }
    let displayName = "Go"

    func settings(for container: ResolvedContainer, parameters: ParameterValues) -> any RuntimeSettings {
        GoSettings(container)
    }

    static let buildImages = ImagePattern.list(["golang", "**/golang", "tinygo/tinygo"])
    static let minimalFinals = ImagePattern.list(["scratch", "gcr.io/distroless/static*", "gcr.io/distroless/base*", "cgr.dev/chainguard/static*", "alpine", "busybox"])
    static let variables = ["GOMEMLIMIT", "GOGC", "GOMAXPROCS", "GODEBUG"]

    func evidence(for subject: RuntimeSubject) -> [RuntimeEvidence] {
        var found: [RuntimeEvidence] = []
        let buildStage = subject.stageImages.first { Self.buildImages.matches($0) }
        if let buildStage {
            let final = subject.baseImage?.normalizedRepository ?? ""
            let minimal = subject.baseImage.map(Self.minimalFinals.matches) ?? false
            found.append(RuntimeEvidence(weight: minimal ? 3 : 2, "Go build stage \(buildStage.raw)\(minimal ? " with a \(final) final stage" : "")"))
        } else if let image = subject.imageMatching(Self.buildImages) {
            found.append(RuntimeEvidence(weight: 2, "Go image \(image.raw)"))
        }
        if subject.buildLanguage == "go" { found.append(RuntimeEvidence(weight: 3, "built by ko from a Go module")) }
        found += subject.installEvidence("Go", weight: 2) { $0 == "golang" || $0.hasPrefix("golang-") || $0 == "go" }
        let names = Self.variables.filter(subject.environmentNames.contains)
        if !names.isEmpty { found.append(RuntimeEvidence(weight: names.contains("GOMEMLIMIT") ? 2 : 1, "environment \(names.joined(separator: ", "))")) }
        return found
    }
}
