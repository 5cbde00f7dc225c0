import MemlintYAML
import MemlintKubernetes

/// A setting users can change in `.lint.yml`: a rule's (`rules: {CODE: {key: value}}`) or a runtime's
/// shared assumption (`runtimes: {jvm: {key: value}}`). Declared once, with its type, default and
/// range; `.lint.yml` is validated against it, and code reads it only through a typed `Parameter`.
public struct ParameterDescription: Sendable {
    public enum Kind: String, Sendable {
        /// A Kubernetes quantity (`64Mi`), read as bytes.
        case size
        /// A plain number (`0.9`).
        case ratio
        /// A whole number (`50`).
        case count
    }

    public var key: String
    public var kind: Kind
    /// The default, written as it would be in `.lint.yml`.
    public var defaultValue: String
    /// Allowed values, inclusive, in the kind's unit (bytes for sizes).
    public var range: ClosedRange<Double>
    public var summary: String

    /// Why `text` is not a valid value, or nil when it is.
    public func problem(with text: String) -> String? {
        let value: Double
        switch kind {
        case .size:
            switch Quantity.parse(text) {
            case .success(let q) where !q.isNegative: value = Double(q.roundedUp)
            case .success: return "must not be negative"
            case .failure:
                let hint = Quantity.suggestions(for: text).first.map { " (did you mean \($0)?)" } ?? ""
                return "'\(text)' is not a size; write a Kubernetes quantity such as 64Mi\(hint)"
            }
        case .ratio:
            guard let number = Double(text), number.isFinite else { return "'\(text)' is not a number" }
            value = number
        case .count:
            guard let number = Int64(text) else { return "'\(text)' is not a whole number" }
            value = Double(number)
        }
        guard range.contains(value) else { return "\(text) is out of range: \(rangeText)" }
        return nil
    }

    /// "between 0 and 1", "at least 0", for messages and docs.
    public var rangeText: String {
        func show(_ v: Double) -> String {
            kind == .size ? ByteFormat.format(Int64(saturating: v)) : (v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v))
        }
        if range.upperBound >= Double(Int64.max) / 2 { return range.lowerBound == 0 ? "0 or more" : "at least \(show(range.lowerBound))" }
        return "between \(show(range.lowerBound)) and \(show(range.upperBound))"
    }
}

/// A typed handle on a declared parameter: `context.parameters[Self.maxRatio]` is a `Double`.
public struct Parameter<Value: Sendable>: Sendable {
    public let description: ParameterDescription
    let read: @Sendable (String) -> Value?
    public var key: String { description.key }

    /// The default, parsed: what the value is when `.lint.yml` does not set it.
    public var defaultValue: Value {
        guard let value = read(description.defaultValue) else { preconditionFailure("default of \(key) does not parse") }
        return value
    }
}

extension Parameter where Value == Int64 {
    /// A size in bytes, written as a Kubernetes quantity.
    public static func size(_ key: String, default value: String, atLeast minimum: Int64 = 0, _ summary: String) -> Parameter<Int64> {
        Parameter(description: ParameterDescription(key: key, kind: .size, defaultValue: value,
                                                    range: Double(minimum)...Double(Int64.max), summary: summary)) { text in
            guard case .success(let q) = Quantity.parse(text), !q.isNegative else { return nil }
            return q.roundedUp
        }
    }

    /// A whole number.
    public static func count(_ key: String, default value: Int64, in range: ClosedRange<Int64> = 0...Int64.max, _ summary: String) -> Parameter<Int64> {
        Parameter(description: ParameterDescription(key: key, kind: .count, defaultValue: String(value),
                                                    range: Double(range.lowerBound)...Double(range.upperBound), summary: summary)) { Int64($0) }
    }
}

extension Parameter where Value == Double {
    /// A plain number within `range`.
    public static func ratio(_ key: String, default value: Double, in range: ClosedRange<Double>, _ summary: String) -> Parameter<Double> {
        Parameter(description: ParameterDescription(key: key, kind: .ratio, defaultValue: String(value), range: range, summary: summary)) { text in
            Double(text).flatMap { $0.isFinite ? $0 : nil }
        }
    }
}

/// Validated values of one rule's (or runtime's) parameters: a per-workload annotation, else what
/// `.lint.yml` wrote, else the default.
public struct ParameterValues: Sendable {
    public enum Source: Sendable, Equatable { case defaultValue, configuration, annotation(String) }

    private let declared: [String: ParameterDescription]
    private let written: [String: String]
    private let annotated: [String: (text: String, key: String)]

    public init(_ declared: [ParameterDescription], written: [String: String] = [:], annotated: [String: (text: String, key: String)] = [:]) {
        let byKey = Dictionary(declared.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        self.declared = byKey
        self.written = written.filter { key, _ in byKey[key] != nil }
        self.annotated = annotated.filter { key, _ in byKey[key] != nil }
    }

    /// The same values with per-workload annotations on top.
    public func overlaying(annotated: [String: (text: String, key: String)]) -> ParameterValues {
        ParameterValues(Array(declared.values), written: written, annotated: annotated)
    }

    /// The value as `.lint.yml` would write it.
    public func text(_ key: String) -> String? { annotated[key]?.text ?? written[key] ?? declared[key]?.defaultValue }

    /// Where the value in force comes from.
    public func source(_ key: String) -> Source {
        if let annotation = annotated[key] { return .annotation(annotation.key) }
        return written[key] != nil ? .configuration : .defaultValue
    }

    public subscript<Value>(_ parameter: Parameter<Value>) -> Value {
        precondition(declared[parameter.key] != nil, "parameter '\(parameter.key)' is read but not declared")
        if let text = text(parameter.key), let value = parameter.read(text) { return value }
        return parameter.defaultValue
    }
}
