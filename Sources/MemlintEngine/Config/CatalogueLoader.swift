import MemlintResolution
import MemlintSource
import MemlintYAML

/// Reads the packs' image catalogues (`Rules/<Pack>/images.yml`, embedded at build time) with the
/// same reader as `.lint.yml` `images:`, but stricter: every fact must name its source.
public enum CatalogueLoader {
    public static func load(_ packs: [RulePack]) -> (entries: [ImageFacts], errors: [ConfigError]) {
        let runtimes = packs.flatMap(\.runtimes).map(\.id)
        var entries: [ImageFacts] = []
        var errors: [ConfigError] = []
        for pack in packs {
            guard let (path, bytes) = pack.catalogue else { continue }
            guard case .success(let text) = SourceText.decode(bytes) else {
                errors.append(ConfigError(path: path, mark: .zero, message: "the catalogue is not UTF-8 text"))
                continue
            }
            let (documents, yamlErrors) = YAMLLoader(maxDepth: 64).loadAll(text)
            errors += yamlErrors.map { ConfigError(path: path, mark: $0.mark, message: "invalid YAML: \($0.message)") }
            for document in documents {
                guard let root = document.root else { continue }
                let reader = ImageEntryReader(runtimes: runtimes, requireSources: true, allowsLinks: false) { message, node in
                    errors.append(ConfigError(path: path, mark: document.start(node), message: message))
                }
                let items = document.pairs(root).first { document.string($0.0) == "images" }.flatMap { document.sequence($0.1) }
                guard let items else {
                    errors.append(ConfigError(path: path, mark: .zero, message: "a catalogue is a mapping with 'images:', a list of entries"))
                    continue
                }
                for item in items {
                    if let entry = reader.read(item, in: document, origin: "\(path):\(document.start(item).line)") { entries.append(entry.facts) }
                }
            }
        }
        return (entries, errors)
    }
}
