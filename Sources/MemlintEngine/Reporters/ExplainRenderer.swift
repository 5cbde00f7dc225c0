import FoundationEssentials

/// `memlint explain`: each container's runtime, limit and budget, as aligned text or JSON.
public enum ExplainRenderer {
    public static func text(_ containers: [ResolvedContainer]) -> String {
        var out = ""
        for report in containers {
            out += "\(report.path): \(report.workloadName), container \(report.name)\n"
            if let image = report.image { out += "  image:    \(image.raw)\n" }
            if let link = report.linkedImage { out += "  built by: \(link.summary)\n" }
            out += "  runtime:  \(report.runtimeSummary)\n"
            if let launcher = report.launcher { out += "  launcher: \(launcher.name) (\(launcher.reason); \(launcher.facts.source))\n" }
            out += "  limit:    \(describe(report.memoryLimit))\n"
            out += "  request:  \(describe(report.memoryRequest))\n"
            guard let budget = report.runtime?.budget else {
                out += "  budget:   none (\(report.runtime == nil ? (report.coverage == .unknown ? "no runtime detected" : "a native program") : "this runtime's pack has no budget yet"))\n\n"
                continue
            }
            guard !budget.components.isEmpty else {
                out += "  budget:   \(budget.verdict)\n"
                for note in budget.notes { out += "  note:     \(note)\n" }
                out += "\n"
                continue
            }
            let rows = budget.components.map { [$0.name, ByteFormat.mib($0.bytes), $0.origin.text] }
            let nameWidth = max(9, rows.map { $0[0].count }.max() ?? 0)
            let sizeWidth = max(8, rows.map { $0[1].count }.max() ?? 0)
            out += "  budget:\n"
            out += "    " + pad("component", nameWidth) + "  " + pad("size", sizeWidth, right: true) + "  origin\n"
            for row in rows {
                out += "    " + pad(row[0], nameWidth) + "  " + pad(row[1], sizeWidth, right: true) + "  " + row[2] + "\n"
            }
            out += "    " + pad("total", nameWidth) + "  " + pad(ByteFormat.mib(budget.total), sizeWidth, right: true) + "\n"
            if let limit = budget.limit {
                out += "    " + pad("limit", nameWidth) + "  " + pad(ByteFormat.mib(limit.bytes), sizeWidth, right: true) + "\n"
            }
            out += "  verdict:  \(budget.verdict)\n"
            for note in budget.notes { out += "  note:     \(note)\n" }
            out += "\n"
        }
        return out
    }

    private static func describe(_ memory: ResolvedMemory?) -> String {
        guard let memory else { return "none" }
        let place = "\(memory.location.path):\(memory.location.span.start.line)"
        switch memory.origin {
        case .container: return "\(memory.quantity.text) (\(place))"
        case .defaultedFromLimit: return "\(memory.quantity.text) (defaulted from the limit, \(place))"
        case .limitRange(let meta): return "\(memory.quantity.text) (\(meta.displayName) default, \(place))"
        }
    }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }

    // MARK: JSON

    struct Document: Encodable {
        var schemaVersion = ContainerModel.schemaVersion
        var containers: [JSONValue]
    }

    struct ContainerObject: Encodable {
        var file, workload, container: String
        var imageOnly: Bool
        var image, dockerfile: String?
        var runtime: RuntimeObject?
        /// A runtime id, `native` or `unknown`; for unknown ones, what would settle it.
        var coverage: String
        var settle: String?
        var launcher: LauncherObject?
        var argv, command: [String]
        var limit, request: MemoryObject?
        var budget: BudgetObject?
    }

    struct LauncherObject: Encodable {
        var name, reason, source: String
    }

    struct RuntimeObject: Encodable {
        var name, confidence: String
        var evidence: [String]
    }

    struct MemoryObject: Encodable {
        var quantity: String
        var bytes: Int64
        var origin: String
        var location: LocationObject
    }

    struct BudgetObject: Encodable {
        var runtime: String
        var total: Int64
        var headroom: Int64?
        var verdict: String
        var notes: [String]
        var components: [ComponentObject]
    }

    struct ComponentObject: Encodable {
        var name: String
        var bytes: Int64
        var origin: String
        var location: LocationObject?
    }

    struct LocationObject: Encodable {
        var file: String
        var line, column, endLine, endColumn: Int
        init(_ location: SourceLocation) {
            file = location.path
            line = Int(location.span.start.line)
            column = Int(location.span.start.column)
            endLine = Int(location.span.end.line)
            endColumn = Int(location.span.end.column)
        }
    }

    /// The container model (docs/model.schema.json, what plugins receive), each container with
    /// the explanation of its budget and runtime under `explain`.
    public static func json(_ containers: [ResolvedContainer]) -> String {
        JSONOutput.encode(Document(containers: containers.enumerated().map { index, report in
            guard case .object(var model) = ContainerModel(report).json(id: "c\(index)") else { return .null }
            model["explain"] = JSONValue(encoding: object(report))
            return .object(model)
        }))
    }

    /// docs/model.schema.json.
    public static func schema(runtimes: [any RuntimeDescriptor]) -> String {
        JSONOutput.encode(ModelSchema.document(runtimes: runtimes))
    }

    static func object(_ report: ResolvedContainer) -> ContainerObject {
        ContainerObject(
            file: report.path, workload: report.workloadName, container: report.name, imageOnly: report.isImageOnly,
            image: report.image?.raw, dockerfile: report.linkedImage?.summary,
            runtime: report.runtime.map { RuntimeObject(name: $0.id.rawValue, confidence: $0.detection.confidence.rawValue,
                                                        evidence: $0.detection.evidence.map(\.reason)) },
            coverage: report.coverage.category, settle: report.coverage == .unknown ? report.settlement : nil,
            launcher: report.launcher.map { LauncherObject(name: $0.name, reason: $0.reason, source: $0.facts.source) },
            argv: report.process.argv.map(\.text), command: report.process.command.map(\.text),
            limit: report.memoryLimit.map(memory), request: report.memoryRequest.map(memory),
            budget: report.runtime?.budget.map { budget in
                BudgetObject(runtime: budget.runtime.rawValue, total: budget.total, headroom: budget.headroom, verdict: budget.verdict,
                             notes: budget.notes, components: budget.components.map {
                                 ComponentObject(name: $0.name, bytes: $0.bytes, origin: $0.origin.text, location: $0.origin.location.map(LocationObject.init))
                             })
            })
    }

    static func memory(_ memory: ResolvedMemory) -> MemoryObject {
        let origin: String = switch memory.origin {
        case .container: "container"
        case .defaultedFromLimit: "defaultedFromLimit"
        case .limitRange(let meta): "limitRange:\(meta.displayName)"
        }
        return MemoryObject(quantity: memory.quantity.text, bytes: memory.bytes, origin: origin, location: LocationObject(memory.location))
    }
}
