@testable import MemlintEngine
import MemlintSource
import Testing

/// What removing an item or a word leaves behind, for each way a list is written, and the shapes
/// where nothing is removed because what would be left is not certain.
@Suite struct SeparatedRemovalTests {
    /// Removes the first `target` of the one-line-or-more `text`, as `Linter` would.
    func removing(_ target: String, from text: String) -> String? {
        let bytes = Array(text.utf8)
        let targetBytes = Array(target.utf8)
        guard let start = (0...(bytes.count - targetBytes.count)).first(where: { Array(bytes[$0..<($0 + targetBytes.count)]) == targetBytes }) else {
            Issue.record("no \(target) in the text")
            return nil
        }
        let end = start + targetBytes.count
        func mark(_ offset: Int) -> Mark {
            let before = bytes[..<offset]
            let line = before.filter { $0 == 0x0A }.count + 1
            let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).unicodeScalars.count + 1
            return Mark(line: line, column: column, offset: offset)
        }
        guard let span = SeparatedRemoval.widen(Span(start: mark(start), end: mark(end)), in: bytes) else { return nil }
        #expect(span.start == mark(span.start.offset) && span.end == mark(span.end.offset), "marks agree with offsets")
        return String(decoding: bytes[..<span.start.offset] + bytes[span.end.offset...], as: UTF8.self)
    }

    @Test(arguments: [
        // Flow sequences and JSON arrays: the comma after, or before the last item.
        ("[java, -XX:M=75, -jar]", "-XX:M=75", "[java, -jar]"),
        ("[java, -jar, -XX:M=75]", "-XX:M=75", "[java, -jar]"),
        (#"["java", "-XX:M=75", "-jar"]"#, "-XX:M=75", #"["java", "-jar"]"#),
        ("[{name: A, value: x}]", "{name: A, value: x}", "[]"),
        ("[{name: A, value: x}, {name: B}]", "{name: A, value: x}", "[{name: B}]"),
        // Block sequences: the whole line, a trailing comment and CRLF with it.
        ("x:\n  - java\n  - -XX:M=75   # 무시됨\n  - -jar\n", "-XX:M=75", "x:\n  - java\n  - -jar\n"),
        ("x:\r\n  - java\r\n  - \"-XX:M=75\"\r\n  - -jar\r\n", "-XX:M=75", "x:\r\n  - java\r\n  - -jar\r\n"),
        ("env:\n  - name: A\n    value: b\n  - name: C\n", "name: A\n    value: b", "env:\n  - name: C\n"),
        // Words: the blanks after, or before the last one; a tab survives.
        (#"value: "-Xss1m -XX:M=75 -Dx=y""#, "-XX:M=75", #"value: "-Xss1m -Dx=y""#),
        (#"value: "-Xss1m -XX:M=75""#, "-XX:M=75", #"value: "-Xss1m""#),
        ("CMD java -Xmx1g \\\n\t-XX:M=75 -jar /a.jar\n", "-XX:M=75", "CMD java -Xmx1g \\\n\t-jar /a.jar\n"),
        ("ENV A=\"힙 -XX:M=75\"\n", "-XX:M=75", "ENV A=\"힙\"\n"),
    ])
    func removesWithItsSeparator(text: String, target: String, expected: String) {
        #expect(removing(target, from: text) == expected)
    }

    @Test(arguments: [
        // The whole value of a key: removing it would leave `value:` (null) or `A=`. (Rules never ask
        // for a variable's only word as a word: `ENV A -XX:M=75` would lose its value.)
        ("value: -XX:M=75\n", "-XX:M=75"),
        (#"value: "-XX:M=75""#, "-XX:M=75"),
        ("ENV A=-XX:M=75\n", "-XX:M=75"),
        // A quoted word inside a longer value: its quotes would need a shell's reading.
        (#"A="-Xmx1g '-XX:M=75'""#, "-XX:M=75"),
    ])
    func leavesUncertainShapesAlone(text: String, target: String) {
        #expect(removing(target, from: text) == nil)
    }
}
