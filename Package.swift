// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "memlint",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "memlint", targets: ["memlint"]),
        // For the fuzz package in Fuzz/ (and the robustness tests): one entry point per fuzz target.
        .library(name: "MemlintFuzzSupport", targets: ["MemlintFuzzSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C: libyaml from the system (Debian: libyaml-dev)
        .systemLibrary(
            name: "CYAML", path: "Sources/CYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),

        // Core: parsers and models, then the engine that runs rules over them
        .target(name: "MemlintSource"),
        .target(name: "MemlintYAML", dependencies: ["CYAML", "MemlintSource"]),
        .target(name: "MemlintDockerfile", dependencies: ["MemlintSource"]),
        .target(name: "MemlintKubernetes", dependencies: ["MemlintYAML"]),
        // What each container really runs: image links, process, runtime and its settings
        .target(name: "MemlintResolution", dependencies: ["MemlintSource", "MemlintYAML", "MemlintKubernetes", "MemlintDockerfile"]),
        // CEL (the Common Expression Language) for the rules users write in .lint.yml
        .target(name: "MemlintCEL", dependencies: ["MemlintKubernetes"]),
        .target(name: "MemlintEngine", dependencies: ["MemlintSource", "MemlintYAML", "MemlintKubernetes", "MemlintDockerfile", "MemlintResolution", "MemlintCEL"]),

        // Packs: one module per folder under Rules/, each depending only on the engine; each
        // embeds its part of the image catalogue (images.yml) at build time
        .target(name: "CoreRules", dependencies: ["MemlintEngine"], path: "Rules/Core", resources: [.embedInCode("images.yml")]),
        .target(name: "KubernetesRules", dependencies: ["MemlintEngine"], path: "Rules/Kubernetes"),
        .target(name: "JVMRules", dependencies: ["MemlintEngine"], path: "Rules/JVM", resources: [.embedInCode("images.yml")]),
        .target(name: "GoRules", dependencies: ["MemlintEngine"], path: "Rules/Go", resources: [.embedInCode("images.yml")]),
        .target(name: "NodeRules", dependencies: ["MemlintEngine"], path: "Rules/Node", resources: [.embedInCode("images.yml")]),
        .target(name: "PythonRules", dependencies: ["MemlintEngine"], path: "Rules/Python", resources: [.embedInCode("images.yml")]),
        .target(name: "MemlintPacks", dependencies: [
            "MemlintEngine", "CoreRules", "KubernetesRules", "JVMRules", "GoRules", "NodeRules", "PythonRules",
        ]),

        // Fuzzing entry points (Fuzz/ wraps them for libFuzzer)
        .target(name: "MemlintFuzzSupport", dependencies: ["MemlintEngine", "MemlintPacks"]),

        // CLI: the commands in a library (so tests can reach the parsers), and a main that calls them
        .target(
            name: "MemlintCLI",
            dependencies: ["MemlintEngine", "MemlintPacks", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "memlint", dependencies: ["MemlintCLI"]),

        // Tests
        .target(name: "MemlintTestSupport", dependencies: ["MemlintEngine", "MemlintPacks"], path: "Tests/MemlintTestSupport"),
        .testTarget(name: "MemlintYAMLTests", dependencies: ["MemlintYAML", "MemlintTestSupport"]),
        .testTarget(name: "MemlintKubernetesTests", dependencies: ["MemlintKubernetes", "MemlintYAML"]),
        .testTarget(name: "MemlintCELTests", dependencies: ["MemlintCEL", "MemlintTestSupport"], exclude: ["reference_cel.py"]),
        .testTarget(name: "MemlintDockerfileTests", dependencies: ["MemlintDockerfile", "MemlintTestSupport"]),
        .testTarget(name: "MemlintEngineTests", dependencies: ["MemlintEngine", "MemlintPacks", "MemlintTestSupport", "MemlintFuzzSupport"]),
        .testTarget(name: "RuleExamplesTests", dependencies: ["MemlintEngine", "MemlintPacks", "MemlintTestSupport"]),
        .testTarget(name: "JVMRulesTests", dependencies: ["JVMRules", "MemlintPacks", "MemlintTestSupport"]),
        .testTarget(name: "RuntimePacksTests", dependencies: ["GoRules", "NodeRules", "PythonRules", "MemlintPacks", "MemlintTestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["MemlintTestSupport"]),
        .testTarget(name: "MemlintCLITests", dependencies: ["MemlintCLI", "MemlintTestSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // A pack written as a user of the engine would: proves a runtime and its rule register
        // without any change to the engine (docs/writing-rules.md).
        .target(name: "ExamplePack", dependencies: ["MemlintEngine"], path: "Tests/ExamplePack", resources: [.embedInCode("images.yml")]),
        // The truth lab: memlint's runtime model against the real runtimes in memory cgroups (docs/truth-lab.md).
        .testTarget(name: "TruthLabTests", dependencies: ["MemlintTestSupport"]),
        .testTarget(name: "ExamplePackTests", dependencies: ["ExamplePack", "MemlintPacks", "MemlintTestSupport"]),
    ]
)
