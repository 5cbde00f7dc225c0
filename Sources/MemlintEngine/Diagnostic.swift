import MemlintYAML

public enum Severity: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case note = 0, warning = 1, error = 2

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { name }
    public var name: String {
        switch self {
        case .note: "note"
        case .warning: "warning"
        case .error: "error"
        }
    }

    public init?(name: String) {
        switch name {
        case "note": self = .note
        case "warning": self = .warning
        case "error": self = .error
        default: return nil
        }
    }
}

public struct Diagnostic: Sendable {
    public var code: String
    public var name: String
    public var severity: Severity
    /// One sentence with the numbers: no trailing period.
    public var message: String
    public var location: SourceLocation
    public var related: [RelatedLocation]
    /// What to change, when the rule can say it.
    public var fix: String?
    /// The edits that make the change, when memlint can make it (`check --fix`).
    public var edit: Fix?
    /// `Kind/name` of the object, when the finding belongs to one.
    public var workload: String?
    public var container: String?
    /// The file that holds the workload (its findings may point into other files, such as a Dockerfile).
    public var workloadPath: String?
    /// For a finding on a rendering (a Helm chart's, a kustomization's) placed where the value was
    /// written: where it was in the rendering. Suppressions in the rendering still apply.
    public var renderedLocation: SourceLocation?

    public init(code: String, name: String, severity: Severity, message: String, location: SourceLocation,
                related: [RelatedLocation] = [], fix: String? = nil, workload: String? = nil, container: String? = nil,
                workloadPath: String? = nil, edit: Fix? = nil) {
        self.code = code
        self.name = name
        self.severity = severity
        self.message = message
        self.location = location
        self.related = related
        self.fix = fix
        self.workload = workload
        self.container = container
        self.workloadPath = workloadPath
        self.edit = edit
    }

    /// Output order: path, line, column, code.
    public static func sortedForOutput(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted {
            ($0.location.path, $0.location.span.start.line, $0.location.span.start.column, $0.code)
                < ($1.location.path, $1.location.span.start.line, $1.location.span.start.column, $1.code)
        }
    }
}
