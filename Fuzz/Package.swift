// swift-tools-version:6.0
// Fuzz targets for libFuzzer, kept out of the main package: built only by scripts/fuzz with
// `-sanitize=fuzzer,address`, which supplies their main().
import PackageDescription

let package = Package(
    name: "memlint-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "memlint", path: "..")],
    targets: [
        .executableTarget(name: "fuzz-yaml", dependencies: [.product(name: "MemlintFuzzSupport", package: "memlint")]),
        .executableTarget(name: "fuzz-dockerfile", dependencies: [.product(name: "MemlintFuzzSupport", package: "memlint")]),
        .executableTarget(name: "fuzz-values", dependencies: [.product(name: "MemlintFuzzSupport", package: "memlint")]),
        .executableTarget(name: "fuzz-config", dependencies: [.product(name: "MemlintFuzzSupport", package: "memlint")]),
    ]
)
