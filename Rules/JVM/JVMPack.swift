import MemlintEngine

/// The JVM: detection, option parsing with the JVM's precedence, the memory budget, and its rules.
/// The model and its defaults are described in docs/packs/jvm.md.
public let jvmPack = RulePack(
    name: "JVM",
    codePrefix: "JVM",
    rules: [
        JVMTotalMemoryOverLimitRule.self,
        JVMHeapOverLimitRule.self,
        JVMInvalidOptionRule.self,
        JVMInitialHeapOverMaxRule.self,
        JVMNotContainerAwareRule.self,
        JVMWorstCaseOverLimitRule.self,
        JVMDefaultHeapRule.self,
        JVMOptionsNotReadRule.self,
        JVMRAMPercentageIgnoredRule.self,
    ],
    runtimes: [JVMRuntime()],
    catalogue: ("Rules/JVM/images.yml", PackageResources.images_yml))
