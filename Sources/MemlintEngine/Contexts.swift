import MemlintDockerfile
import MemlintKubernetes
import MemlintYAML

/// A container's memory limit or request after parsing and defaulting, with where it came from.
public struct ResolvedMemory: Sendable {
    public enum Origin: Sendable {
        /// Set on the container itself.
        case container
        /// Not set; the API server copies the container's own limit into the request.
        case defaultedFromLimit
        /// Not set; a LimitRange of the namespace supplies it at admission.
        case limitRange(ObjectMeta)
    }

    public var quantity: Quantity
    public var bytes: Int64 { quantity.roundedUp }
    public var location: SourceLocation
    public var origin: Origin

    /// "limit 512Mi" or "limit 512Mi (from LimitRange/defaults)", for messages.
    public func describe(_ what: String) -> String {
        switch origin {
        case .container: "\(what) \(quantity.text)"
        case .defaultedFromLimit: "\(what) \(quantity.text) (defaulted from the limit)"
        case .limitRange(let meta): "\(what) \(quantity.text) (default of \(meta.displayName))"
        }
    }

    /// The related location that explains this value.
    public func related(_ what: String) -> RelatedLocation {
        switch origin {
        case .container: RelatedLocation(location, "\(what) set here")
        case .defaultedFromLimit: RelatedLocation(location, "\(what) defaults to the limit set here")
        case .limitRange(let meta): RelatedLocation(location, "\(what) supplied by \(meta.displayName) for namespace '\(meta.namespace?.value ?? "(unspecified)")'")
        }
    }
}

/// What a container rule sees. The container's data is shared by every rule that checks it (one
/// object per container); only the rule's own parameters differ from rule to rule.
public struct ContainerContext: Sendable {
    final class State: @unchecked Sendable {
        let path: String
        let workload: Workload
        let container: Container
        let memoryLimit: ResolvedMemory?
        let memoryRequest: ResolvedMemory?
        let index: ClusterIndex
        let process: EffectiveProcess
        let image: LinkedImage?
        let imageCandidates: [String]
        let runtime: DetectedRuntime?
        let allParameters: [String: RuleParameters]
        let isImageOnly: Bool
        /// Analyses that several rules of a pack share, computed once per container. A container is
        /// checked on one thread, so the memo needs no lock.
        var memo: [ObjectIdentifier: Any] = [:]

        init(path: String, workload: Workload, container: Container, memoryLimit: ResolvedMemory?, memoryRequest: ResolvedMemory?,
             index: ClusterIndex, process: EffectiveProcess, image: LinkedImage?, imageCandidates: [String], runtime: DetectedRuntime?,
             allParameters: [String: RuleParameters], isImageOnly: Bool) {
            self.path = path
            self.workload = workload
            self.container = container
            self.memoryLimit = memoryLimit
            self.memoryRequest = memoryRequest
            self.index = index
            self.process = process
            self.image = image
            self.imageCandidates = imageCandidates
            self.runtime = runtime
            self.allParameters = allParameters
            self.isImageOnly = isImageOnly
        }
    }

    let state: State
    public let parameters: RuleParameters

    public var path: String { state.path }
    public var workload: Workload { state.workload }
    public var container: Container { state.container }
    /// The effective memory limit: the container's own, or a LimitRange default of its namespace
    /// in this run. nil when none is known or the value does not parse.
    public var memoryLimit: ResolvedMemory? { state.memoryLimit }
    public var memoryRequest: ResolvedMemory? { state.memoryRequest }
    public var index: ClusterIndex { state.index }
    /// argv, environment and the real command, each value with its origin.
    public var process: EffectiveProcess { state.process }
    /// The Dockerfile that builds the container's image, when memlint could tie them.
    public var image: LinkedImage? { state.image }
    /// Several Dockerfiles could build the image: their paths (nothing was linked).
    public var imageCandidates: [String] { state.imageCandidates }
    public var runtime: DetectedRuntime? { state.runtime }
    /// A Dockerfile that no workload in the run uses, checked on its own: `workload` and `container`
    /// are stand-ins and there is no limit.
    public var isImageOnly: Bool { state.isImageOnly }

