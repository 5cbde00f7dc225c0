/// The bytes of one input, normalised to UTF-8, with what is needed to turn libyaml's character
/// counts into byte offsets and back.
///
/// Decoding happens once, before parsing: a UTF-8 byte order mark is dropped, UTF-16 with a byte
/// order mark is converted to UTF-8 (libyaml could read it, but then its character indices and our
/// byte offsets would disagree), and anything that is not valid UTF-8 is refused with the position
/// of the first bad byte.
public struct SourceText: Sendable, Equatable {
    public let bytes: [UInt8]
    /// True when every byte is below 0x80: character index and byte offset are then the same.
    public let isASCII: Bool

    public enum DecodingError: Error, Equatable, Sendable {
        /// The first byte that is not part of a valid UTF-8 sequence, at this byte offset.
        case invalidUTF8(offset: Int)
        case invalidUTF16(offset: Int)
        /// Zero bytes at every other position: UTF-16 without a byte order mark.
        case utf16WithoutBOM
    }

    /// Decodes `raw` (a file's bytes) into UTF-8.
    public static func decode(_ raw: [UInt8]) -> Result<SourceText, DecodingError> {
        if raw.count >= 3, raw[0] == 0xEF, raw[1] == 0xBB, raw[2] == 0xBF {
            return validated(Array(raw[3...]))
        }
        if raw.count >= 2, (raw[0] == 0xFF && raw[1] == 0xFE) || (raw[0] == 0xFE && raw[1] == 0xFF) {
            return fromUTF16(raw, littleEndian: raw[0] == 0xFF)
        }
        return validated(raw)
    }

    /// Wraps text that is known to be valid UTF-8 (a Swift string).
    public init(_ string: String) {
        self.bytes = Array(string.utf8)
        self.isASCII = bytes.allSatisfy { $0 < 0x80 }
    }

    private init(validBytes: [UInt8], isASCII: Bool) {
        self.bytes = validBytes
        self.isASCII = isASCII
    }

    private static func validated(_ bytes: [UInt8]) -> Result<SourceText, DecodingError> {
        let ascii = bytes.withUnsafeBufferPointer { buffer in
            // Eight bytes at a time: most manifests are pure ASCII.
            var index = 0
            var accumulated: UInt64 = 0
            let count = buffer.count
            if let base = buffer.baseAddress {
                let raw = UnsafeRawPointer(base)
                while index + 8 <= count {
                    accumulated |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    index += 8
                }
            }
            while index < count {
                accumulated |= UInt64(buffer[index])
                index += 1
            }
            return accumulated & 0x8080_8080_8080_8080 == 0
        }
        if ascii {
            if looksLikeBOMlessUTF16(bytes) { return .failure(.utf16WithoutBOM) }
            return .success(SourceText(validBytes: bytes, isASCII: true))
        }
        if let bad = firstInvalidUTF8Offset(bytes) { return .failure(.invalidUTF8(offset: bad)) }
        return .success(SourceText(validBytes: bytes, isASCII: false))
    }

    /// Zero bytes at most even (or odd) positions of the first few hundred bytes, and nowhere else.
    private static func looksLikeBOMlessUTF16(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(512)
        guard sample.count >= 4 else { return false }
        var evenZeros = 0, oddZeros = 0
        for (i, byte) in sample.enumerated() where byte == 0 {
            if i % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 }
        }
        let half = sample.count / 2
        return (evenZeros * 10 >= half * 9 && oddZeros == 0) || (oddZeros * 10 >= half * 9 && evenZeros == 0)
    }

    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629:
    /// no overlong forms, no surrogates, nothing above U+10FFFF), or nil.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer(firstInvalidUTF8Offset)
    }

    private static func firstInvalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 {
                i = ByteSearch.endOfASCII(in: bytes, from: i, to: n)
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            let b1 = bytes[i + 1]
            guard b1 >= lower && b1 <= upper else { return i }
            for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    private static func fromUTF16(_ raw: [UInt8], littleEndian: Bool) -> Result<SourceText, DecodingError> {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 2
        func unit(_ at: Int) -> UInt16 {
            littleEndian ? UInt16(raw[at]) | UInt16(raw[at + 1]) << 8 : UInt16(raw[at]) << 8 | UInt16(raw[at + 1])
        }
        while i + 1 < raw.count {
            var scalar = UInt32(unit(i))
            let at = i
            i += 2
            if scalar >= 0xD800 && scalar <= 0xDBFF {
                guard i + 1 < raw.count else { return .failure(.invalidUTF16(offset: at)) }
                let low = UInt32(unit(i))
                guard low >= 0xDC00 && low <= 0xDFFF else { return .failure(.invalidUTF16(offset: at)) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                i += 2
            } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                return .failure(.invalidUTF16(offset: at))
            }
            guard let s = Unicode.Scalar(scalar) else { return .failure(.invalidUTF16(offset: at)) }
            out.append(contentsOf: UTF8.encode(s)!)
        }
        if i < raw.count { return .failure(.invalidUTF16(offset: i)) }
        return .success(SourceText(validBytes: out, isASCII: out.allSatisfy { $0 < 0x80 }))
    }

    /// The 1-based line and column (in characters) of a byte offset, counting line breaks the way
    /// libyaml does (LF, CR LF, and a lone CR). Linear in the offset: for error paths only.
    public func position(ofByte target: Int) -> Mark {
        Self.position(ofByte: target, in: bytes)
    }

    /// The byte offset of a mark's line and column (in characters; LF line breaks), the inverse of
    /// `position(ofByte:)`; nil past the end of its line or of the text. Linear: for fixes only.
    public func offset(of mark: Mark) -> Int? {
        var line = 1, index = 0
        while line < Int(mark.line) {
            guard let newline = bytes[index...].firstIndex(of: 0x0A) else { return nil }
            index = newline + 1
            line += 1
        }
        for _ in 1..<max(1, Int(mark.column)) {
            guard index < bytes.count, bytes[index] != 0x0A else { return nil }
            index += 1
            while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
        }
        return index
    }

    /// The same for raw bytes (which may not be valid UTF-8: each lead byte counts as one character).
    public static func position(ofByte target: Int, in bytes: [UInt8]) -> Mark {
        var line = 1, column = 1, i = 0
        let end = min(target, bytes.count)
        while i < end {
            let b = bytes[i]
            if b == 0x0A || (b == 0x0D && (i + 1 >= bytes.count || bytes[i + 1] != 0x0A)) {
                line += 1; column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return Mark(line: line, column: column, offset: end)
    }
}
