import MemlintYAML
import MemlintKubernetes
/// One environment variable of a container as the process sees it, and where its value came from.
public struct EnvValue: Sendable {
    public enum Mechanism: Sendable, Equatable {
        /// `ENV` in the image's Dockerfile.
        case imageEnv
        /// `envFrom` a ConfigMap (or a Secret, whose values are never read).
        case envFrom(kind: String, name: String)
        /// `env[].value` in the manifest.
        case env
        case configMapKey(name: String, key: String)
        case secretKey(name: String, key: String)
        case fieldRef(String)
        /// Downward API, `resourceFieldRef`: derived from the container's own resources.
        case resourceField(resource: String, divisor: String)
        /// `NAME=value` in front of the command in a shell script.
        case shellAssignment
    }

    public var name: String
    /// nil when the variable is set but its value cannot be known statically (a Secret, a ConfigMap
    /// not in this run, a fieldRef, a resource without a limit).
    public var value: TracedText?
    public var mechanism: Mechanism
    /// Where it was set: the env entry, the ConfigMap value, the Dockerfile ENV instruction.
    public var location: SourceLocation

    public var describeOrigin: String {
        switch mechanism {
        case .imageEnv: "ENV in \(location.path)"
        case .envFrom(let kind, let name): "envFrom \(kind) \(name)"
        case .env: "env"
        case .configMapKey(let name, let key): "ConfigMap \(name) key \(key)"
        case .secretKey(let name, let key): "Secret \(name) key \(key)"
        case .fieldRef(let path): "fieldRef \(path)"
        case .resourceField(let resource, let divisor): "resourceFieldRef \(resource) (divisor \(divisor))"
        case .shellAssignment: "shell assignment"
        }
    }
}

/// The environment a container's process starts with: image `ENV` < `envFrom` < `env`.
public struct Environment: Sendable {
    public private(set) var names: [String] = []
    private var values: [String: EnvValue] = [:]
    /// Sources that may define variables memlint cannot see (a Secret or missing ConfigMap in `envFrom`).
    public var opaqueSources: [String] = []

    public init() {}

    public subscript(name: String) -> EnvValue? { values[name] }
    public var all: [EnvValue] { names.compactMap { values[$0] } }

    public mutating func set(_ value: EnvValue) {
        if values.updateValue(value, forKey: value.name) == nil { names.append(value.name) }
    }
}

/// What a container runs: its argv after Kubernetes' rules, its environment, and the real command
/// found inside shell and init wrappers.
public struct EffectiveProcess: Sendable {
    /// `command`/`args` over the image's ENTRYPOINT/CMD, with `$(VAR)` expanded.
    public var argv: [TracedText]
    /// False when part of argv comes from an image memlint has no Dockerfile for.
    public var argvKnown: Bool
    public var environment: Environment
    /// The command that really runs: argv with `sh -c "…"` scripts and init wrappers (tini,
    /// dumb-init, env) unwrapped, variables in scripts expanded.
    public var command: [TracedText]
    /// What was unwrapped to find `command`, outermost first (`sh -c`, `tini`).
    public var wrappers: [String]
    /// Variables a wrapper script expanded (`$JAVA_OPTS`): those reach the command even when the
    /// runtime itself never reads them.
    public var expandedVariables: Set<String> = []
    /// What the shell reader could not follow in a `sh -c` script (a loop, a function), for `-v`.
    public var shellNotes: [String] = []

    /// The file name of the real command (`java` for `/opt/java/bin/java`).
    public var executableName: String? { RuntimeSubject.fileName(command.first?.text) }
}