    public func here(_ span: Span) -> SourceLocation { SourceLocation(path: path, span: span) }

    /// Parameters of the rule `code` (defaults when unknown), for assumptions shared across rules:
    /// a pack's budget reads them from the rule that owns them, even when that rule is off.
    public func parameters(of code: String) -> RuleParameters { state.allParameters[code] ?? RuleParameters() }

    /// An annotation on the object or its pod template (the template wins).
    public func annotation(_ key: String) -> Located<String>? {
        workload.templateAnnotations[key] ?? workload.meta.annotations[key]
    }

    /// The value `compute` makes for this container, computed on first use and shared by every rule
    /// (and the budget) that asks for the same type.
    public func shared<T>(_ type: T.Type, _ compute: () -> T) -> T {
        let key = ObjectIdentifier(type)
        if let value = state.memo[key] as? T { return value }
        let value = compute()
        state.memo[key] = value
        return value
    }

    func with(parameters: RuleParameters) -> ContainerContext {
        ContainerContext(state: state, parameters: parameters)
    }
}

/// What a file rule sees.
public struct FileContext: Sendable {
    public let path: String
    public let manifest: ManifestFile
    public let yamlErrors: [YAMLError]
    /// Why the file could not be read, when it could not.
    public let readError: String?
    /// For a Dockerfile: what it builds, or why it could not be parsed.
    public let image: ImageModel?
    public let dockerfileError: DockerfileError?
    public let parameters: RuleParameters
}

/// Parameter values of one rule, validated: defaults overlaid with `.lint.yml`.
public struct RuleParameters: Sendable {
    var values: [String: String]
    public init(_ values: [String: String] = [:]) { self.values = values }

    public func raw(_ key: String) -> String? { values[key] }
    public func double(_ key: String) -> Double { values[key].flatMap(Double.init) ?? 0 }
    public func int(_ key: String) -> Int { values[key].flatMap { Int($0) } ?? 0 }
    /// A size parameter in bytes.
    public func bytes(_ key: String) -> Int64 {
        guard let text = values[key], case .success(let q) = Quantity.parse(text) else { return 0 }
        return q.roundedUp
    }

    static func defaults(for description: RuleDescription) -> [String: String] {
        Dictionary(uniqueKeysWithValues: description.parameters.map { ($0.key, $0.defaultValue) })
    }
}

/// The objects of the whole run that containers may refer to: ConfigMaps and LimitRanges by namespace.
public struct ClusterIndex: Sendable {
    public struct Entry<T: Sendable>: Sendable {
        public var path: String
        public var value: T
    }

    var configMaps: [String: Entry<ConfigMap>] = [:]
    var limitRanges: [String: [Entry<ContainerLimitRange>]] = [:]

    public init() {}

    mutating func add(_ file: ManifestFile, path: String) {
        for map in file.configMaps {
            configMaps[Self.key(map.meta.namespaceKey, map.meta.name?.value ?? "")] = Entry(path: path, value: map)
        }
        for range in file.limitRanges {
            limitRanges[range.meta.namespaceKey, default: []].append(Entry(path: path, value: range))
        }
    }

    private static func key(_ namespace: String, _ name: String) -> String { namespace + "\u{0}" + name }

    public func configMap(namespace: String, name: String) -> Entry<ConfigMap>? {
        configMaps[Self.key(namespace, name)]
    }

    /// The first LimitRange item of the namespace that supplies `value`, in input order.
    public func limitRange(namespace: String, supplying value: KeyPath<ContainerLimitRange, Located<String>?>) -> Entry<ContainerLimitRange>? {
        limitRanges[namespace]?.first { $0.value[keyPath: value] != nil }
    }
}
