import Foundation
import MemlintFuzzSupport

// libFuzzer's driver, from the toolchain's libclang_rt.fuzzer_no_main (linked by scripts/fuzz):
// SwiftPM owns main(), so the driver is started from here.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    FuzzEntry.fuzzValues(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
})
