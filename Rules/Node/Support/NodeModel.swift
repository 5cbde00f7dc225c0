import MemlintEngine

/// Node's part of the rule model (`runtime.node.*`).
extension NodeRuntime {
    var modelFields: [ModelField] {
        [
            ModelField("oldSpace", .int, "V8's old space limit in bytes, from --max-old-space-size(-percentage) or V8's default."),
            ModelField("heapLimit", .int, "V8's whole heap limit (old space and young generation) in bytes."),
            ModelField("heapFlagSet", .bool, "True when a heap flag (--max-old-space-size and kin) is set."),
            ModelField("version", .string, "Node's version from the image tag (\"20.11\")."),
        ]
    }
}

extension NodeSettings {
    var modelEntries: [ModelEntry] {
        var entries: [ModelEntry] = []
        let flag = oldSpace(limit: limitBytes)
        if let heap = heapLimit(limit: limitBytes) {
            entries.append(ModelEntry("oldSpace", .int(flag?.bytes ?? heap.old), at: flag?.flag.token.location))
            entries.append(ModelEntry("heapLimit", .int(heap.bytes), at: flag?.flag.token.location))
        }
        entries.append(ModelEntry("heapFlagSet", .bool(flag != nil), at: flag?.flag.token.location))
        if let version { entries.append(ModelEntry("version", .string(version.description))) }
        return entries
    }
}
