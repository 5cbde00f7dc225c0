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
    /// Where the values come from: positions are looked up only when a finding or the JSON
    /// needs them (building them for every container cost as much as the values).
    let resolved: ResolvedContainer

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
        self.resolved = resolved
        let spec = resolved.spec
        var container: [(String, CELValue)] = [("name", .string(resolved.name)), ("role", .string(spec.role.rawValue))]
        if let image = spec.image { container.append(("image", .string(image.value))) }
        var memory: [(String, CELValue)] = []
        if let limit = resolved.memoryLimit { memory.append(("limit", .int(limit.bytes))) }
        if let request = resolved.memoryRequest { memory.append(("request", .int(request.bytes))) }
        container.append(("memory", .map(CELMap(memory))))
        var env = CELMap()
        for variable in resolved.process.environment.all {
            guard let value = variable.value else { continue }
            env[.string(variable.name)] = .string(value.text)
        }
        container.append(("env", .map(env)))
        container.append(("command", .list(resolved.process.command.map { .string($0.text) })))

        let meta = resolved.workload.meta
        let workload: [(String, CELValue)] = [
            ("kind", .string(meta.kind.value)), ("name", .string(meta.name?.value ?? "")),
            ("namespace", .string(meta.namespace?.value ?? "")), ("file", .string(resolved.path)),
        ]
        var runtime: [(String, CELValue)] = [("name", .string(resolved.runtime?.id.rawValue ?? "unknown"))]
        var budget: [(String, CELValue)] = []
        if let detected = resolved.runtime, let settings = detected.settings {
            runtime.append((detected.id.rawValue, .map(CELMap(settings.modelEntries.map { ($0.name, Self.value($0.value)) }))))
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
    }

    /// Where each field with a place was written, by its path (`container.memory.limit`).
    public var positions: [String: SourceLocation] {
        var fields = ["container", "container.name", "container.image", "container.memory.limit", "container.memory.request", "workload"]
        fields += resolved.process.environment.all.filter { $0.value != nil }.map { "container.env.\($0.name)" }
        if let detected = resolved.runtime, let settings = detected.settings {
            fields += settings.modelEntries.map { "runtime.\(detected.id.rawValue).\($0.name)" }
        }
        var positions: [String: SourceLocation] = [:]
        for field in fields { positions[field] = location(of: field) }
        return positions
    }

    /// Where the field at `path` (`container.memory.limit`) was written, if memlint read it from a file.
    func location(of path: String) -> SourceLocation? {
        func here(_ span: Span) -> SourceLocation { SourceLocation(path: resolved.path, span: span) }
        let spec = resolved.spec
        switch path {
        case "container", "container.name": return here(spec.name?.span ?? spec.span)
        case "container.image": return spec.image.map { here($0.span) }
        case "container.memory.limit": return resolved.memoryLimit?.location
        case "container.memory.request": return resolved.memoryRequest?.location
        case "workload": return here(resolved.workload.meta.name?.span ?? resolved.workload.meta.kind.span)
        default: break
        }
        if path.hasPrefix("container.env.") {
            let name = path.dropFirst("container.env.".count)
            guard let variable = resolved.process.environment[String(name)], let value = variable.value else { return nil }
            return value.location ?? variable.location
        }
        if let detected = resolved.runtime, let settings = detected.settings, path.hasPrefix("runtime.\(detected.id.rawValue).") {
            let name = path.dropFirst("runtime.\(detected.id.rawValue).".count)
            return settings.modelEntries.first { $0.name == name }?.location
        }
        return nil
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
            if let location = location(of: path.joined(separator: ".")) { return location }
            path.removeLast()
        }
        return location(of: "container")
    }
}
