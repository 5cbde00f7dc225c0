// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "memlint",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "memlint", targets: ["memlint"]),
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
        .target(name: "MemlintYAML", dependencies: ["CYAML"]),
        .target(name: "MemlintKubernetes", dependencies: ["MemlintYAML"]),
        .target(name: "MemlintEngine", dependencies: ["MemlintYAML", "MemlintKubernetes"]),

        // Packs: one module per folder under Rules/, each depending only on the engine
        .target(name: "CoreRules", dependencies: ["MemlintEngine"], path: "Rules/Core"),
        .target(name: "KubernetesRules", dependencies: ["MemlintEngine"], path: "Rules/Kubernetes"),
        .target(name: "MemlintPacks", dependencies: ["MemlintEngine", "CoreRules", "KubernetesRules"]),

        // CLI
        .executableTarget(
            name: "memlint",
            dependencies: ["MemlintEngine", "MemlintPacks", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // Tests
        .target(name: "MemlintTestSupport", dependencies: ["MemlintEngine", "MemlintPacks"], path: "Tests/MemlintTestSupport"),
        .testTarget(name: "MemlintYAMLTests", dependencies: ["MemlintYAML", "MemlintTestSupport"]),
        .testTarget(name: "MemlintKubernetesTests", dependencies: ["MemlintKubernetes", "MemlintYAML"]),
        .testTarget(name: "MemlintEngineTests", dependencies: ["MemlintEngine", "MemlintPacks", "MemlintTestSupport"]),
        .testTarget(name: "RuleExamplesTests", dependencies: ["MemlintEngine", "MemlintPacks", "MemlintTestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["MemlintTestSupport"]),
    ]
)
