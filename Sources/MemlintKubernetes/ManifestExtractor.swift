import MemlintYAML

/// Turns YAML documents into the Kubernetes model: objects, workloads with their containers,
/// ConfigMaps and LimitRanges. Documents without `apiVersion` and `kind` (Helm values, anchor
/// blocks) are skipped quietly; unknown kinds are recorded as objects and otherwise ignored.
public struct ManifestExtractor {
    public private(set) var file = ManifestFile()
    /// The file's text, for the places fixes insert at (`Container.envInsertion`); without it there are none.
    public var text: SourceText?

    public init() {}

    /// Adds one document's objects. `kind: List` (and any `…List` with `items`) is unpacked,
    /// without recursion on the input's depth.
    public mutating func add(_ document: Document) {
        file.documentCount += 1
        guard let root = document.root else { return }
        // Kustomizations, Compose files and workflows: no apiVersion, or kustomize's own. A Kubernetes
        // object (the common case) pays one lookup.
        let top = document.resolve(root)
        let apiVersion = document.kind(top) == .mapping ? document.string("apiVersion", in: top) : nil
        if apiVersion == nil || apiVersion!.hasPrefix("kustomize.config.k8s.io/") {
            file.kustomizePatches += kustomizePatches(top, in: document)
            file.buildRecipes += composeServices(top, in: document)
            let (recipes, scripts) = workflowSteps(top, in: document)
            file.buildRecipes += recipes
            file.buildScripts += scripts
        }
        var pending = [document.resolve(root)]
        while let node = pending.popLast() {
            guard document.kind(node) == .mapping,
                  let kindNode = document.value("kind", in: node),
                  let kind = document.string(kindNode), !kind.isEmpty,
                  let apiVersion = document.string("apiVersion", in: node) else { continue }
            if kind == "Config", apiVersion.hasPrefix("skaffold/") {
                let (artifacts, recipes) = skaffoldArtifacts(node, in: document)
                file.skaffoldArtifacts += artifacts
                file.buildRecipes += recipes
                continue
            }
            if kind.hasSuffix("List"), let items = document.value("items", in: node).flatMap(document.sequence) {
                pending.append(contentsOf: items.reversed().map(document.resolve))
                continue
            }
            let meta = metadata(of: node, kind: Located(kind, document.span(kindNode)), apiVersion: apiVersion, in: document)
            file.objects.append(meta)
            switch kind {
            case "ConfigMap": file.configMaps.append(configMap(node, meta: meta, in: document))
            case "LimitRange": file.limitRanges.append(contentsOf: limitRanges(node, meta: meta, in: document))
            default:
                if let location = PodSpecLocator.location(forKind: kind) {
                    if let workload = workload(node, meta: meta, location: location, in: document) {
                        file.workloads.append(workload)
                    }
                }
            }
        }
    }

    // MARK: Objects

    private func metadata(of node: NodeID, kind: Located<String>, apiVersion: String, in document: Document) -> ObjectMeta {
        let metadata = document.value("metadata", in: node)
        return ObjectMeta(
            apiVersion: apiVersion,
            kind: kind,
            name: metadata.flatMap { located("name", in: $0, document) },
            namespace: metadata.flatMap { located("namespace", in: $0, document) },
            labels: metadata.flatMap { document.value("labels", in: $0) }.map { stringMap($0, document).mapValues(\.value) } ?? [:],
            annotations: metadata.flatMap { document.value("annotations", in: $0) }.map { stringMap($0, document) } ?? [:],
            documentIndex: document.index,
            span: document.span(node))
    }

    private func workload(_ node: NodeID, meta: ObjectMeta, location: PodSpecLocator.Location, in document: Document) -> Workload? {
        guard let podSpec = document.value(at: location.podSpec, in: node).map(document.resolve),
              document.kind(podSpec) == .mapping else { return nil }
        let templateAnnotations = location.templateMetadata
            .flatMap { document.value(at: $0 + ["annotations"], in: node) }
            .map { stringMap($0, document) } ?? [:]
        var containers: [Container] = []
        let lists: [(StaticString, ContainerRole)] = [("initContainers", .initContainer), ("containers", .regular), ("ephemeralContainers", .ephemeral)]
        for (key, role) in lists {
            guard let items = document.value(key, in: podSpec).flatMap(document.sequence) else { continue }
            for written in items {
                let item = document.resolve(written)
                guard document.kind(item) == .mapping else { continue }
                var container = container(item, role: role, in: document)
                if document.aliasCount > 0 { container.aliases = Self.aliases(reaching: written, from: node, in: document) }
                containers.append(container)
            }
        }
        return Workload(meta: meta, templateAnnotations: templateAnnotations, containers: containers, podSpecSpan: document.span(podSpec))
    }

