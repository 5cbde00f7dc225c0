import MemlintCEL
import MemlintSource

/// A rule written in `.lint.yml` under `customRules:` (docs/custom-rules.md): a CEL condition
/// over the container model, a message with `{{ expression }}` parts, and the model field whose
/// position the finding takes. Compiled and type-checked when the configuration is read.
public struct CustomRule: Sendable {
    enum Part: Sendable {
        case text(String)
        /// An expression, and where its text starts in the message (for positioned errors).
        case expression(CELExpr, base: Int)
    }

    public var description: RuleDescription
    /// Only containers that run this runtime (`jvm`, `go`, …), when set.
    public var runtime: String?
    let condition: CELExpr
    let message: [Part]
    /// The model field the finding is placed at (`runtime.jvm.maxHeap`).
    let at: [String]
    /// The rule's entry in `.lint.yml`, where evaluation errors are reported.
    public var definedAt: SourceLocation
    /// What to do about a finding, as the rule's author wrote it.
    public var help: String?

    /// Each evaluation stops after this many steps (a runaway expression is an error, not a hang).
    public static let costLimit = 100_000

    /// The finding's message and place for one container, nil when the condition is false.
    func evaluate(_ model: ContainerModel) -> Result<(message: String, location: SourceLocation?)?, CELError> {
        switch CELEvaluator.evaluate(condition, model.value, costLimit: Self.costLimit) {
        case .failure(let error): return .failure(error)
        case .success(let value):
            guard case .bool(true) = value else { return .success(nil) }
        }
        var text = ""
        for part in message {
            switch part {
            case .text(let literal): text += literal
            case .expression(let expression, _):
                switch CELEvaluator.evaluate(expression, model.value, costLimit: Self.costLimit) {
                case .success(let value): text += value.description
                case .failure(let error): return .failure(error)
                }
            }
        }
        return .success((text, model.position(of: at)))
    }

    /// Reads `text` as a message template: literal text with `{{ expression }}` parts.
    static func template(_ text: String) throws(CELSyntaxError) -> [Part] {
        var parts: [Part] = []
        var rest = Substring(text)
        var offset = 0
        while let open = rest.firstRange(of: "{{") {
            parts.append(.text(String(rest[..<open.lowerBound])))
            let afterOpen = rest[open.upperBound...]
            let start = offset + rest.unicodeScalars.distance(from: rest.unicodeScalars.startIndex, to: open.upperBound)
            guard let close = afterOpen.firstRange(of: "}}") else { throw CELSyntaxError(message: "'{{' without '}}'", offset: start - 2) }
            do { parts.append(.expression(try CELParser.parse(String(afterOpen[..<close.lowerBound])), base: start)) } catch {
                throw CELSyntaxError(message: error.message, offset: start + error.offset)
            }
            offset = start + afterOpen.unicodeScalars.distance(from: afterOpen.unicodeScalars.startIndex, to: close.upperBound)
            rest = afterOpen[close.upperBound...]
        }
        parts.append(.text(String(rest)))
        return parts
    }
}
