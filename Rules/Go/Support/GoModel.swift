import MemlintEngine

/// Go's part of the rule model (`runtime.go.*`).
extension GoRuntime {
    var modelFields: [ModelField] {
        [
            ModelField("memoryLimit", .int, "GOMEMLIMIT in bytes, when set and valid."),
            ModelField("gogc", .int, "The GC percentage GOGC gives (100 by default, -1 for off)."),
            ModelField("automemlimit", .bool, "True when AUTOMEMLIMIT says automemlimit sets GOMEMLIMIT at startup."),
        ]
    }
}

extension GoSettings {
    var modelEntries: [ModelEntry] {
        var entries: [ModelEntry] = []
        if let bytes = limitBytes { entries.append(ModelEntry("memoryLimit", .int(bytes), at: memoryLimit?.value?.location ?? memoryLimit?.location)) }
        entries.append(ModelEntry("gogc", .int(Int64(gcPercent)), at: gogc?.value?.location ?? gogc?.location))
        entries.append(ModelEntry("automemlimit", .bool(automemlimit)))
        return entries
    }
}
