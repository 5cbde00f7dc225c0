import Foundation
import MemlintDockerfile

/// A container image tied to the Dockerfile that builds it.
public struct LinkedImage: Sendable {
    public var model: ImageModel
    /// How the link was made, for `-v` and explain: "images entry in .lint.yml", "skaffold.yaml", "folder name".
    public var via: String
}

/// Ties image references to Dockerfiles: `.lint.yml` `images` entries first, then a skaffold.yaml
/// artifact, then a Dockerfile whose folder is named like the image (`…/cart:2.4` ↔ `cart/Dockerfile`).
/// Only an unambiguous heuristic links; several candidates are reported instead.
struct ImageLinker {
    enum Outcome: Sendable {
        case linked(LinkedImage)
        case ambiguous([String])
        case none
    }

    struct DockerfileEntry {
        var displayPath: String
        var absolutePath: String
        var file: Dockerfile
    }

    private var byAbsolutePath: [String: DockerfileEntry] = [:]
    private var byFolderName: [String: [DockerfileEntry]] = [:]
    private let mappings: [ImageMapping]
    /// skaffold artifacts: image repository → absolute Dockerfile path and target stage.
    private var skaffold: [String: (path: String, target: String?)] = [:]

    init(dockerfiles: [DockerfileEntry], configuration: Configuration?, skaffold artifacts: [(SkaffoldArtifact, skaffoldPath: String)]) {
        mappings = configuration?.images ?? []
        for entry in dockerfiles { add(entry) }
        for (artifact, skaffoldPath) in artifacts {
            let folder = URL(fileURLWithPath: skaffoldPath).deletingLastPathComponent()
            let dockerfile = folder.appendingPathComponent(artifact.context).appendingPathComponent(artifact.dockerfile).standardizedFileURL.path
            skaffold[ImageReference(artifact.image.value).repository] = (dockerfile, artifact.target)
        }
        // Dockerfiles named in .lint.yml or skaffold.yaml but outside the scanned paths are read now.
        let wanted = mappings.compactMap(\.dockerfile) + skaffold.values.map(\.path)
        for path in wanted where byAbsolutePath[path] == nil {
            guard let entry = Self.load(path) else { continue }
            byAbsolutePath[path] = entry
        }
    }

    private mutating func add(_ entry: DockerfileEntry) {
        byAbsolutePath[entry.absolutePath] = entry
        let folder = URL(fileURLWithPath: entry.absolutePath).deletingLastPathComponent().lastPathComponent
        byFolderName[folder, default: []].append(entry)
    }

    private static func load(_ absolutePath: String) -> DockerfileEntry? {
        guard let data = FileManager.default.contents(atPath: absolutePath),
              case .success(let text) = SourceText.decode(Array(data)) else { return nil }
        let display = FileDiscovery.displayPath(absolutePath, cwd: FileManager.default.currentDirectoryPath)
        guard case .success(let file) = DockerfileParser.parse(text, path: display) else { return nil }
        return DockerfileEntry(displayPath: display, absolutePath: absolutePath, file: file)
    }

    func link(_ image: String) -> Outcome {
        let reference = ImageReference(image)
        for mapping in mappings {
            guard let dockerfile = mapping.dockerfile, mapping.match.matchesImage(image) else { continue }
            if let entry = byAbsolutePath[dockerfile] {
                return .linked(LinkedImage(model: ImageModel.build(entry.file, target: mapping.target), via: "images entry in .lint.yml"))
            }
        }
        if let (path, target) = skaffold[reference.repository], let entry = byAbsolutePath[path] {
            return .linked(LinkedImage(model: ImageModel.build(entry.file, target: target), via: "skaffold.yaml artifact"))
        }
        let candidates = byFolderName[reference.name] ?? []
        if candidates.count == 1 {
            return .linked(LinkedImage(model: ImageModel.build(candidates[0].file), via: "folder name '\(reference.name)'"))
        }
        if candidates.count > 1 { return .ambiguous(candidates.map(\.displayPath).sorted()) }
        return .none
    }
}

extension Glob {
    /// Image references contain `/` and `:`; match them as whole strings with `*` crossing both.
    func matchesImage(_ image: String) -> Bool {
        ImageReference.wildcard(pattern, matches: image) || ImageReference.wildcard(pattern, matches: ImageReference(image).repository)
    }
}
