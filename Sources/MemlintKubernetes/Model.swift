import MemlintYAML

/// A value read from a manifest, with the span of the text it came from.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var span: Span
    /// Where the value's first character is written, when every character of the value stands for
    /// itself in the source (one line, no escapes, no folding); nil otherwise.
    public var verbatimStart: Mark?

    public init(_ value: Value, _ span: Span, verbatimStart: Mark? = nil) {
        self.value = value
        self.span = span
        self.verbatimStart = verbatimStart
    }
}

extension Located where Value == String {
    /// The value as text whose characters keep their positions in `path` (exactly when the scalar
    /// is verbatim, else as a whole).
    public func traced(path: String) -> TracedText {
        if let start = verbatimStart { return TracedText(value, path: path, start: start) }
        return TracedText(value, from: SourceLocation(path: path, span: span))
    }
}

extension Located: Equatable where Value: Equatable {}

/// What an object is, and where its document and metadata are.
public struct ObjectMeta: Sendable {
    public var apiVersion: String
    public var kind: Located<String>
    public var name: Located<String>?
    /// nil when the manifest does not say: the namespace is then chosen at apply time
    /// (`kubectl apply -n …`), and memlint treats all such objects of a run as one namespace.
    public var namespace: Located<String>?
    public var labels: [String: String]
    public var annotations: [String: Located<String>]
    public var documentIndex: Int
    /// The whole object, from its first key to its end.
    public var span: Span

    public var displayName: String { "\(kind.value)/\(name?.value ?? "<unnamed>")" }
    public var namespaceKey: String { namespace?.value ?? "" }

    public init(apiVersion: String, kind: Located<String>, name: Located<String>?, namespace: Located<String>?,
                labels: [String: String], annotations: [String: Located<String>], documentIndex: Int, span: Span) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
        self.documentIndex = documentIndex
        self.span = span
    }
}

/// An object that runs containers: a Pod, a workload controller, a CronJob, a PodTemplate.
public struct Workload: Sendable {
    public var meta: ObjectMeta
    /// Annotations of the pod template (`spec.template.metadata.annotations`), empty for a Pod.
    public var templateAnnotations: [String: Located<String>]
    public var containers: [Container]
    /// The span of the pod spec mapping.
    public var podSpecSpan: Span

    public init(meta: ObjectMeta, templateAnnotations: [String: Located<String>], containers: [Container], podSpecSpan: Span) {
        self.meta = meta
        self.templateAnnotations = templateAnnotations
        self.containers = containers
        self.podSpecSpan = podSpecSpan
    }
}

public enum ContainerRole: String, Sendable {
    /// `spec.containers[]`
    case regular
    /// `spec.initContainers[]` without `restartPolicy: Always`: runs to completion before the others.
    case initContainer = "init"
    /// `spec.initContainers[]` with `restartPolicy: Always`: a long-running native sidecar.
    case sidecar
    /// `spec.ephemeralContainers[]`: may not set resources.
    case ephemeral
}

public struct Container: Sendable {
    public var name: Located<String>?
    public var role: ContainerRole
    /// The span of the container's mapping (its first key to its end).
    public var span: Span
    public var image: Located<String>?
    /// nil when the field is absent (the image's ENTRYPOINT stays); empty when it is an empty list.
    public var command: [Located<String>]?
    public var args: [Located<String>]?
    public var env: [EnvVar]
    public var envFrom: [EnvFromSource]
    public var resources: Resources
    /// Aliases in the container's definition, or on the way to it from its workload.
    public var aliases: [AliasUse] = []
    /// Where a new env variable goes, in the file's style (set when the manifest's text was given).
    public var envInsertion: EnvInsertion?

    public var displayName: String { name?.value ?? "<unnamed>" }

    /// "container 'server' of Deployment/adservice" ("init container …", "sidecar container …"), for messages.
    public func subject(in workload: Workload) -> String {
        let kind = switch role {
        case .regular: "container"
        case .initContainer: "init container"
        case .sidecar: "sidecar container"
        case .ephemeral: "ephemeral container"
        }
        return "\(kind) '\(displayName)' of \(workload.meta.displayName)"
    }

    public init(name: Located<String>?, role: ContainerRole, span: Span, image: Located<String>?, command: [Located<String>]?,
                args: [Located<String>]?, env: [EnvVar], envFrom: [EnvFromSource], resources: Resources) {
        self.name = name
        self.role = role
        self.span = span
        self.image = image
        self.command = command
        self.args = args
        self.env = env
        self.envFrom = envFrom
        self.resources = resources
    }
}

public struct EnvVar: Sendable {
    public var name: Located<String>
    public var source: EnvSource
    /// The entry as a list item: its first key to the end of its last value (for a flow mapping,
    /// through its `}`), what a fix removes.
    public var itemSpan: Span?

