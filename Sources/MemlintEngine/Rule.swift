import MemlintKubernetes

/// A rule: its description and a check. Rules are values with no state of their own; what they
/// need comes in the context, so the runner may call them from several threads at once.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    init()
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
    public static var checksImagesWithoutWorkload: Bool { false }
}

/// Checks one input file as a whole (syntax errors, objects that are not workloads).
public protocol FileRule: Rule {
    func check(_ file: FileContext, _ sink: inout DiagnosticSink)
}

/// A group of rules for one domain (Kubernetes, a runtime). The unit of plug-in: a pack lives in
/// `Rules/<Pack>/`, depends only on the engine and the models, and is listed once in `MemlintPacks`.
public struct RulePack: Sendable {
    public var name: String
    /// The prefix of every code in the pack (`K8S`).
    public var codePrefix: String
    public var rules: [any Rule.Type]
    /// How the pack recognises containers that run its runtime (none for Kubernetes-wide packs).
    public var detectors: [any RuntimeDetector]
    /// How the pack adds up its runtime's memory (for budget rules and `memlint explain`).
    public var budgets: [any BudgetProvider]

    public init(name: String, codePrefix: String, rules: [any Rule.Type], detectors: [any RuntimeDetector] = [],
                budgets: [any BudgetProvider] = []) {
        self.name = name
        self.codePrefix = codePrefix
        self.rules = rules
        self.detectors = detectors
        self.budgets = budgets
    }
}

/// Collects a rule's findings and stamps them with its code, name and configured severity.
public struct DiagnosticSink: Sendable {
    let code: String
    let name: String
    let severity: Severity
    let path: String
    let workload: String?
    let container: String?
    let imageOnly: Bool
    public internal(set) var diagnostics: [Diagnostic] = []

    init(description: RuleDescription, severity: Severity, path: String, workload: String? = nil, container: String? = nil,
         imageOnly: Bool = false) {
        self.code = description.code
        self.name = description.name
        self.severity = severity
        self.path = path
        self.workload = workload
        self.container = container
        self.imageOnly = imageOnly
    }

    /// Reports a finding at `span` of the file being checked.
    public mutating func report(_ message: String, at span: Span, related: [RelatedLocation] = [], fix: String? = nil,
                                atMost: Severity? = nil) {
        report(message, at: SourceLocation(path: path, span: span), related: related, fix: fix, atMost: atMost)
    }

    /// Reports a finding at a location that may be in another file (a Dockerfile, a ConfigMap).
    /// `atMost` lowers the severity for a milder case of the rule; it never raises the configured one.
    public mutating func report(_ message: String, at location: SourceLocation, related: [RelatedLocation] = [], fix: String? = nil,
                                atMost: Severity? = nil) {
        var message = message
        // A finding in an image's Dockerfile may belong to any workload that runs the image: say which.
        if location.path != path, let workload, let container, !imageOnly {
            message += " (container '\(container)' of \(workload) in \(path))"
        }
        diagnostics.append(Diagnostic(
            code: code, name: name, severity: min(severity, atMost ?? severity), message: message, location: location,
            related: related, fix: fix, workload: workload, container: container,
            workloadPath: workload == nil ? nil : path))
    }

    /// A location in the file being checked, for related spans.
    public func here(_ span: Span) -> SourceLocation { SourceLocation(path: path, span: span) }
}
