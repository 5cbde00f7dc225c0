/// Cuts a large YAML stream into chunks that can be parsed in parallel.
///
/// A chunk boundary is a line that starts with `---` followed by a blank or the end of the line.
/// YAML forbids a document marker at column 0 inside any scalar or collection (`c-forbidden`), so
/// such a line always starts a new document: a valid stream parses to the same documents in chunks.
/// Streams with directives (`%YAML`, `%TAG`), whose meaning spans the `---` after them, are not cut.
public enum StreamSplitter {
    /// Bytes `range` of the stream, which start at `origin` in it.
    public struct Chunk: Sendable {
        public var range: Range<Int>
        public var origin: ChunkOrigin

        public init(range: Range<Int>, origin: ChunkOrigin) {
            self.range = range
            self.origin = origin
        }
    }

    public static func chunks(_ text: SourceText, targetBytes: Int) -> [Chunk] {
        let bytes = text.bytes
        let whole = [Chunk(range: 0..<text.bytes.count, origin: ChunkOrigin())]
        guard bytes.count > targetBytes * 2 else { return whole }
        var cuts: [(offset: Int, line: Int)] = []
        var line = 0
        var lastCut = 0
        var i = 0
        let n = bytes.count
        var atLineStart = true
        while i < n {
            let b = bytes[i]
            if atLineStart {
                if b == UInt8(ascii: "%") { return whole }
                if b == UInt8(ascii: "-"), i - lastCut >= targetBytes, i + 2 < n, bytes[i + 1] == b, bytes[i + 2] == b,
                   i + 3 == n || [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i + 3]) {
                    cuts.append((i, line))
                    lastCut = i
                }
            }
            atLineStart = false
            if b == 0x0A {
                line += 1
                atLineStart = true
            } else if b == 0x0D {
                if i + 1 < n, bytes[i + 1] == 0x0A { i += 1 }
                line += 1
                atLineStart = true
            }
            i += 1
        }
        guard !cuts.isEmpty else { return whole }
        var chunks: [Chunk] = []
        var start = (offset: 0, line: 0)
        for cut in cuts + [(n, line)] {
            chunks.append(Chunk(range: start.offset..<cut.offset, origin: ChunkOrigin(lineOffset: start.line, byteOffset: start.offset)))
            start = cut
        }
        return chunks
    }
}
