import MemlintEngine

/// CoreCLR: recognised by its images (the pack's images.yml), its command and its variables.
public struct DotNetRuntime: RuntimeDescriptor {
    public static let id = RuntimeID("dotnet")
    public var id: RuntimeID { Self.id }
    public let displayName = ".NET"

    public init() {}

    public func evidence(for subject: RuntimeSubject) -> [RuntimeEvidence] {
        subject.standardEvidence(runtimeName: ".NET", isCommand: { $0 == "dotnet" },
                                 variables: ["DOTNET_GCHeapHardLimit", "DOTNET_GCHeapHardLimitPercent"])
    }

    public func settings(for container: ResolvedContainer, parameters: ParameterValues) -> any RuntimeSettings {
        DotNetSettings(container)
    }
}

/// What the runtime reads: `DOTNET_GCHeapHardLimitPercent`, whose environment form is hexadecimal
/// (dotnet/docs, docs/core/runtime-config/garbage-collector.md).
public struct DotNetSettings: RuntimeSettings {
    public var heapLimitPercent: EnvValue?
    public var budget: MemoryBudget? { nil }

    init(_ container: ResolvedContainer) {
        heapLimitPercent = container.process.environment["DOTNET_GCHeapHardLimitPercent"]
    }
}