    private func container(_ node: NodeID, role: ContainerRole, in document: Document) -> Container {
        var role = role
        if role == .initContainer, document.string("restartPolicy", in: node) == "Always" { role = .sidecar }
        var resources = Resources()
        if let entry = document.entry("resources", in: node) {
            resources.keySpan = document.span(entry.key)
            resources.requests = resourceList("requests", in: entry.value, document)
            resources.limits = resourceList("limits", in: entry.value, document)
        }
        var container = Container(
            name: located("name", in: node, document),
            role: role,
            span: document.span(node),
            image: located("image", in: node, document),
            command: stringList("command", in: node, document),
            args: stringList("args", in: node, document),
            env: envVars(node, document),
            envFrom: envFrom(node, document),
            resources: resources)
        if let text { container.envInsertion = EnvInsertion.find(container: node, in: document, text: text) }
        return container
    }

    private func resourceList(_ key: StaticString, in resources: NodeID, _ document: Document) -> ResourceList {
        guard let entry = document.entry(key, in: resources) else { return ResourceList() }
        return ResourceList(
            memory: located("memory", in: entry.value, document),
            cpu: located("cpu", in: entry.value, document),
            keySpan: document.span(entry.key))
    }

    private func envVars(_ node: NodeID, _ document: Document) -> [EnvVar] {
        guard let items = document.value("env", in: node).flatMap(document.sequence) else { return [] }
        var result: [EnvVar] = []
        for item in items {
            guard let name = located("name", in: item, document) else { continue }
            let source: EnvSource
            if let valueNode = document.value("value", in: item), let text = document.string(valueNode), !document.isNull(valueNode) {
                source = .value(Located(text, document.span(valueNode), verbatimStart: Self.verbatimStart(of: valueNode, text: text, document)))
            } else if let from = document.value("valueFrom", in: item) {
                source = envSource(from, document)
            } else if let valueNode = document.value("value", in: item) {
                // `value:` with nothing: the variable is set to the empty string.
                source = .value(Located("", document.span(valueNode)))
            } else {
                // No value and no valueFrom: Kubernetes sets the variable to "".
                source = .value(Located("", name.span))
            }
            let end = document.isFlow(item) ? document.span(item).end : document.pairs(item).last.map { document.span($0.value).end }
            result.append(EnvVar(name: name, source: source, itemSpan: end.map { Span(start: document.span(item).start, end: $0) }))
        }
        return result
    }

    private func envSource(_ from: NodeID, _ document: Document) -> EnvSource {
        if let ref = document.value("configMapKeyRef", in: from),
           let name = located("name", in: ref, document), let key = located("key", in: ref, document) {
            return .configMapKey(name: name, key: key, optional: document.string("optional", in: ref) == "true")
        }
        if let ref = document.value("secretKeyRef", in: from),
           let name = located("name", in: ref, document), let key = located("key", in: ref, document) {
            return .secretKey(name: name, key: key)
        }
        if let ref = document.value("fieldRef", in: from), let path = located("fieldPath", in: ref, document) {
            return .fieldRef(path: path)
        }
        if let ref = document.value("resourceFieldRef", in: from), let resource = located("resource", in: ref, document) {
            return .resourceFieldRef(
                containerName: located("containerName", in: ref, document),
                resource: resource,
                divisor: located("divisor", in: ref, document))
        }
        return .unknown(document.span(from))
    }

    private func envFrom(_ node: NodeID, _ document: Document) -> [EnvFromSource] {
        guard let items = document.value("envFrom", in: node).flatMap(document.sequence) else { return [] }
        var result: [EnvFromSource] = []
        for item in items {
            let prefix = located("prefix", in: item, document)
            for (key, kind) in [("configMapRef", EnvFromSource.Kind.configMap), ("secretRef", .secret)] as [(StaticString, EnvFromSource.Kind)] {
                guard let ref = document.value(key, in: item), let name = located("name", in: ref, document) else { continue }
                result.append(EnvFromSource(
                    kind: kind, name: name, prefix: prefix,
                    optional: document.string("optional", in: ref) == "true",
                    span: document.span(item)))
            }
        }
        return result
    }

    private func configMap(_ node: NodeID, meta: ObjectMeta, in document: Document) -> ConfigMap {
        var data: [String: Located<String>] = [:]
        var keys: [String] = []
        if let dataNode = document.value("data", in: node) {
            for (key, value) in document.pairs(dataNode) {
                guard let name = document.string(key), let text = document.string(value) else { continue }
                let located = Located(text, document.span(value), verbatimStart: Self.verbatimStart(of: value, text: text, document))
                if data.updateValue(located, forKey: name) == nil { keys.append(name) }
            }
        }
        return ConfigMap(meta: meta, data: data, keys: keys)
    }

