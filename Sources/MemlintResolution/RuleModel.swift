import MemlintSource

/// One field a runtime adds to the model custom rules and plugins read (`runtime.jvm.maxHeap`):
/// its name, type and meaning, documented in `memlint rules --model` and docs/custom-rules.md.
public struct ModelField: Sendable {
    public enum Kind: String, Sendable { case int, double, bool, string, strings }
    public var name: String
    public var kind: Kind
    public var summary: String

    public init(_ name: String, _ kind: Kind, _ summary: String) {
        self.name = name
        self.kind = kind
        self.summary = summary
    }
}

/// A field's value for one container, with where it was written (what a finding about it points at).
public struct ModelEntry: Sendable {
    public enum Value: Sendable {
        case int(Int64), double(Double), bool(Bool), string(String), strings([String])
    }

    public var name: String
    public var value: Value
    public var location: SourceLocation?

    public init(_ name: String, _ value: Value, at location: SourceLocation? = nil) {
        self.name = name
        self.value = value
        self.location = location
    }
}
