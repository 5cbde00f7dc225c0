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
    /// The catalogue or `.lint.yml` entry of the container's image, and of the external base image
    /// its Dockerfile reaches.
    public internal(set) var imageMatch: MatchedImage?
    public internal(set) var baseImageMatch: MatchedImage?
    /// The product's start script or program that starts the process, when the catalogue knows one.
    public internal(set) var launcher: ActiveLauncher?
    /// Whether memlint knows what runs here, for the summary and `explain`.
    public internal(set) var coverage: RuntimeCoverage = .unknown
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

    /// A product the catalogue knows (Prometheus, Kafka), run from its vendor's image: not a runtime
    /// image (`golang`, `eclipse-temurin`) and not built from a Dockerfile of this repository.
    public var isThirdPartyProduct: Bool {
        guard linkedImage == nil, let facts = imageMatch?.facts, case .runtime = facts.runtime else { return false }
        if case .tag = facts.runtimeVersion { return false }
        return true
    }

    /// "jvm (high: …)", "none: a native program (Redis image redis:7 …)", "unknown (…what would settle it)".
    public var runtimeSummary: String {
        switch coverage {
        case .runtime: runtime?.detection.summary ?? "unknown"
        case .native(let reason): "none: a native program, no runtime rules (\(reason))"
        case .unknown: "unknown: \(settlement)"
        }
    }

    /// What would tell memlint the runtime of a container it could not recognise.
    public var settlement: String {
        let repository = image?.repository ?? "<image>"
        return "add to .lint.yml images: [{match: \"\(repository)*\", runtime: jvm|go|node|python|none}], or annotate the workload memlint.io/runtime.\(name): <runtime>"
    }

    /// The runtime pack's settings, when the container runs that pack's runtime.
    public func settings<S: RuntimeSettings>(_ type: S.Type) -> S? {
        // Every runtime's rules ask every container; comparing the type first spares the failing
        // casts, which cost the runtime's whole dynamic-cast search (2 % of a large run).
        guard let settings = runtime?.settings, Swift.type(of: settings) == S.self else { return nil }
        return settings as? S
    }
}

/// A launcher of the catalogue that starts this container's process, and what it does here.
public struct ActiveLauncher: Sendable {
    public var facts: LauncherFacts
    public var entry: ImageFacts
    /// "command catalina.sh", "entry point of tomcat:9.0".
    public var reason: String
    /// Whether this version of the product behaves so: nil when the image's tag cannot tell.
    public var applies: Bool?
    /// The argument that switched the launcher's defaults off (`--no-auto-gomemlimit`).
    public var optedOut: TracedText?
    /// The variable whose value replaces the launcher's default options (`KAFKA_HEAP_OPTS`).
    public var defaultsReplacedBy: String?

    public init(facts: LauncherFacts, entry: ImageFacts, reason: String, applies: Bool?, optedOut: TracedText?, defaultsReplacedBy: String?) {
        self.facts = facts
        self.entry = entry
        self.reason = reason
        self.applies = applies
        self.optedOut = optedOut
        self.defaultsReplacedBy = defaultsReplacedBy
    }

    /// The launcher's default options reach the runtime.
    public var passesOptions: Bool { facts.options != nil && applies == true && optedOut == nil && defaultsReplacedBy == nil }
    /// The launcher sets the runtime's memory limit from the container's.
    public var setsMemoryLimit: Bool { facts.memoryLimitRatio != nil && applies == true && optedOut == nil }

    /// The launcher is the command itself (`catalina.sh`), not an image's entry point.
    public var isCommand: Bool { reason.hasPrefix(ActiveLauncher.commandReason) }
    static let commandReason = "command "

    /// "Apache Kafka's kafka-server-start.sh".
    public var name: String { entry.product.map { "\($0)'s \(facts.name)" } ?? facts.name }
}

/// What memlint knows of a container's runtime.
public enum RuntimeCoverage: Sendable, Equatable {
    case runtime(RuntimeID)
    /// A native program (the catalogue or the user says `runtime: none`): no runtime rules apply.
    case native(String)
    case unknown

    /// "jvm", "native", "unknown": the summary's categories.
    public var category: String {
        switch self {
        case .runtime(let id): id.rawValue
        case .native: "native"
        case .unknown: "unknown"
        }
    }
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