    private func limitRanges(_ node: NodeID, meta: ObjectMeta, in document: Document) -> [ContainerLimitRange] {
        guard let items = document.value(at: ["spec", "limits"], in: node).flatMap(document.sequence) else { return [] }
        var result: [ContainerLimitRange] = []
        for item in items where document.string("type", in: item) == "Container" {
            func memory(_ key: StaticString) -> Located<String>? {
                document.value(key, in: item).flatMap { located("memory", in: $0, document) }
            }
            let max = memory("max")
            let defaultLimit = memory("default") ?? max
            result.append(ContainerLimitRange(
                meta: meta, defaultLimit: defaultLimit,
                defaultRequest: memory("defaultRequest") ?? defaultLimit,
                max: max, min: memory("min")))
        }
        return result
    }

    /// The patch files of a kustomization (its `kind` and `apiVersion` are optional).
    private func kustomizePatches(_ root: NodeID, in document: Document) -> [String] {
        guard document.kind(root) == .mapping else { return [] }
        let kind = document.string("kind", in: root)
        guard kind == nil || kind == "Kustomization" || kind == "Component" else { return [] }
        var paths: [String] = []
        let lists = [document.value("patches", in: root), document.value("patchesStrategicMerge", in: root),
                     document.value("patchesJson6902", in: root)]
        for list in lists {
            for item in list.flatMap(document.sequence) ?? [] {
                let node = document.resolve(item)
                // A plain string is a path (an inline patch holds a newline); a mapping may have `path`.
                let path = document.kind(node) == .scalar ? document.string(node) : document.string("path", in: node)
                if let path, !path.contains("\n"), !path.isEmpty { paths.append(path) }
            }
        }
        return paths
    }

    /// Docker Compose: `services.<name>.build` (a context, or `{context, dockerfile, target}`) with `image`.
    private func composeServices(_ root: NodeID, in document: Document) -> [BuildRecipe] {
        guard document.kind(root) == .mapping, document.value("apiVersion", in: root) == nil,
              let services = document.value("services", in: root).map(document.resolve), document.kind(services) == .mapping else { return [] }
        var recipes: [BuildRecipe] = []
        for (_, service) in document.pairs(services) {
            let service = document.resolve(service)
            guard document.kind(service) == .mapping, let image = located("image", in: service, document),
                  let build = document.value("build", in: service).map(document.resolve) else { continue }
            let line = Int(image.span.start.line)
            if document.kind(build) == .scalar, let context = document.string(build) {
                recipes.append(BuildRecipe(tool: .compose, image: image.value, context: context, dockerfile: "Dockerfile", line: line))
            } else if document.kind(build) == .mapping {
                recipes.append(BuildRecipe(tool: .compose, image: image.value, context: document.string("context", in: build) ?? ".",
                                           dockerfile: document.string("dockerfile", in: build) ?? "Dockerfile",
                                           target: document.string("target", in: build), line: line))
            }
        }
        return recipes
    }

    /// GitHub Actions: `docker/build-push-action` steps (`context`, `file`, `tags`) and
    /// `docker build -t … -f …` in `run:` scripts.
    private func workflowSteps(_ root: NodeID, in document: Document) -> ([BuildRecipe], [BuildScript]) {
        guard document.kind(root) == .mapping, document.value("apiVersion", in: root) == nil,
              let jobs = document.value("jobs", in: root).map(document.resolve), document.kind(jobs) == .mapping else { return ([], []) }
        var recipes: [BuildRecipe] = []
        var scripts: [BuildScript] = []
        for (_, job) in document.pairs(jobs) {
            for step in document.value("steps", in: document.resolve(job)).flatMap(document.sequence) ?? [] {
                let step = document.resolve(step)
                guard document.kind(step) == .mapping else { continue }
                let line = Int(document.span(step).start.line)
                if let uses = document.string("uses", in: step), uses.hasPrefix("docker/build-push-action"),
                   let with = document.value("with", in: step).map(document.resolve) {
                    let context = document.string("context", in: with) ?? "."
                    // `file` is a path from the workspace (the repository root), not from the context.
                    let file = document.string("file", in: with)
                    for tag in tags(document.value("tags", in: with), in: document) {
                        recipes.append(BuildRecipe(tool: .workflow, image: tag, context: context, dockerfile: file ?? "Dockerfile",
                                                   dockerfileFromBase: file != nil, target: document.string("target", in: with),
                                                   base: .repositoryRoot, line: line))
                    }
                } else if let run = document.string("run", in: step) {
                    scripts.append(BuildScript(text: run, line: line, base: .repositoryRoot))
                }
            }
        }
        return (recipes, scripts)
    }

