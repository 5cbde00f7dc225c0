import MemlintSource

/// The container model as JSON (docs/model.schema.json): what `explain --format json` prints and
/// rule plugins receive. Each written value has a position and a handle (`<id>#<field>`), which a
/// plugin's finding names to be placed there.
extension ContainerModel {
    public func json(id: String) -> JSONValue {
        var object: [String: JSONValue] = ["id": .string(id)]
        for (name, value) in value { object[name] = JSONValue(value) }
        var places: [String: JSONValue] = [:]
        for (field, location) in positions {
            var place = Self.json(location)
            place["handle"] = .string(Self.handle(container: id, field: field))
            places[field] = .object(place)
        }
        object["positions"] = .object(places)
        return .object(object)
    }

    /// `c3#runtime.jvm.maxHeap`; the bare id stands for the container itself.
    static func handle(container: String, field: String) -> String { "\(container)#\(field)" }

    static func json(_ location: SourceLocation) -> [String: JSONValue] {
        let span = location.span
        return ["file": .string(location.path), "line": .int(Int64(span.start.line)), "column": .int(Int64(span.start.column)),
                "endLine": .int(Int64(span.end.line)), "endColumn": .int(Int64(span.end.column))]
    }
}
