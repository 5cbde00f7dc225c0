import MemlintDockerfile
import MemlintKubernetes
import MemlintResolution
import MemlintYAML

/// What a container rule sees: the resolved container (shared by every rule that checks it) and
/// the rule's own parameters.
public struct ContainerContext: Sendable {
    public let resolved: ResolvedContainer
    public let parameters: ParameterValues

    public init(resolved: ResolvedContainer, parameters: ParameterValues) {
        self.resolved = resolved
        self.parameters = parameters
    }

    public var path: String { resolved.path }
    public var workload: Workload { resolved.workload }
    /// The container as the manifest writes it.
    public var container: Container { resolved.spec }
    /// The effective memory limit: the container's own, or a LimitRange default of its namespace
    /// in this run. nil when none is known or the value does not parse.
    public var memoryLimit: ResolvedMemory? { resolved.memoryLimit }
    public var memoryRequest: ResolvedMemory? { resolved.memoryRequest }
    /// argv, environment and the real command, each value with its origin.
    public var process: EffectiveProcess { resolved.process }
    /// The Dockerfile that builds the container's image, when memlint could tie them.
    public var image: LinkedImage? { resolved.linkedImage }
    public var runtime: ResolvedRuntime? { resolved.runtime }
    /// A Dockerfile that no workload in the run uses, checked on its own: `workload` and `container`
    /// are stand-ins and there is no limit.
    public var isImageOnly: Bool { resolved.isImageOnly }

    public func here(_ span: Span) -> SourceLocation { SourceLocation(path: path, span: span) }

    /// An annotation on the object or its pod template (the template wins).
    public func annotation(_ key: String) -> Located<String>? { resolved.annotation(key) }

    /// The runtime pack's parsed settings, when the container runs that pack's runtime.
    public func settings<S: RuntimeSettings>(_ type: S.Type) -> S? { resolved.settings(type) }
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
    public let parameters: ParameterValues
    /// For a Helm chart's `Chart.yaml` or a kustomization: what kept it from being rendered, or how
    /// rendering failed (E007, E008). The locations may be in other files (a template helm names).
    public var renderProblems: [RenderProblem] = []
}
