import MemlintEngine

/// .NET, as a pack outside memlint would add it: a runtime descriptor (detection and settings)
/// and one rule. Nothing in the engine names it; registering it is listing `dotnetPack`.
public let dotnetPack = RulePack(
    name: "DotNet",
    codePrefix: "NET",
    rules: [HeapHardLimitPercentHexRule.self],
    runtimes: [DotNetRuntime()],
    catalogue: ("Tests/ExamplePack/images.yml", PackageResources.images_yml))
