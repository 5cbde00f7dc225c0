import MemlintEngine

/// The JVM: container detection now; the memory budget and its rules come with the JVM pack issue.
public let jvmPack = RulePack(name: "JVM", codePrefix: "JVM", rules: [], detectors: [JVMDetector()])
