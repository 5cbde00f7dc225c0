import Foundation

/// `memlint explain`: each container's runtime, limit and budget, as aligned text or JSON.
public enum ExplainRenderer {
    public static func text(_ containers: [ContainerReport]) -> String {
        var out = ""
        for report in containers {
            out += "\(report.path): \(report.workload), container \(report.container)\n"
            if let image = report.image { out += "  image:    \(image)\n" }
            if let link = report.link { out += "  built by: \(link)\n" }
            out += "  runtime:  \(report.runtime?.summary ?? "unknown")\n"
            out += "  limit:    \(describe(report.memoryLimit))\n"
            out += "  request:  \(describe(report.memoryRequest))\n"
            guard let budget = report.budget else {
                out += "  budget:   none (\(report.runtime == nil ? "no runtime detected" : "this runtime's pack has no budget yet"))\n\n"
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

    public static func json(_ containers: [ContainerReport]) -> String {
        let document: [String: Any] = ["version": 1, "containers": containers.map(object)]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func object(_ report: ContainerReport) -> [String: Any] {
        var object: [String: Any] = [
            "file": report.path, "workload": report.workload, "container": report.container,
            "imageOnly": report.isImageOnly,
            "argv": report.process.argv.map(\.text), "command": report.process.command.map(\.text),
        ]
        if let image = report.image { object["image"] = image }
        if let link = report.link { object["dockerfile"] = link }
        if let runtime = report.runtime {
            object["runtime"] = ["name": runtime.runtime, "confidence": runtime.confidence.rawValue, "evidence": runtime.evidence.map(\.reason)]
        }
        if let limit = report.memoryLimit { object["limit"] = memory(limit) }
        if let request = report.memoryRequest { object["request"] = memory(request) }
        if let budget = report.budget {
            var b: [String: Any] = [
                "runtime": budget.runtime, "total": budget.total, "verdict": budget.verdict, "notes": budget.notes,
                "components": budget.components.map { component -> [String: Any] in
                    var c: [String: Any] = ["name": component.name, "bytes": component.bytes, "origin": component.origin.text]
                    if let location = component.origin.location { c["location"] = location.json }
                    return c
                },
            ]
            if let headroom = budget.headroom { b["headroom"] = headroom }
            object["budget"] = b
        }
        return object
    }

    static func memory(_ memory: ResolvedMemory) -> [String: Any] {
        let origin: String = switch memory.origin {
        case .container: "container"
        case .defaultedFromLimit: "defaultedFromLimit"
        case .limitRange(let meta): "limitRange:\(meta.displayName)"
        }
        return ["quantity": memory.quantity.text, "bytes": memory.bytes, "origin": origin, "location": memory.location.json]
    }
}

extension SourceLocation {
    var json: [String: Any] {
        ["file": path, "line": Int(span.start.line), "column": Int(span.start.column), "endLine": Int(span.end.line), "endColumn": Int(span.end.column)]
    }
}
