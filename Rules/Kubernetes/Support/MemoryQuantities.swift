import MemlintEngine

/// Every memory quantity written in a file: container requests and limits, and LimitRange values.
struct MemoryQuantity {
    /// "memory limit", "memory default", for messages.
    var what: String
    /// "container 'app'", "LimitRange/defaults".
    var owner: String
    var value: Located<String>
}

enum MemoryQuantities {
    static func all(in manifest: ManifestFile) -> [MemoryQuantity] {
        var result: [MemoryQuantity] = []
        for workload in manifest.workloads {
            for container in workload.containers where container.role != .ephemeral {
                let name = "container '\(container.displayName)'"
                if let value = container.resources.requests.memory { result.append(.init(what: "memory request", owner: name, value: value)) }
                if let value = container.resources.limits.memory { result.append(.init(what: "memory limit", owner: name, value: value)) }
            }
        }
        for range in manifest.limitRanges {
            let name = range.meta.displayName
            let items: [(String, Located<String>?)] = [
                ("default", range.defaultLimit), ("defaultRequest", range.defaultRequest), ("max", range.max), ("min", range.min),
            ]
            var seen = Set<Span>()
            for case let (key, value?) in items where seen.insert(value.span).inserted {
                result.append(.init(what: "memory \(key)", owner: name, value: value))
            }
        }
        return result
    }
}