    /// `tags:` as a list, or a string with one tag per line or comma-separated.
    private func tags(_ node: NodeID?, in document: Document) -> [String] {
        guard let node else { return [] }
        if let items = document.sequence(node) { return items.compactMap { document.string($0) } }
        return (document.string(node) ?? "").split(whereSeparator: { $0 == "\n" || $0 == "," }).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// skaffold `build.artifacts`: Docker builds, and the builds without a Dockerfile (`jib`, `ko`,
    /// `buildpacks`) as build recipes of their kind.
    private func skaffoldArtifacts(_ node: NodeID, in document: Document) -> ([SkaffoldArtifact], [BuildRecipe]) {
        guard let items = document.value(at: ["build", "artifacts"], in: node).flatMap(document.sequence) else { return ([], []) }
        var artifacts: [SkaffoldArtifact] = []
        var recipes: [BuildRecipe] = []
        for item in items {
            guard let image = located("image", in: item, document) else { continue }
            let context = document.string("context", in: item) ?? "."
            let builder: BuildRecipe.Tool? = document.value("jib", in: item) != nil ? .jib
                : document.value("ko", in: item) != nil ? .ko : document.value("buildpacks", in: item) != nil ? .buildpacks : nil
            if let builder {
                recipes.append(BuildRecipe(tool: builder, image: image.value, context: context, dockerfile: nil, line: Int(image.span.start.line)))
                continue
            }
            let docker = document.value("docker", in: item)
            artifacts.append(SkaffoldArtifact(
                image: image,
                context: context,
                dockerfile: docker.flatMap { document.string("dockerfile", in: $0) } ?? "Dockerfile",
                target: docker.flatMap { document.string("target", in: $0) }))
        }
        return (artifacts, recipes)
    }

    // MARK: Helpers

    /// The aliases a container uses: inside its definition, and on the path from the workload to it
    /// (a container item, a `containers:` list or a pod spec written as an alias). Anchors are not
    /// followed into further aliases: one level is what manifests use.
    static func aliases(reaching item: NodeID, from workload: NodeID, in document: Document) -> [AliasUse] {
        var found: [AliasUse] = []
        func record(_ node: NodeID) {
            found.append(AliasUse(alias: document.span(node), target: document.span(document.resolve(node))))
        }
        // On the way: down the nodes that hold the item, any alias that is the item or stands for a node holding it.
        let mark = document.span(item).start
        func holds(_ node: NodeID) -> Bool { document.span(node).start <= mark && mark < document.span(node).end }
        var pending = [workload]
        while let node = pending.popLast() {
            for child in document.children(node) {
                if document.kind(child) == .alias {
                    if child == item || holds(document.resolve(child)) { record(child) }
                } else if child != item, holds(child) {
                    pending.append(child)
                }
            }
        }
        // Inside the definition.
        var inside = [document.resolve(item)]
        while let node = inside.popLast() {
            for child in document.children(node) {
                if document.kind(child) == .alias { record(child) } else { inside.append(child) }
            }
        }
        return found
    }

    /// A scalar under `key`, unless it is null.
    private func located(_ key: StaticString, in mapping: NodeID, _ document: Document) -> Located<String>? {
        guard let node = document.value(key, in: mapping), !document.isNull(node),
              let text = document.string(node) else { return nil }
        return Located(text, document.span(node), verbatimStart: Self.verbatimStart(of: node, text: text, document))
    }

    /// The position of the value's first character when the scalar is written on one line with
    /// every character standing for itself: plain, or quoted without escapes (escapes and folding
    /// make the value shorter than its source, so equal lengths prove a one-to-one mapping).
    public static func verbatimStart(of node: NodeID, text: String, _ document: Document) -> Mark? {
        let span = document.span(document.kind(node) == .alias ? document.resolve(node) : node)
        guard span.start.line == span.end.line, let style = document.scalarStyle(document.resolve(node)) else { return nil }
        let sourceLength = Int(span.end.column - span.start.column)
        let valueLength = text.unicodeScalars.count
        switch style {
        case .plain:
            return sourceLength == valueLength ? span.start : nil
        case .singleQuoted, .doubleQuoted:
            guard sourceLength == valueLength + 2 else { return nil }
            return Mark(line: Int(span.start.line), column: Int(span.start.column) + 1, offset: span.start.offset + 1)
        case .literal, .folded:
            return nil
        }
    }

    private func stringList(_ key: StaticString, in mapping: NodeID, _ document: Document) -> [Located<String>]? {
        guard let node = document.value(key, in: mapping), !document.isNull(node),
              let items = document.sequence(node) else { return nil }
        return items.compactMap { item in
            document.string(item).map { Located($0, document.span(item), verbatimStart: Self.verbatimStart(of: item, text: $0, document)) }
        }
    }

    private func stringMap(_ node: NodeID, _ document: Document) -> [String: Located<String>] {
        var result: [String: Located<String>] = [:]
        for (key, value) in document.pairs(node) {
            guard let name = document.string(key), let text = document.string(value) else { continue }
            result[name] = Located(text, document.span(value))
        }
        return result
    }
}
