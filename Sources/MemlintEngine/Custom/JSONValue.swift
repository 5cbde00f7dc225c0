import FoundationEssentials
import MemlintCEL

/// A JSON value, for what memlint exchanges with rule plugins and prints as the model: objects
/// keep no order of their own (the encoder sorts keys), numbers are integers when they are whole.
public indirect enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int64.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The model's CEL values as JSON: map keys are strings in the model; quantities are written
    /// as Kubernetes writes them.
    public init(_ value: CELValue) {
        switch value {
        case .int(let v): self = .int(v)
        case .uint(let v): self = v <= UInt64(Int64.max) ? .int(Int64(v)) : .double(Double(v))
        case .double(let v): self = .double(v)
        case .bool(let v): self = .bool(v)
        case .string(let v): self = .string(v)
        case .null: self = .null
        case .list(let items): self = .array(items.map(JSONValue.init))
        case .map(let map):
            var object: [String: JSONValue] = [:]
            for (key, item) in map.entries {
                if case .string(let name) = key { object[name] = JSONValue(item) } else { object[key.description] = JSONValue(item) }
            }
            self = .object(object)
        case .quantity(let quantity): self = .string(quantity.description)
        case .type(let name): self = .string(name)
        }
    }

    /// Any Encodable value as JSON (nil fields left out, as JSONEncoder leaves them).
    init<T: Encodable>(encoding value: T) {
        let encoder = JSONEncoder()
        self = (try? encoder.encode(value)).flatMap { try? JSONDecoder().decode(JSONValue.self, from: $0) } ?? .null
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}
