import MemlintEngine

/// Every memory quantity written in a file: container requests and limits, and LimitRange values.
struct MemoryQuantity {
    /// "memory limit", "memory default", for messages.
    var what: String
    /// "LimitRange/defaults", for a LimitRange's value (a container's findings name it themselves).
    var owner: String?
    var value: Located<String>
    var container: (spec: Container, workload: Workload)?

    /// "memory limit \"512mi\"", and "of LimitRange/x" when the value is not a container's.
    func describe() -> String {
        "\(what) \"\(value.value)\"" + (owner.map { " of \($0)" } ?? "")
    }

    func report(_ message: String, fix: String? = nil, edit: Fix? = nil, into sink: inout DiagnosticSink) {
        if let (spec, workload) = container {
            sink.report(message, at: value.span, about: spec, of: workload, fix: fix, edit: edit)
        } else {
            sink.report(message, at: value.span, fix: fix, edit: edit)
        }
    }

    /// An edit writing `text` in place of the quantity (nil when it is not written verbatim).
    func replacement(_ text: String, _ applicability: Fix.Applicability, path: String) -> Fix? {
        .replacing(value, in: path, with: text, applicability, "write \(text)")
    }
}

enum MemoryQuantities {
    /// Calls `body` with each quantity in file order (no array: a big stream holds many).
    static func forEach(in manifest: ManifestFile, _ body: (MemoryQuantity) -> Void) {
        for workload in manifest.workloads {
            for container in workload.containers where container.role != .ephemeral {
                let owner = (container, workload)
                if let value = container.resources.requests.memory { body(.init(what: "memory request", value: value, container: owner)) }
                if let value = container.resources.limits.memory { body(.init(what: "memory limit", value: value, container: owner)) }
            }
        }
        for range in manifest.limitRanges {
            let name = range.meta.displayName
            let items: [(String, Located<String>?)] = [
                ("default", range.defaultLimit), ("defaultRequest", range.defaultRequest), ("max", range.max), ("min", range.min),
            ]
            var seen = Set<Span>()
            for case let (key, value?) in items where seen.insert(value.span).inserted {
                body(.init(what: "memory \(key)", owner: name, value: value, container: nil))
            }
        }
    }
}
