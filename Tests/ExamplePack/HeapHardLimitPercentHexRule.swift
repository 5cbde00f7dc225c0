import MemlintEngine

struct HeapHardLimitPercentHexRule: ContainerRule {
    static let description = RuleDescription(
        code: "NET001", name: "gc-heap-limit-percent-hex", pack: "DotNet", defaultSeverity: .error,
        summary: "DOTNET_GCHeapHardLimitPercent is read as hexadecimal, so a decimal-looking value is too large.",
        rationale: """
            The .NET runtime reads its GC settings from the environment as hexadecimal numbers (dotnet/docs, \
            docs/core/runtime-config/garbage-collector.md): `DOTNET_GCHeapHardLimitPercent=75` is 0x75, \
            117 % of the container limit, so the GC never holds the heap under the limit.
            """,
        fix: "Write the percentage in hex: 0x4B for 75 %.",
        triggering: [Example("""
            apiVersion: v1
            kind: Pod
            metadata: {name: api}
            spec:
              containers:
                - name: api
                  image: mcr.microsoft.com/dotnet/aspnet:8.0
                  env: [{name: DOTNET_GCHeapHardLimitPercent, value: "↓75"}]
            """)],
        nonTriggering: [Example("""
            apiVersion: v1
            kind: Pod
            metadata: {name: api}
            spec:
              containers:
                - name: api
                  image: mcr.microsoft.com/dotnet/aspnet:8.0
                  env: [{name: DOTNET_GCHeapHardLimitPercent, value: "0x4B"}]
            """)])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let variable = context.settings(DotNetSettings.self)?.heapLimitPercent, let value = variable.value,
              !value.text.lowercased().hasPrefix("0x"), let percent = Int(value.text, radix: 16), percent > 100 else { return }
        sink.report("DOTNET_GCHeapHardLimitPercent=\(value.text) is hexadecimal: \(percent) % of the limit",
                    at: value.location ?? variable.location, fix: "write 0x\(String(Int(value.text) ?? 75, radix: 16, uppercase: true))")
    }
}
