// swift-tools-version:6.0
// Fuzz targets for libFuzzer, kept out of the main package: built only by scripts/fuzz with
// `-sanitize=fuzzer,address`, which supplies their main().
import PackageDescription

let package = Package(
    name: "memlint-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "memlint", path: "..")],
    targets: [
        // One binary; MEMLINT_FUZZ_TARGET chooses the entry point (FuzzEntry.targets).
        .executableTarget(name: "memlint-fuzz", dependencies: [.product(name: "MemlintFuzzSupport", package: "memlint")]),
    ]
)
