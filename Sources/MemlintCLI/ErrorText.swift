import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What went wrong with a file, in the system's words ("Permission denied"): Foundation's localized
/// sentence needs the Foundation that links ICU, which memlint does not (docs/architecture.md).
func describe(_ error: any Error) -> String {
    let posix = (error as? POSIXError) ?? ((error as? CocoaError)?.underlying as? POSIXError)
    if let posix { return String(cString: strerror(posix.code.rawValue)) }
    return String(describing: error)
}
