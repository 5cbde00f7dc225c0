@testable import MemlintEngine
import MemlintSource
import MemlintTestSupport
import Testing

/// Who reads the place an edit changes, found around the edit, is who a scan of every read finds.
@Suite struct ValueReadersTests {
    @Test func findsTheReadersAScanOfEveryReadFinds() {
        var random = SeededRandom(seed: 7)
        func next(_ bound: Int) -> Int { random.below(bound) }
        var reads: [ValueReaders.Read] = []
        for container in 0..<300 {
            let path = ["a.yaml", "b.yaml", "Dockerfile"][next(3)]
            let start = next(10_000)
            // Mostly small, sometimes a whole file (a Dockerfile's lines), sometimes empty.
            let end = next(20) == 0 ? Int.max : start + next(5) * next(400)
            reads.append(.init(container: "c\(container)", path: path, bytes: start..<end))
        }
        let readers = ValueReaders(reads)
        for _ in 0..<2_000 {
            let path = ["a.yaml", "b.yaml", "Dockerfile", "c.yaml"][next(4)]
            let start = next(11_000), end = start + next(3) * next(50)
            let edit = Fix.Edit(path: path, span: Span(start: Mark(line: 1, column: 1, offset: start), end: Mark(line: 1, column: 1, offset: end)),
                                replacement: "x")
            let scanned = Set(reads.filter { $0.path == path && $0.bytes.lowerBound <= start && end <= $0.bytes.upperBound }.map(\.container))
            #expect(readers.readers(of: edit) == scanned, "\(path) \(start)..<\(end)")
        }
    }
}
