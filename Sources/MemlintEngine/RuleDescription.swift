/// Everything a rule says about itself. The docs (`memlint rules`, `docs/rules/`), SARIF's rule
/// metadata and the generic example test all read it, so none of them can drift from the rule.
public struct RuleDescription: Sendable {
    /// Stable code: pack prefix and three digits (`K8S001`). Never reused.
    public var code: String
    /// kebab-case name of the pattern flagged (`memory-limit-missing`).
    public var name: String
    /// The pack's name (`Kubernetes`, `JVM`, …).
    public var pack: String
    public var defaultSeverity: Severity
    /// One line ending with a period: what the rule finds.
    public var summary: String
    /// Why it matters, with its sources.
    public var rationale: String
    /// How to fix it, as a sentence.
    public var fix: String
    /// Documentation and source URLs the rationale relies on.
    public var references: [String]
    public var parameters: [ParameterDescription]
    public var triggering: [Example]
    public var nonTriggering: [Example]

    public init(code: String, name: String, pack: String, defaultSeverity: Severity, summary: String,
                rationale: String, fix: String, references: [String] = [], parameters: [ParameterDescription] = [],
                triggering: [Example], nonTriggering: [Example]) {
        self.code = code
        self.name = name
        self.pack = pack
        self.defaultSeverity = defaultSeverity
        self.summary = summary
        self.rationale = rationale
        self.fix = fix
        self.references = references
        self.parameters = parameters
        self.triggering = triggering
        self.nonTriggering = nonTriggering
    }
}

/// A small input that must (or must not) trigger a rule.
///
/// In a triggering example, `↓` marks where a diagnostic of the rule must start; an example without
/// markers only has to trigger somewhere. The marker is removed before parsing.
public struct Example: Sendable {
    public enum Mutation: String, Sendable, CaseIterable {
        /// Prepend a line with a Hangul comment: lines shift, columns must not.
        case multiByte
        /// Prepend an unrelated document and `---`.
        case multiDocument
        /// Put `# memlint:ignore CODE` on its own line above each marked line: no finding, and no M001.
        case suppressed
        /// Run with the rule switched off in the configuration: no finding.
        case disabled
    }

    /// Files of the example: the first is the manifest (`example.yaml`) unless named otherwise.
    public var files: [(name: String, text: String)]
    /// Parameters for this example, as they would be written under the rule in `.lint.yml`.
    public var parameters: [String: String]
    public var skippedMutations: Set<Mutation>
    /// For a fixable finding: each file's text after `check --fix --unsafe-fixes` applied this rule's
    /// fixes (files not named must not change). The example test applies the fixes, compares, lints
    /// again (the finding must be gone) and fixes again (nothing may change).
    public var fixed: [String: String] = [:]
    public var sourceFile: String
    public var sourceLine: Int

    public init(_ manifest: String, parameters: [String: String] = [:], file: String = #filePath, line: Int = #line) {
        self.files = [("example.yaml", manifest)]
        self.parameters = parameters
        self.skippedMutations = []
        self.sourceFile = file
        self.sourceLine = line
    }

    public init(files: [(name: String, text: String)], parameters: [String: String] = [:], file: String = #filePath, line: Int = #line) {
        self.files = files
        self.parameters = parameters
        self.skippedMutations = []
        self.sourceFile = file
        self.sourceLine = line
    }

    /// The text `file` has once the rule's fixes are applied.
    public func fixed(_ text: String, file: String? = nil) -> Example {
        var copy = self
        copy.fixed[file ?? files[0].name] = text
        return copy
    }

    /// This example does not hold under `mutation` (say why in a comment next to it).
    public func skipping(_ mutation: Mutation) -> Example {
        var copy = self
        copy.skippedMutations.insert(mutation)
        return copy
    }

    public static let marker: Character = "↓"
}

extension RuleDescription {
    /// Capital letters then digits (`ACME001`): what rules of `.lint.yml` and plugins may use.
    public static func isWellFormedCode(_ code: String) -> Bool {
        code.allSatisfy { $0.isUppercase || $0.isNumber } && (code.first?.isUppercase ?? false) && (code.last?.isNumber ?? false)
    }

    /// Lowercase words joined by `-` (`jvm-heap-share`): rule and plugin names.
    public static func isWellFormedName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }
    }
}
