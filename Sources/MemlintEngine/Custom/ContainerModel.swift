import MemlintCEL
import MemlintKubernetes
import MemlintResolution
import MemlintSource

/// The model custom rules read (schema version 1, docs/custom-rules.md and docs/model.schema.json):
/// one container as CEL values, and where each field was written, by its path
/// (`container.memory.limit`), for the finding's position. A value memlint does not know (no
/// limit, no heap) is absent, so `has()` tells; sizes are bytes.
public struct ContainerModel: Sendable {
    public static let schemaVersion = 1

    public var value: [String: CELValue]
    public var positions: [String: SourceLocation]

    /// The variables' static types, for checking expressions when `.lint.yml` is read.
    public static func schema(runtimes: [any RuntimeDescriptor]) -> [String: CELType] {
        let memory = CELType.object("Memory", ["limit": .int, "request": .int])
        let container = CELType.object("Container", [
            "name": .string, "role": .string, "image": .string, "memory": memory,
            "env": .map(.string, .string), "command": .list(.string),
        ])
        let workload = CELType.object("Workload", ["kind": .string, "name": .string, "namespace": .string, "file": .string])
        var runtime: [String: CELType] = ["name": .string]
        for descriptor in runtimes where !descriptor.modelFields.isEmpty {
            var fields: [String: CELType] = [:]
            for field in descriptor.modelFields { fields[field.name] = celType(field.kind) }
            runtime[descriptor.id.rawValue] = .object(descriptor.displayName, fields)
        }
        let budget = CELType.object("Budget", ["total": .int, "parts": .map(.string, .int)])
        return ["container": container, "workload": workload, "runtime": .object("Runtime", runtime), "budget": budget]
    }

    static func celType(_ kind: ModelField.Kind) -> CELType {
        switch kind {
        case .int: .int
        case .double: .double
        case .bool: .bool
        case .string: .string
        case .strings: .list(.string)
        }
    }

    public init(_ resolved: ResolvedContainer) {
        var positions: [String: SourceLocation] = [:]
        func here(_ span: Span) -> SourceLocation { SourceLocation(path: resolved.path, span: span) }
        let spec = resolved.spec

        var container: [(String, CELValue)] = [("name", .string(resolved.name)), ("role", .string(spec.role.rawValue))]
        positions["container"] = here(spec.name?.span ?? spec.span)
        positions["container.name"] = positions["container"]
        if let image = spec.image {
            container.append(("image", .string(image.value)))
            positions["container.image"] = here(image.span)
        }
        var memory: [(String, CELValue)] = []
        if let limit = resolved.memoryLimit {
            memory.append(("limit", .int(limit.bytes)))
            positions["container.memory.limit"] = limit.location
        }
        if let request = resolved.memoryRequest {
            memory.append(("request", .int(request.bytes)))
            positions["container.memory.request"] = request.location
        }
        container.append(("memory", .map(CELMap(memory))))
        var env = CELMap()
        for variable in resolved.process.environment.all {
            guard let value = variable.value else { continue }
            env[.string(variable.name)] = .string(value.text)
            positions["container.env.\(variable.name)"] = value.location ?? variable.location
        }
        container.append(("env", .map(env)))
        container.append(("command", .list(resolved.process.command.map { .string($0.text) })))

        let meta = resolved.workload.meta
        let workload: [(String, CELValue)] = [
            ("kind", .string(meta.kind.value)), ("name", .string(meta.name?.value ?? "")),
            ("namespace", .string(meta.namespace?.value ?? "")), ("file", .string(resolved.path)),
        ]
        positions["workload"] = here(meta.name?.span ?? meta.kind.span)

        var runtime: [(String, CELValue)] = [("name", .string(resolved.runtime?.id.rawValue ?? "unknown"))]
        var budget: [(String, CELValue)] = []
        if let detected = resolved.runtime, let settings = detected.settings {
            var fields: [(String, CELValue)] = []
            for entry in settings.modelEntries {
                fields.append((entry.name, Self.value(entry.value)))
                if let location = entry.location { positions["runtime.\(detected.id.rawValue).\(entry.name)"] = location }
            }
            runtime.append((detected.id.rawValue, .map(CELMap(fields))))
            if let memoryBudget = settings.budget, !memoryBudget.components.isEmpty {
                var parts = CELMap()
                for component in memoryBudget.components { parts[.string(component.name)] = .int(component.bytes) }
                budget = [("total", .int(memoryBudget.total)), ("parts", .map(parts))]
            }
        }
        value = [
            "container": .map(CELMap(container)), "workload": .map(CELMap(workload)),
            "runtime": .map(CELMap(runtime)), "budget": .map(CELMap(budget)),
        ]
        self.positions = positions
    }

    static func value(_ value: ModelEntry.Value) -> CELValue {
        switch value {
        case .int(let v): .int(v)
        case .double(let v): .double(v)
        case .bool(let v): .bool(v)
        case .string(let v): .string(v)
        case .strings(let v): .list(v.map { .string($0) })
        }
    }

    /// Where the field at `path` was written, or the nearest enclosing field that has a place;
    /// the container's name when none does.
    public func position(of path: [String]) -> SourceLocation? {
        var path = path
        while !path.isEmpty {
            if let location = positions[path.joined(separator: ".")] { return location }
            path.removeLast()
        }
        return positions["container"]
    }
}
