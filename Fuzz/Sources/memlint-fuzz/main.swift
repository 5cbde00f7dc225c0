import Foundation
import MemlintFuzzSupport

// One libFuzzer binary for every target: MEMLINT_FUZZ_TARGET names it (yaml, dockerfile, values,
// config; scripts/fuzz sets it). The driver comes from the toolchain's libclang_rt.fuzzer_no_main
// (linked by scripts/fuzz): SwiftPM owns main(), so the driver is started from here.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

let name = ProcessInfo.processInfo.environment["MEMLINT_FUZZ_TARGET"] ?? ""
guard let entry = FuzzEntry.targets[name] else {
    FileHandle.standardError.write(Data("set MEMLINT_FUZZ_TARGET to one of \(FuzzEntry.targets.keys.sorted().joined(separator: ", "))\n".utf8))
    exit(2)
}
// A C callback captures nothing: the chosen entry point is global.
nonisolated(unsafe) let selected = entry
var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    selected(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
})
