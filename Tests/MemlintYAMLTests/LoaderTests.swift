import MemlintYAML
import Testing

@Suite struct LoaderTests {
    func load(_ text: String) -> (documents: [Document], errors: [YAMLError]) {
        YAMLLoader().loadAll(SourceText(text))
    }

    func loadBytes(_ bytes: [UInt8]) throws -> (documents: [Document], errors: [YAMLError]) {
        let text = try SourceText.decode(bytes).get()
        return YAMLLoader().loadAll(text)
    }

    @Test func marksCountCharactersOnLinesWithHangul() throws {
        let (documents, errors) = load("# 메모리 설정\nk: \"한글\"   # 주석\nlimit: 512Mi\n")
        #expect(errors.isEmpty)
        let doc = try #require(documents.first)
        let root = try #require(doc.root)
        let value = try #require(doc.value("k", in: root))
        // Line 2: `k: "한글"` — the quoted scalar starts at column 4 and ends after 4 characters.
        // Byte offset: "# 메모리 설정\n" is 2 + 9 + 1 + 6 + 1 = 19 bytes, "k: " 3 more.
        #expect(doc.span(value).start == Mark(line: 2, column: 4, offset: 22))
        #expect(doc.span(value).end.column == 8)
        let limit = try #require(doc.value("limit", in: root))
        #expect(doc.span(limit).start.line == 3)
        #expect(doc.span(limit).start.column == 8)
        #expect(doc.string(limit) == "512Mi")
    }

    @Test func byteOffsetsSliceTheSource() throws {
        let source = "a: 가나다\nb: [\"라\", 마]\nc: 바\n"
        let text = SourceText(source)
        let (documents, _) = YAMLLoader().loadAll(text)
        let doc = try #require(documents.first)
        let root = try #require(doc.root)
        for key: StaticString in ["a", "c"] {
            let node = try #require(doc.value(key, in: root))
            let span = doc.span(node)
            let sliced = String(decoding: text.bytes[span.start.offset..<span.end.offset], as: UTF8.self)
            #expect(sliced == doc.string(node))
        }
    }

    @Test func byteOrderMarkAndCRLFAreHandled() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: 1\r\nb: 한\r\nc: 3\r\n".utf8)
        let (documents, errors) = try loadBytes(bytes)
        #expect(errors.isEmpty)
        let doc = try #require(documents.first)
        let c = try #require(doc.value("c", in: doc.root!))
        #expect(doc.span(c).start.line == 3)
        #expect(doc.span(c).start.column == 4)
        #expect(doc.string(doc.value("b", in: doc.root!)!) == "한")
    }

    @Test func utf16WithByteOrderMarkIsConverted() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "kind: Pod\nname: 파드\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let (documents, errors) = try loadBytes(bytes)
        #expect(errors.isEmpty)
        #expect(documents.first.flatMap { $0.string("name", in: $0.root!) } == "파드")
    }

    @Test func invalidUTF8IsRefusedWithItsPosition() {
        let bytes: [UInt8] = Array("a: 1\nb: ".utf8) + [0xC3, 0x28]
        guard case .failure(.invalidUTF8(let offset)) = SourceText.decode(bytes) else {
            Issue.record("invalid UTF-8 was accepted")
            return
        }
        #expect(offset == 8)
        #expect(SourceText.position(ofByte: offset, in: bytes) == Mark(line: 2, column: 4, offset: 8))
    }

    @Test func utf16WithoutByteOrderMarkIsRecognised() {
        var bytes: [UInt8] = []
        for unit in "kind: Pod\n".utf16 { bytes += [UInt8(unit & 0xFF), 0] }
        #expect(SourceText.decode(bytes) == .failure(.utf16WithoutBOM))
    }

    @Test func deepNestingIsReportedNotOverflowed() {
        let deep = String(repeating: "[", count: 100_000)
        let (_, errors) = load(deep)
        #expect(errors.count == 1)
        #expect(errors.first?.kind == .tooDeep)
        #expect(errors.first?.mark.column == 1001)
    }

    @Test func aliasesAreReferencesNotCopies() throws {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*\(level == 1 ? "a" : "l\(level - 1)")", count: 10).joined(separator: ", ")
            text += "l\(level): &l\(level) [\(refs)]\n"
        }
        let (documents, errors) = load(text)
        #expect(errors.isEmpty)
        // 10^10 expanded nodes would not fit in memory; the arena holds about what the text says.
        #expect(try #require(documents.first).nodeCount < 200)
    }

    @Test func mergeKeysAreHonouredOnLookup() throws {
        let (documents, _) = load("""
            base: &base {memory: 512Mi, cpu: 1}
            other: &other {image: app}
            container:
              <<: [*base, *other]
              cpu: 2
            """)
        let doc = try #require(documents.first)
        let container = try #require(doc.value("container", in: doc.root!))
        #expect(doc.string("memory", in: container) == "512Mi")
        #expect(doc.string("cpu", in: container) == "2")
        #expect(doc.string("image", in: container) == "app")
        #expect(doc.value("missing", in: container) == nil)
    }

    @Test func selfMergingAnchorDoesNotLoop() throws {
        let (documents, _) = load("a: &a\n  x: 1\n  <<: *a\n")
        let doc = try #require(documents.first)
        let a = try #require(doc.value("a", in: doc.root!))
        #expect(doc.value("y", in: a) == nil)
    }

    @Test func errorInSecondDocumentKeepsTheFirst() throws {
        let (documents, errors) = load("kind: A\n---\nkind: [B\n---\nkind: C\n")
        #expect(documents.count == 1)
        #expect(documents.first?.index == 0)
        let error = try #require(errors.first)
        #expect(error.documentIndex == 1)
        #expect(error.mark.line == 4)
    }

    @Test func undefinedAliasDropsOnlyItsDocument() {
        let (documents, errors) = load("a: *nope\n---\nb: 1\n")
        #expect(errors.map(\.kind) == [.undefinedAlias])
        #expect(errors.first?.mark == Mark(line: 1, column: 4, offset: 3))
        #expect(documents.map(\.index) == [1])
    }

    @Test func controlCharactersGiveAPositionedError() {
        let (_, errors) = load("a: 1\nb: \u{01}\n")
        #expect(errors.first?.mark.line == 2)
    }

    @Test func scalarStylesAndTagsAreKept() throws {
        let (documents, _) = load("a: 'x'\nb: \"y\"\nc: |\n  z\nd: !!str 1\n")
        let doc = try #require(documents.first)
        let root = doc.root!
        #expect(doc.scalarStyle(doc.value("a", in: root)!) == .singleQuoted)
        #expect(doc.scalarStyle(doc.value("b", in: root)!) == .doubleQuoted)
        #expect(doc.scalarStyle(doc.value("c", in: root)!) == .literal)
        #expect(doc.tag(doc.value("d", in: root)!) == "tag:yaml.org,2002:str")
    }
}