    public init(name: Located<String>, source: EnvSource, itemSpan: Span? = nil) {
        self.name = name
        self.source = source
        self.itemSpan = itemSpan
    }
}

public enum EnvSource: Sendable {
    case value(Located<String>)
    case configMapKey(name: Located<String>, key: Located<String>, optional: Bool)
    case secretKey(name: Located<String>, key: Located<String>)
    case fieldRef(path: Located<String>)
    case resourceFieldRef(containerName: Located<String>?, resource: Located<String>, divisor: Located<String>?)
    /// `valueFrom` with nothing memlint understands, or an env entry without a value at all.
    case unknown(Span)
}

public struct EnvFromSource: Sendable {
    public enum Kind: String, Sendable { case configMap, secret }
    public var kind: Kind
    public var name: Located<String>
    public var prefix: Located<String>?
    public var optional: Bool
    public var span: Span
}

public struct ResourceList: Sendable {
    public var memory: Located<String>?
    public var cpu: Located<String>?
    /// The span of the `requests:`/`limits:` key.
    public var keySpan: Span?

    public init(memory: Located<String>? = nil, cpu: Located<String>? = nil, keySpan: Span? = nil) {
        self.memory = memory
        self.cpu = cpu
        self.keySpan = keySpan
    }
}

public struct Resources: Sendable {
    /// The span of the `resources:` key, when present.
    public var keySpan: Span?
    public var requests = ResourceList()
    public var limits = ResourceList()

    public init() {}
}

/// A ConfigMap's `data`, for resolving `configMapKeyRef` and `envFrom` (secrets are never read).
public struct ConfigMap: Sendable {
    public var meta: ObjectMeta
    public var data: [String: Located<String>]
    /// Keys in document order, for `envFrom` (which imports all of them).
    public var keys: [String]
}

/// A LimitRange item of `type: Container` (after the API's own defaulting of the item:
/// `default` ← `max`, `defaultRequest` ← `default`).
public struct ContainerLimitRange: Sendable {
    public var meta: ObjectMeta
    public var defaultLimit: Located<String>?
    public var defaultRequest: Located<String>?
    public var max: Located<String>?
    public var min: Located<String>?
}

/// What one YAML file holds, once its documents are read. The syntax tree is gone by then:
/// rules work on this model.
public struct ManifestFile: Sendable {
    public var documentCount = 0
    public var objects: [ObjectMeta] = []
    public var workloads: [Workload] = []
    public var configMaps: [ConfigMap] = []
    public var limitRanges: [ContainerLimitRange] = []
    /// `build.artifacts` of skaffold.yaml files: which Dockerfile builds which image.
    public var skaffoldArtifacts: [SkaffoldArtifact] = []
    /// Files a kustomization names as patches (`patches[].path`, `patchesStrategicMerge`,
    /// `patchesJson6902[].path`), relative to its folder: fragments, not objects to lint alone.
    public var kustomizePatches: [String] = []
    /// Compose services, CI steps and skaffold artifacts that say how images are built.
    public var buildRecipes: [BuildRecipe] = []
    /// CI workflow `run:` scripts, for their `docker build` lines.
    public var buildScripts: [BuildScript] = []
    public init() {}

    /// Adds what a later chunk of the same file holds; its documents are numbered after these.
    public mutating func append(_ other: ManifestFile) {
        let shift = documentCount
        func shifted(_ meta: ObjectMeta) -> ObjectMeta {
            var meta = meta
            meta.documentIndex += shift
            return meta
        }
        documentCount += other.documentCount
        objects += other.objects.map(shifted)
        workloads += other.workloads.map { var w = $0; w.meta = shifted(w.meta); return w }
        configMaps += other.configMaps.map { var c = $0; c.meta = shifted(c.meta); return c }
        limitRanges += other.limitRanges.map { var l = $0; l.meta = shifted(l.meta); return l }
        skaffoldArtifacts += other.skaffoldArtifacts
        kustomizePatches += other.kustomizePatches
        buildRecipes += other.buildRecipes
        buildScripts += other.buildScripts
    }
}

/// One `build.artifacts[]` entry of a skaffold `Config`.
public struct SkaffoldArtifact: Sendable {
    /// The image name, without tag (`registry.example.com/shop/cart`).
    public var image: Located<String>
    /// `context`, relative to the skaffold.yaml folder (default `.`).
    public var context: String
    /// `docker.dockerfile`, relative to the context (default `Dockerfile`).
    public var dockerfile: String
    /// `docker.target`, the stage to build, if set.
    public var target: String?
}

/// A YAML alias used inside a container's definition (or on the way to it).
public struct AliasUse: Sendable {
    /// The alias (`*res`) as written.
    public var alias: Span
    /// The anchored node it stands for.
    public var target: Span
    public init(alias: Span, target: Span) {
        self.alias = alias
        self.target = target
    }
}
