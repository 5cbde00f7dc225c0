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
    /// Written on the container itself (not a default from the limit or a LimitRange).
    public var isOwn: Bool {
        if case .container = origin { return true }
        return false
    }
    public var location: SourceLocation
    public var origin: Origin

    public init(quantity: Quantity, location: SourceLocation, origin: Origin) {
        self.quantity = quantity
        self.location = location
        self.origin = origin
    }

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

/// The objects of the whole run that containers may refer to: ConfigMaps and LimitRanges by namespace.
public struct ClusterIndex: Sendable {
    public struct Entry<T: Sendable>: Sendable {
        public var path: String
        public var value: T
    }

    var configMaps: [String: Entry<ConfigMap>] = [:]
    var limitRanges: [String: [Entry<ContainerLimitRange>]] = [:]

    public init() {}

    public mutating func add(_ file: ManifestFile, path: String) {
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

/// Effective memory limit and request of a container, as the API server sees them after defaulting
/// (a request defaults to the container's own limit) and LimitRange admission (`default`,
/// `defaultRequest` of the namespace's `type: Container` items).
public enum MemoryDefaulting {
    public static func limit(of container: Container, in workload: Workload, path: String, index: ClusterIndex) -> ResolvedMemory? {
        if let own = container.resources.limits.memory {
            return resolve(own, path: path, origin: .container)
        }
        guard let range = index.limitRange(namespace: workload.meta.namespaceKey, supplying: \.defaultLimit),
              let value = range.value.defaultLimit else { return nil }
        return resolve(value, path: range.path, origin: .limitRange(range.value.meta))
    }

    public static func request(of container: Container, in workload: Workload, limit: ResolvedMemory?, path: String,
                               index: ClusterIndex) -> ResolvedMemory? {
        if let own = container.resources.requests.memory {
            return resolve(own, path: path, origin: .container)
        }
        // Defaulting copies only the container's own limit; a LimitRange then supplies its defaultRequest.
        if container.resources.limits.memory != nil {
            guard var copied = limit else { return nil }
            copied.origin = .defaultedFromLimit
            return copied
        }
        guard let range = index.limitRange(namespace: workload.meta.namespaceKey, supplying: \.defaultRequest),
              let value = range.value.defaultRequest else { return nil }
        return resolve(value, path: range.path, origin: .limitRange(range.value.meta))
    }

    private static func resolve(_ value: Located<String>, path: String, origin: ResolvedMemory.Origin) -> ResolvedMemory? {
        guard case .success(let quantity) = Quantity.parse(value.value), !quantity.isNegative else { return nil }
        return ResolvedMemory(quantity: quantity, location: SourceLocation(path: path, span: value.span), origin: origin)
    }
}
