import MemlintSource
import Testing

@Suite struct ByteSearchTests {
    /// memchr-and-compare finds what a plain scan finds, at the edges too.
    @Test func findsWhatAPlainScanFinds() {
        func plain(_ needle: [UInt8], _ text: [UInt8]) -> Int? {
            if needle.isEmpty { return 0 }
            guard text.count >= needle.count else { return nil }
            return (0...(text.count - needle.count)).first { Array(text[$0..<$0 + needle.count]) == needle }
        }
        let texts = ["", "a", "ab", "aab", "memlint", "# memlint: ignore", "xxmemlinxmemlint", "한국어 memlint", "mmmmmm"]
        let needles = ["", "m", "memlint", "b", "mm", "ignore", "한", "zz", "mmmmmmm"]
        for text in texts {
            for needle in needles {
                #expect(ByteSearch.firstOffset(of: Array(needle.utf8), in: Array(text.utf8)) == plain(Array(needle.utf8), Array(text.utf8)), "\(needle) in \(text)")
                #expect(text.containsLiteral(needle) == (plain(Array(needle.utf8), Array(text.utf8)) != nil))
            }
        }
        #expect("ubi8/nodejs-20".rangeOfLiteral("nodejs").map { String("ubi8/nodejs-20"[$0]) } == "nodejs")
        #expect([UInt8]("ab\u{E9}".utf8).withUnsafeBufferPointer { ByteSearch.endOfASCII(in: $0, from: 0, to: $0.count) } == 2)
    }
}

@Suite struct TrimmingTests {
    /// The shortcut for values with nothing to trim changes no answer.
    @Test func trimsWhatGoTrims() {
        let cases: [(String, String)] = [("", ""), ("a", "a"), (" a", "a"), ("a ", "a"), ("\t1Gi\n", "1Gi"), ("\u{A0}x\u{85}", "x"),
                                         ("x\u{2003}", "x"), ("  ", ""), ("a b", "a b"), ("한", "한"), (" 한 ", "한"), ("~!", "~!")]
        for (text, trimmed) in cases { #expect(text.trimmingWhitespace() == trimmed, "\(text.debugDescription)") }
    }
}
