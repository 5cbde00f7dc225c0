import MemlintSource

/// A rule that removes a list item or a word names only the item (`-XX:MaxRAMPercentage=75`, an env
/// entry's mapping); what must go with it depends on how the file writes the list. With the file's
/// bytes the span grows to: the item's quotes; its whole line in a block sequence (`- item`); the
/// comma after it (or before it, for the last one) in a flow sequence or a JSON array; the blanks
/// after it (or before it, at the end) for a word in a longer value. nil when none of these shapes
/// is certain, so nothing half-removed is ever written.
enum SeparatedRemoval {
    static func widen(_ span: Span, in bytes: [UInt8]) -> Span? {
        var start = span.start.offset
        var end = span.end.offset
        guard start < end, end <= bytes.count else { return nil }
        let quoted = start > 0 && end < bytes.count && (bytes[start - 1] == quote || bytes[start - 1] == apostrophe) && bytes[end] == bytes[start - 1]
        if quoted { start -= 1; end += 1 }
        let lineStart = lineStart(of: start, in: bytes)

        // A block sequence item: `- item`, nothing but a comment after it.
        let before = bytes[lineStart..<start]
        if let dash = before.firstIndex(where: { !isBlank($0) }), bytes[dash] == UInt8(ascii: "-"), dash + 1 < start,
           before[(dash + 1)...].allSatisfy(isBlank) {
            var rest = end
            while rest < bytes.count, isBlank(bytes[rest]) { rest += 1 }
            if rest == bytes.count || bytes[rest] == newline || bytes[rest] == carriageReturn || (bytes[rest] == hash && rest > end) {
                var lineEnd = rest
                while lineEnd < bytes.count, bytes[lineEnd] != newline { lineEnd += 1 }
                let through = min(bytes.count, lineEnd + 1)
                let endMark = through > lineEnd
                    ? Mark(line: Int(span.end.line) + 1, column: 1, offset: through)
                    : Mark(line: Int(span.end.line), column: Int(span.end.column) + (through - span.end.offset), offset: through)
                return Span(start: Mark(line: Int(span.start.line), column: 1, offset: lineStart), end: endMark)
            }
        }

        var blanksBefore = start
        while blanksBefore > lineStart, isBlank(bytes[blanksBefore - 1]) { blanksBefore -= 1 }
        var blanksAfter = end
        while blanksAfter < bytes.count, isBlank(bytes[blanksAfter]) { blanksAfter += 1 }
        let previous = blanksBefore > lineStart ? bytes[blanksBefore - 1] : nil
        let next = blanksAfter < bytes.count ? bytes[blanksAfter] : nil

        // A flow sequence or JSON array item, with a separator on each side.
        if previous == comma || previous == openBracket, next == comma || next == closeBracket {
            if next == comma {
                var through = blanksAfter + 1
                while through < bytes.count, isBlank(bytes[through]) { through += 1 }
                return marks(span, start: start, end: through)
            }
            return marks(span, start: previous == comma ? blanksBefore - 1 : start, end: end)
        }

        // A word among words of one value.
        guard !quoted else { return nil }
        if blanksAfter > end, let next, !endsValue(next) { return marks(span, start: start, end: blanksAfter) }
        if blanksBefore < start, let previous, !startsValue(previous) { return marks(span, start: blanksBefore, end: end) }
        return nil
    }

    /// A mapping entry (`key: value`, from the key to the end of the value): its whole line in a
    /// block mapping, nothing but blanks before it and a comment after; its comma in a flow mapping.
    static func widenEntry(_ span: Span, in bytes: [UInt8]) -> Span? {
        let start = span.start.offset
        let end = span.end.offset
        guard start < end, end <= bytes.count else { return nil }
        let lineStart = lineStart(of: start, in: bytes)
        var rest = end
        while rest < bytes.count, isBlank(bytes[rest]) { rest += 1 }
        if bytes[lineStart..<start].allSatisfy(isBlank),
           rest == bytes.count || bytes[rest] == newline || bytes[rest] == carriageReturn || (bytes[rest] == hash && rest > end) {
            var lineEnd = rest
            while lineEnd < bytes.count, bytes[lineEnd] != newline { lineEnd += 1 }
            let through = min(bytes.count, lineEnd + 1)
            let endMark = through > lineEnd
                ? Mark(line: Int(span.end.line) + 1, column: 1, offset: through)
                : Mark(line: Int(span.end.line), column: Int(span.end.column) + (through - end), offset: through)
            return Span(start: Mark(line: Int(span.start.line), column: 1, offset: lineStart), end: endMark)
        }
        var blanksBefore = start
        while blanksBefore > lineStart, isBlank(bytes[blanksBefore - 1]) { blanksBefore -= 1 }
        let previous = blanksBefore > lineStart ? bytes[blanksBefore - 1] : nil
        let next = rest < bytes.count ? bytes[rest] : nil
        let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
        guard previous == comma || previous == openBrace, next == comma || next == closeBrace else { return nil }
        if next == comma {
            var through = rest + 1
            while through < bytes.count, isBlank(bytes[through]) { through += 1 }
            return marks(span, start: start, end: through)
        }
        return marks(span, start: previous == comma ? blanksBefore - 1 : start, end: end)
    }

    /// The span moved by ASCII bytes on its own lines (quotes, blanks, commas).
    private static func marks(_ span: Span, start: Int, end: Int) -> Span {
        Span(start: Mark(line: Int(span.start.line), column: Int(span.start.column) - (span.start.offset - start), offset: start),
             end: Mark(line: Int(span.end.line), column: Int(span.end.column) + (end - span.end.offset), offset: end))
    }

    private static func lineStart(of offset: Int, in bytes: [UInt8]) -> Int {
        var index = offset
        while index > 0, bytes[index - 1] != newline { index -= 1 }
        return index
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    /// After a word's blanks, these end the value rather than begin another word.
    private static func endsValue(_ byte: UInt8) -> Bool {
        [newline, carriageReturn, quote, apostrophe, closeBracket, comma, hash, UInt8(ascii: "}")].contains(byte)
    }
    /// Before a word's blanks, these begin the value (a key's colon, `=`, a dash, a bracket).
    private static func startsValue(_ byte: UInt8) -> Bool {
        [UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: "-"), openBracket, comma, quote, apostrophe, UInt8(ascii: "{")].contains(byte)
    }

    private static let quote = UInt8(ascii: "\"")
    private static let apostrophe = UInt8(ascii: "'")
    private static let comma = UInt8(ascii: ",")
    private static let hash = UInt8(ascii: "#")
    private static let openBracket = UInt8(ascii: "[")
    private static let closeBracket = UInt8(ascii: "]")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
}
