import MemlintSource
import MemlintYAML

/// A kustomization file (`kustomization.yaml`, `kustomization.yml`, `Kustomization`) as far as
/// memlint needs it: what it builds on, what it patches and how it renames, each entry where it is
/// written. Remote resources (URLs, `git@`) are kept, so callers can say they were not followed.
public struct Kustomization: Sendable {
    public static let fileNames: Set<String> = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    public var isComponent = false
    /// `resources` and the older `bases`: files or folders, relative to the kustomization's folder.
    public var resources: [Located<String>] = []
    public var components: [Located<String>] = []
    public var patches: [KustomizePatch] = []
    /// The `images:` transformer.
    public var images: [ImageOverride] = []
    public var namePrefix: String?
    public var nameSuffix: String?
    public var namespace: String?
    /// Files `configMapGenerator` / `secretGenerator` read (`files` entries may be `key=path`).
    public var generatorInputs: [Located<String>] = []
    /// `helmCharts[].repo`: charts kustomize would pull over the network.
    public var remoteCharts: [Located<String>] = []
    /// `helmCharts:` — kustomize renders them only with `--enable-helm`.
    public var inflatesHelmCharts = false

    public struct ImageOverride: Sendable {
        public var name: String
        public var newName: Located<String>?
        public var newTag: Located<String>?
        public var digest: Located<String>?
        public var span: Span
    }

    /// Reads a kustomization document; nil when the document is not one (it has another `kind`, or
    /// nothing a kustomization has).
    public init?(_ document: Document, text: SourceText) {
        guard let root = document.root, document.kind(root) == .mapping else { return nil }
        let kind = document.string("kind", in: root)
        guard kind == nil || kind == "Kustomization" || kind == "Component" else { return nil }
        isComponent = kind == "Component"
        func list(_ key: StaticString) -> [Located<String>] {
            (document.value(key, in: root).flatMap(document.sequence) ?? []).compactMap { item in
                document.string(item).map { Located($0, document.span(item)) }
            }
        }
        resources = list("resources") + list("bases")
        components = list("components")
        namePrefix = document.string("namePrefix", in: root)
        nameSuffix = document.string("nameSuffix", in: root)
        namespace = document.string("namespace", in: root)
        for (key, style) in [("patches", KustomizePatch.Style.either), ("patchesStrategicMerge", .strategicMerge), ("patchesJson6902", .json6902)] {
            guard let entry = document.entry(named: key, in: root), let items = document.sequence(entry.value) else { continue }
            for item in items {
                if let patch = KustomizePatch(item, style: style, document: document, text: text) { patches.append(patch) }
            }
        }
        for item in document.value("images", in: root).flatMap(document.sequence) ?? [] {
            let node = document.resolve(item)
            guard let name = document.string("name", in: node) else { continue }
            func located(_ key: StaticString) -> Located<String>? {
                guard let value = document.value(key, in: node), let text = document.string(value) else { return nil }
                return Located(text, document.span(value), verbatimStart: ManifestExtractor.verbatimStart(of: value, text: text, document))
            }
            images.append(ImageOverride(name: name, newName: located("newName"), newTag: located("newTag"), digest: located("digest"),
                                        span: document.span(node)))
        }
        inflatesHelmCharts = document.value("helmCharts", in: root) != nil
        for chart in document.value("helmCharts", in: root).flatMap(document.sequence) ?? [] {
            if let repo = document.value("repo", in: chart), let text = document.string(repo) { remoteCharts.append(Located(text, document.span(repo))) }
        }
        for key: StaticString in ["configMapGenerator", "secretGenerator"] {
            for generator in document.value(key, in: root).flatMap(document.sequence) ?? [] {
                for field: StaticString in ["files", "envs"] {
                    for item in document.value(field, in: generator).flatMap(document.sequence) ?? [] {
                        guard let text = document.string(item) else { continue }
                        let path = text.split(separator: "=", maxSplits: 1).last.map(String.init) ?? text
                        generatorInputs.append(Located(path, document.span(item)))
                    }
                }
                if let env = document.value("env", in: generator), let text = document.string(env) {
                    generatorInputs.append(Located(text, document.span(env)))
                }
            }
        }
        let known = inflatesHelmCharts || !generatorInputs.isEmpty || !resources.isEmpty || !components.isEmpty || !patches.isEmpty || !images.isEmpty || namePrefix != nil
            || nameSuffix != nil || namespace != nil || kind != nil
        if !known { return nil }
    }

    /// A resource or component that kustomize fetches over the network.
    public static func isRemote(_ reference: String) -> Bool {
        reference.contains("://") || reference.hasPrefix("git@") || reference.hasPrefix("github.com/")
    }
}

/// One patch of a kustomization: a file or an inline text, its kind when the list says it, and its target.
public struct KustomizePatch: Sendable {
    public enum Style: Sendable { case strategicMerge, json6902, either }

    public var style: Style
    /// The file, relative to the kustomization's folder.
    public var path: Located<String>?
    /// An inline patch and where its first character sits in the kustomization, when the mapping of
    /// its lines is exact (a literal block scalar: line `n` of the text is line `line + n` of the
    /// file, every column shifted by `indent`).
    public var inline: (text: String, line: Int, indent: Int)?
    public var inlineSpan: Span?
    public var targetKind: String?
    public var targetName: String?
    /// Where the entry is written in the kustomization.
    public var span: Span

    init?(_ item: NodeID, style: Style, document: Document, text: SourceText) {
        self.style = style
        let node = document.resolve(item)
        span = document.span(node)
        if document.kind(node) == .scalar, let value = document.string(node) {
            if value.contains("\n") {
                setInline(value, node: node, document: document, text: text)
            } else {
                path = Located(value, document.span(node))
            }
            return
        }
        guard document.kind(node) == .mapping else { return nil }
        if let value = document.value("path", in: node), let text = document.string(value) { path = Located(text, document.span(value)) }
        if let value = document.value("patch", in: node), let patch = document.string(value) { setInline(patch, node: value, document: document, text: text) }
        if let target = document.value("target", in: node) {
            targetKind = document.string("kind", in: target)
            targetName = document.string("name", in: target)
        }
        if path == nil && inline == nil { return nil }
    }

    private mutating func setInline(_ value: String, node: NodeID, document: Document, text: SourceText) {
        let span = document.span(node)
        inlineSpan = span
        guard document.scalarStyle(node) == .literal else {
            inline = (value, -1, 0)
            return
        }
        // The content starts on the line after the `|` indicator; its indentation is that line's.
        let bytes = text.bytes
        var offset = span.start.offset
        while offset < bytes.count, bytes[offset] != 0x0A { offset += 1 }
        offset += 1
        var indent = 0
        while offset + indent < bytes.count, bytes[offset + indent] == 0x20 { indent += 1 }
        inline = (value, Int(span.start.line), indent)
    }
}
