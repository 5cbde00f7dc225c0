import MemlintCEL
import MemlintResolution

/// The JSON Schema of the container model (docs/model.schema.json, `memlint explain --schema`):
/// generated from the same types custom rules are checked against, with each field's meaning.
public enum ModelSchema {
    /// The meaning of each field that is not a runtime's (those are the packs' `ModelField`s).
    public static let summaries: [String: String] = [
        "container.name": "The container's name.",
        "container.role": "`regular`, `init` or `sidecar`.",
        "container.image": "The `image:` as written.",
        "container.memory.limit": "The memory limit in bytes: the container's own, or a LimitRange default.",
        "container.memory.request": "The memory request in bytes (defaulted from the limit when not set, as the API server does).",
        "container.env": "The environment the process gets, values known statically (manifest, ConfigMaps, the image's `ENV`).",
        "container.command": "The command that really runs, after `sh -c` and init wrappers.",
        "workload.kind": "`Deployment`, `StatefulSet`, …",
        "workload.name": "The workload's name.",
        "workload.namespace": "Its namespace (empty when not set).",
        "workload.file": "The file it is in.",
        "runtime.name": "`jvm`, `go`, `node`, `python`, or `unknown`.",
        "budget.total": "The runtime's memory budget in bytes (what `memlint explain` adds up).",
        "budget.parts": "Its parts by name (`heap`, `metaspace`, …).",
    ]

    /// The meaning of every field, runtime fields included, by path.
    public static func allSummaries(runtimes: [any RuntimeDescriptor]) -> [String: String] {
        var all = summaries
        for runtime in runtimes {
            for field in runtime.modelFields { all["runtime.\(runtime.id.rawValue).\(field.name)"] = field.summary }
        }
        return all
    }

    public static func document(runtimes: [any RuntimeDescriptor]) -> JSONValue {
        let meanings = allSummaries(runtimes: runtimes)
        var properties: [String: JSONValue] = [
            "id": .object(["type": "string", "description": "The container's id in this document or request (`c0`, `c1`, …)."]),
            "positions": .object([
                "type": "object",
                "description": "Where each field was written, by its path (`container.memory.limit`), with the handle a plugin's finding names to be placed there. Fields memlint did not read from a file have none.",
                "additionalProperties": .object(["$ref": "#/$defs/position"]),
            ]),
            "explain": .object(["type": "object", "description": "Only in `memlint explain --format json`: how memlint found the runtime and computed the budget (not part of what rules read)."]),
        ]
        let schema = ContainerModel.schema(runtimes: runtimes)
        for name in schema.keys.sorted() { properties[name] = json(schema[name]!, path: name, meanings: meanings) }
        let position: JSONValue = .object([
            "type": "object",
            "required": .array(["file", "line", "column", "endLine", "endColumn", "handle"]),
            "properties": .object([
                "file": .object(["type": "string"]),
                "line": .object(["type": "integer", "minimum": 1]), "column": .object(["type": "integer", "minimum": 1]),
                "endLine": .object(["type": "integer", "minimum": 1]), "endColumn": .object(["type": "integer", "minimum": 1]),
                "handle": .object(["type": "string", "description": "`<id>#<field>`: what a plugin's finding gives as `at` to be placed here."]),
            ]),
            "additionalProperties": false,
        ])
        let container: JSONValue = .object([
            "type": "object",
            "required": .array(["id", "positions"] + schema.keys.sorted().map { .string($0) }),
            "properties": .object(properties),
            "additionalProperties": false,
        ])
        return .object([
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": .string("memlint container model, schemaVersion \(ContainerModel.schemaVersion)"),
            "description": "What memlint worked out about each container: what `memlint explain --format json` prints and rule plugins receive (docs/custom-rules.md). Sizes are bytes; a value memlint does not know is absent.",
            "type": "object",
            "required": ["schemaVersion", "containers"],
            "properties": .object([
                "schemaVersion": .object(["const": .int(Int64(ContainerModel.schemaVersion))]),
                "containers": .object(["type": "array", "items": .object(["$ref": "#/$defs/container"])]),
                "request": .object(["enum": ["check", "describe"], "description": "Only in a plugin request."]),
                "plugin": .object(["type": "string", "description": "Only in a plugin request: the plugin's name in `.lint.yml`."]),
            ]),
            "$defs": .object(["container": container, "position": position]),
        ])
    }

    /// A CEL type as JSON Schema. Objects are closed: a field memlint does not have is a typo.
    /// Their fields are optional, since an unknown value is absent.
    static func json(_ type: CELType, path: String, meanings: [String: String]) -> JSONValue {
        var object: [String: JSONValue]
        switch type {
        case .int, .uint: object = ["type": "integer"]
        case .double: object = ["type": "number"]
        case .bool: object = ["type": "boolean"]
        case .string, .quantity: object = ["type": "string"]
        case .list(let element): object = ["type": "array", "items": json(element, path: path + "[]", meanings: [:])]
        case .map(_, let value): object = ["type": "object", "additionalProperties": json(value, path: path + "[]", meanings: [:])]
        case .object(_, let fields):
            var properties: [String: JSONValue] = [:]
            for (name, field) in fields { properties[name] = json(field, path: "\(path).\(name)", meanings: meanings) }
            object = ["type": "object", "properties": .object(properties), "additionalProperties": false]
            // The runtime object always names its runtime.
            if path == "runtime" { object["required"] = ["name"] }
        case .null, .dyn, .type: object = [:]
        }
        if let meaning = meanings[path] { object["description"] = .string(meaning) }
        return .object(object)
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
}
