import MemlintEngine

/// The JVM's part of the rule model (`runtime.jvm.*`), from the budget the rules use.
extension JVMRuntime {
    var modelFields: [ModelField] {
        [
            ModelField("maxHeap", .int, "The max heap in bytes: -Xmx, MaxRAMPercentage of the limit, or HotSpot's default; what the budget uses."),
            ModelField("maxHeapSet", .bool, "True when -Xmx or -XX:MaxHeapSize sets the heap."),
            ModelField("initialHeap", .int, "HotSpot's InitialHeapSize in bytes."),
            ModelField("maxRAMPercentage", .double, "-XX:MaxRAMPercentage, when set."),
            ModelField("threadStack", .int, "The thread stack size (-Xss) in bytes."),
            ModelField("containerAware", .bool, "False when the JVM sizes its heap from the node, not the limit."),
            ModelField("version", .int, "The JDK's major version, from the image tag."),
            ModelField("options", .strings, "The memory options the JVM gets, in the order it reads them."),
        ]
    }
}

extension JVMSettings {
    var modelEntries: [ModelEntry] {
        var entries: [ModelEntry] = []
        let heapFlag = options.effective(.maxHeap) ?? options.effective(.maxRAMPercentage)
        if let heap = model.heap {
            entries.append(ModelEntry("maxHeap", .int(heap.bytes), at: heapFlag?.location ?? model.limit?.location))
            entries.append(ModelEntry("maxHeapSet", .bool(heap.source == .maxHeapFlag), at: heapFlag?.location))
        }
        if let initial = model.initialHeap { entries.append(ModelEntry("initialHeap", .int(initial), at: options.effective(.initialHeap)?.location)) }
        if let percentage = options.effective(.maxRAMPercentage), let number = percentage.number {
            entries.append(ModelEntry("maxRAMPercentage", .double(number), at: percentage.location))
        }
        entries.append(ModelEntry("threadStack", .int(model.threadStack.bytes), at: options.effective(.threadStack)?.location))
        entries.append(ModelEntry("containerAware", .bool(model.isContainerAware), at: options.effective(.containerSupport)?.location))
        if let version = options.version { entries.append(ModelEntry("version", .int(Int64(version.major)))) }
        entries.append(ModelEntry("options", .strings(options.flags.map(\.text))))
        return entries
    }
}
