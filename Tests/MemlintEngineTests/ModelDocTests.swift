import Foundation
import MemlintCEL
@testable import MemlintEngine
import MemlintPacks
import MemlintTestSupport
import Testing

/// docs/custom-rules.md's model table lists exactly the fields the schema has, with their types,
/// and every field's meaning is the one `ModelSchema` gives (a runtime's: the pack's `ModelField`).
@Suite struct ModelDocTests {
    static func flatten(_ type: CELType, _ path: String) -> [String: String] {
        guard case .object(_, let fields) = type else { return [path: type.description] }
        var result: [String: String] = [:]
        for (name, field) in fields { result.merge(flatten(field, path.isEmpty ? name : "\(path).\(name)")) { a, _ in a } }
        return result
    }

    @Test func theModelTableIsTheSchema() throws {
        let doc = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("docs/custom-rules.md"), encoding: .utf8)
        var documented: [String: String] = [:]
        var meanings: [String: String] = [:]
        for line in doc.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3, cells[0].hasPrefix("`"), cells[0].contains(".") || cells[0] == "`budget`" else { continue }
            let field = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            guard ["container", "workload", "runtime", "budget"].contains(where: { field.hasPrefix($0 + ".") }) else { continue }
            documented[field] = cells[1]
            meanings[field] = cells[2]
        }
        var schema: [String: String] = [:]
        for (name, type) in ContainerModel.schema(runtimes: BuiltInPacks.runtimes) { schema.merge(Self.flatten(type, name)) { a, _ in a } }
        #expect(documented.count >= 30, "the table was read: \(documented.count) rows")
        #expect(documented == schema, "in the doc only: \(documented.keys.filter { schema[$0] == nil }.sorted()); in the schema only: \(schema.keys.filter { documented[$0] == nil }.sorted())")
        // One text per field: the doc's meaning is the one docs/model.schema.json carries.
        let summaries = ModelSchema.allSummaries(runtimes: BuiltInPacks.runtimes)
        #expect(Set(summaries.keys) == Set(schema.keys), "fields without a summary: \(Set(schema.keys).subtracting(summaries.keys).sorted())")
        for (field, summary) in summaries { #expect(meanings[field] == summary, "\(field)") }
    }
}
