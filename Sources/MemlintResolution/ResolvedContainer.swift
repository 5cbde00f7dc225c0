import MemlintYAML
import MemlintDockerfile
import MemlintKubernetes

/// One container as it will really run: who it is, what image and Dockerfile build it, its
/// effective memory limit and request, its process (argv and environment, every value with its
/// origin) and its runtime with the runtime pack's parsed settings. Rules, `explain`, `check -v`
/// and reporters all read this one picture. Built once per container by `ContainerResolver`.
public final class ResolvedContainer: @unchecked Sendable {
    public enum Kind: String, Sendable {
        case app, initContainer = "init", sidecar
        /// A Dockerfile that no workload in the run uses, checked on its own: no limit, no manifest.
        case imageOnly
    }

    /// The file that holds the workload.
    public let path: String
    public let workload: Workload
    /// The container as the manifest writes it.
    public let spec: Container
    public let kind: Kind
    public let image: ImageReference?
    public let link: ImageLink
    /// After Kubernetes defaulting and LimitRange admission; nil when none is known or it does not parse.
    public let memoryLimit: ResolvedMemory?
    public let memoryRequest: ResolvedMemory?
    public let process: EffectiveProcess
    /// Set once by the resolver, before any rule sees the container.
    public internal(set) var runtime: ResolvedRuntime?
    /// Annotations for memlint that could not be read (an unknown runtime, a bad parameter value).
    public internal(set) var annotationProblems: [AnnotationProblem] = []

    init(path: String, workload: Workload, spec: Container, kind: Kind, image: ImageReference?, link: ImageLink,
         memoryLimit: ResolvedMemory?, memoryRequest: ResolvedMemory?, process: EffectiveProcess) {
        self.path = path
        self.workload = workload
        self.spec = spec
        self.kind = kind
        self.image = image
        self.link = link
        self.memoryLimit = memoryLimit
        self.memoryRequest = memoryRequest
        self.process = process
    }

    public var isImageOnly: Bool { kind == .imageOnly }
    public var name: String { spec.displayName }
    /// `Deployment/cart` (for an image-only container, the Dockerfile's path).
    public var workloadName: String { workload.meta.displayName }
    /// The Dockerfile that builds the image, when memlint could tie them.
    public var linkedImage: LinkedImage? { link.image }

    /// An annotation on the object or its pod template (the template wins).
    public func annotation(_ key: String) -> Located<String>? {
        workload.templateAnnotations[key] ?? workload.meta.annotations[key]
    }

    /// The runtime pack's settings, when the container runs that pack's runtime.
    public func settings<S: RuntimeSettings>(_ type: S.Type) -> S? { runtime?.settings as? S }
}

/// The runtime of a container, how it was decided, and what its pack parsed.
public struct ResolvedRuntime: Sendable {
    public var detection: DetectedRuntime
    public var id: RuntimeID { detection.id }
    /// nil when no descriptor is registered for the id.
    public var settings: (any RuntimeSettings)?
    /// The runtime's shared parameters for this container: `.lint.yml` `runtimes:`, then annotations.
    public var parameters: ParameterValues
    public var budget: MemoryBudget? { settings?.budget }
}

/// A memlint annotation whose value memlint cannot use, reported as E006.
public struct AnnotationProblem: Sendable {
    public var location: SourceLocation
    public var message: String
}
