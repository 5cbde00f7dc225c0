#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Scans over raw text that run once per file, whole-file: they are a measurable share of a large
/// run when done a byte at a time (docs/performance.md).
public enum ByteSearch {
    /// The offset of the first occurrence of `needle` in `haystack` (an empty needle: 0), or nil.
    /// Candidates are found with libc's memchr, which is vectorised.
    public static func firstOffset(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = needle.first else { return 0 }
        guard let base = haystack.baseAddress, let pattern = needle.baseAddress, haystack.count >= needle.count else { return nil }
        let last = haystack.count - needle.count  // the last offset a match can start at
        var start = 0
        while start <= last {
            guard let found = memchr(base + start, Int32(first), last - start + 1) else { return nil }
            let offset = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            if memcmp(base + offset, pattern, needle.count) == 0 { return offset }
            start = offset + 1
        }
        return nil
    }

    public static func firstOffset(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        needle.withUnsafeBufferPointer { needle in haystack.withUnsafeBufferPointer { firstOffset(of: needle, in: $0) } }
    }

    /// The end of the run of ASCII bytes that starts at `start`, found eight bytes at a time, no
    /// further than `end`.
    public static func endOfASCII(in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        if let base = buffer.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= end, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
            }
        }
        while index < end, buffer[index] < 0x80 { index += 1 }
        return index
    }
}
