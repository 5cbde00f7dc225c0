@testable import MemlintYAML
import MemlintTestSupport
import Testing

/// The character → byte mapping the loader gives every mark, against a plain count, on text that
/// mixes ASCII runs of every length with 2-, 3- and 4-byte characters, asked in order and out of it.
@Suite struct OffsetMapperTests {
    @Test(arguments: [1, 2, 3])
    func mapsEveryCharacterAsACountDoes(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let pieces = ["a", "key: value\n", String(repeating: "x", count: 37), "é", "한국어", "😀", "  # 주석\n"]
        var text = ""
        while text.utf8.count < 40_000 { text += pieces[random.below(pieces.count)] }
        var expected: [Int] = []  // byte offset of each character
        var offset = 0
        for scalar in text.unicodeScalars {
            expected.append(offset)
            offset += String(scalar).utf8.count
        }
        expected.append(offset)
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var mapper = OffsetMapper(bytes: buffer, isASCII: false)
            var index = 0
            while index < expected.count {  // forward, in steps of 0–99 characters
                #expect(mapper.byteOffset(ofCharacter: index) == expected[index], "character \(index)")
                index += random.below(100)
            }
            for _ in 0..<500 {  // anywhere, backwards included
                let index = random.below(expected.count)
                #expect(mapper.byteOffset(ofCharacter: index) == expected[index], "character \(index)")
            }
        }
    }
}
