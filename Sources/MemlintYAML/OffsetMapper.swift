/// Turns libyaml's character index into a byte offset in the UTF-8 text.
///
/// libyaml 0.2.5 counts `mark.index` in characters. Marks arrive almost in order, so a cursor that
/// walks forward is linear over a whole stream; a step back restarts from the nearest checkpoint
/// (one every 4,096 characters). ASCII texts skip all of this.
struct OffsetMapper {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let identity: Bool
    private var cursorChar = 0
    private var cursorByte = 0
    private var checkpoints: [Int] = [0]
    private static let stride = 4096

    init(bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) {
        self.bytes = bytes
        self.identity = isASCII
    }

    mutating func byteOffset(ofCharacter index: Int) -> Int {
        if identity { return index }
        if index < cursorChar {
            let checkpoint = min(index / Self.stride, checkpoints.count - 1)
            cursorChar = checkpoint * Self.stride
            cursorByte = checkpoints[checkpoint]
        }
        while cursorChar < index && cursorByte < bytes.count {
            let lead = bytes[cursorByte]
            if lead < 0x80 {
                // A run of ASCII, where characters and bytes advance together: skipped eight at a time.
                let end = ByteSearch.endOfASCII(in: bytes, from: cursorByte, to: min(bytes.count, cursorByte + index - cursorChar))
                let advanced = end - cursorByte
                var next = checkpoints.count * Self.stride
                while next > cursorChar && next <= cursorChar + advanced {
                    checkpoints.append(next - cursorChar + cursorByte)
                    next += Self.stride
                }
                cursorChar += advanced
                cursorByte = end
                continue
            }
            cursorByte += lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            cursorChar += 1
            if cursorChar % Self.stride == 0 && checkpoints.count == cursorChar / Self.stride {
                checkpoints.append(cursorByte)
            }
        }
        return min(cursorByte, bytes.count)
    }
}
