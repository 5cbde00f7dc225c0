import MemlintKubernetes

/// A rule: its description and a check. Rules are values with no state of their own; what they
/// need comes in the context, so the runner may call them from several threads at once.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    init()
    /// The rule as a container rule or a file rule, for the runner. Requirements with defaults
    /// below, so the answer is fixed when the rule conforms: `as? any ContainerRule` would ask the
    /// runtime to scan every conformance record of the binary, at start-up, once per rule.
    var asContainerRule: (any ContainerRule)? { get }
    var asFileRule: (any FileRule)? { get }
}

extension Rule {
    public var asContainerRule: (any ContainerRule)? { nil }
    public var asFileRule: (any FileRule)? { nil }
}

/// Checks one container at a time (the usual case). Ephemeral containers never reach rules: they
/// cannot set resources and are debugging shells.
public protocol ContainerRule: Rule {
    func check(_ container: ContainerContext, _ sink: inout DiagnosticSink)
    /// True for rules that also make sense for an image on its own: a Dockerfile that no workload in
    /// the run uses is checked as an image-only container (no limit, no manifest).
    static var checksImagesWithoutWorkload: Bool { get }
}

extension ContainerRule {
    public var asContainerRule: (any ContainerRule)? { self }
    public static var checksImagesWithoutWorkload: Bool { false }
}

/// Checks one input file as a whole (syntax errors, objects that are not workloads).
public protocol FileRule: Rule {
    func check(_ file: FileContext, _ sink: inout DiagnosticSink)
}

extension FileRule {
    public var asFileRule: (any FileRule)? { self }
}

/// A group of rules for one domain (Kubernetes, a runtime). The unit of plug-in: a pack lives in
/// `Rules/<Pack>/`, depends only on the engine and the models, and is listed once in `MemlintPacks`.
public struct RulePack: Sendable {
    public var name: String
    /// The prefix of every code in the pack (`K8S`).
    public var codePrefix: String
    public var rules: [any Rule.Type]
    /// The runtimes the pack knows (none for Kubernetes-wide packs): detection, settings, budget.
    public var runtimes: [any RuntimeDescriptor]
    /// The pack's part of the image catalogue: YAML in the `images:` entry format, embedded at
    /// build time (`Rules/<Pack>/images.yml`), and the path it is shown under.
    public var catalogue: (path: String, bytes: [UInt8])?

    public init(name: String, codePrefix: String, rules: [any Rule.Type], runtimes: [any RuntimeDescriptor] = [],
                catalogue: (path: String, bytes: [UInt8])? = nil) {
        self.name = name
        self.codePrefix = codePrefix
        self.rules = rules
        self.runtimes = runtimes
        self.catalogue = catalogue
    }
}

/// Collects a rule's findings and stamps them with its code, name, configured severity and the
/// container they are about.
public struct DiagnosticSink: Sendable {
    let code: String
    let name: String
    let severity: Severity
    let path: String
    let container: ResolvedContainer?
    public internal(set) var diagnostics: [Diagnostic] = []

    init(description: RuleDescription, severity: Severity, path: String, container: ResolvedContainer? = nil) {
        self.code = description.code
        self.name = description.name
        self.severity = severity
        self.path = path
        self.container = container
    }

    /// Reports a finding at `span` of the file being checked.
    public mutating func report(_ message: String, at span: Span, related: [RelatedLocation] = [], fix: String? = nil,
                                atMost: Severity? = nil, edit: Fix? = nil) {
        report(message, at: SourceLocation(path: path, span: span), related: related, fix: fix, atMost: atMost, edit: edit)
    }

    /// Reports a finding at a location that may be in another file (a Dockerfile, a ConfigMap).
    /// `atMost` lowers the severity for a milder case of the rule; it never raises the configured one.
    public mutating func report(_ message: String, at location: SourceLocation, related: [RelatedLocation] = [], fix: String? = nil,
                                atMost: Severity? = nil, edit: Fix? = nil) {
        let about = container.flatMap { $0.isImageOnly ? nil : ($0.spec, $0.workload) }
        record(message, at: location, related: related, fix: fix, atMost: atMost, about: about, edit: edit)
    }

    /// Reports, from a file rule, a finding about one container of the file.
    public mutating func report(_ message: String, at span: Span, about container: Container, of workload: Workload, fix: String? = nil,
                                edit: Fix? = nil) {
        record(message, at: SourceLocation(path: path, span: span), related: [], fix: fix, atMost: nil, about: (container, workload), edit: edit)
    }

    /// The one way a finding is made: about a container, it names the container (with the workload's
    /// file when the location is elsewhere) and a value the container reaches through a YAML alias
    /// is reported at the alias, its own line, with the anchor as a related location.
    private mutating func record(_ message: String, at location: SourceLocation, related: [RelatedLocation], fix: String?,
                                 atMost: Severity?, about: (spec: Container, workload: Workload)?, edit: Fix?) {
        var message = message
        var location = location
        var related = related
        if let about {
            if location.path == path, let use = Self.alias(covering: location.span.start, in: about.spec.aliases) {
                related.insert(RelatedLocation(location, "value written here, at the anchor the alias refers to"), at: 0)
                location = SourceLocation(path: path, span: use.alias)
            }
            let subject = about.spec.subject(in: about.workload)
            message += location.path == path ? " (\(subject))" : " (\(subject) in \(path))"
        }
        diagnostics.append(Diagnostic(
            code: code, name: name, severity: min(severity, atMost ?? severity), message: message, location: location,
            related: related, fix: fix, workload: about?.workload.meta.displayName, container: about?.spec.displayName,
            workloadPath: about == nil ? nil : path, edit: edit))
    }

    /// The innermost alias whose anchored value holds `mark`.
    static func alias(covering mark: Mark, in aliases: [AliasUse]) -> AliasUse? {
        aliases.filter { $0.target.start <= mark && mark < $0.target.end }
            .min { ($0.target.end.offset - $0.target.start.offset) < ($1.target.end.offset - $1.target.start.offset) }
    }

    /// A location in the file being checked, for related spans.
    public func here(_ span: Span) -> SourceLocation { SourceLocation(path: path, span: span) }
}
