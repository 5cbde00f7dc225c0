import CYAML
import Dispatch

/// Reads a YAML stream with libyaml's event parser and builds one `Document` at a time.
///
/// Documents are handed to a callback as soon as they end, so memory is bounded by the largest
/// document, not the stream. After an error the documents already delivered stand; an undefined
/// alias drops only its own document, a syntax error ends the stream (libyaml cannot resume).
public struct YAMLLoader: Sendable {
    /// Collections nested deeper than this end the stream with a `tooDeep` error. Kubernetes objects,
    /// CRD schemas included, stay far below it; the bound exists so that no later walk meets 100,000 levels.
    public var maxDepth: Int
    /// Stop a file after this many nanoseconds of parsing (checked every 4,096 events), or never.
    public var timeBudget: UInt64?

    public init(maxDepth: Int = 1000, timeBudget: UInt64? = nil) {
        self.maxDepth = maxDepth
        self.timeBudget = timeBudget
    }

    /// Parses `text`, calling `onDocument` for every complete document in order. Returns the errors
    /// met (at most one that ends the stream, plus any per-document ones before it).
    ///
    /// `origin` says where `text` starts in a larger file (a chunk of a big stream): marks are shifted
    /// by its line and byte offset, and document indexes start at its document number.
    @discardableResult
    public func load(_ text: SourceText, origin: ChunkOrigin = ChunkOrigin(), onDocument: (Document) throws -> Void) rethrows -> [YAMLError] {
        try load(text, range: 0..<text.bytes.count, origin: origin, onDocument: onDocument)
    }

    /// Parses bytes `range` of `text` (a chunk of a larger stream, read in place).
    @discardableResult
    public func load(_ text: SourceText, range: Range<Int>, origin: ChunkOrigin, onDocument: (Document) throws -> Void) rethrows -> [YAMLError] {
        try text.bytes.withUnsafeBufferPointer { whole in
            let buffer = UnsafeBufferPointer(rebasing: whole[range])
            let ascii = text.isASCII || buffer.allSatisfy { $0 < 0x80 }
            var builder = Builder(buffer: buffer, isASCII: ascii, maxDepth: maxDepth, origin: origin)
            builder.deadline = timeBudget.map { DispatchTime.now().uptimeNanoseconds + $0 }
            return try builder.run(text: text, onDocument: onDocument)
        }
    }

    /// Loads every document of `text` into an array (tests, `debug yaml-events`, small files).
    public func loadAll(_ text: SourceText) -> (documents: [Document], errors: [YAMLError]) {
        var documents: [Document] = []
        let errors = load(text) { documents.append($0) }
        return (documents, errors)
    }
}

/// Where a chunk of a stream begins in its file.
public struct ChunkOrigin: Sendable {
    /// Lines before the chunk (0 for the start of the file).
    public var lineOffset: Int
    public var byteOffset: Int
    public var documentOffset: Int

    public init(lineOffset: Int = 0, byteOffset: Int = 0, documentOffset: Int = 0) {
        self.lineOffset = lineOffset
        self.byteOffset = byteOffset
        self.documentOffset = documentOffset
    }
}

private struct Builder {
    let buffer: UnsafeBufferPointer<UInt8>
    var mapper: OffsetMapper
    let maxDepth: Int
    let origin: ChunkOrigin
    var deadline: UInt64?
    var events = 0

    var document: Document?
    var documentIndex = 0
    var documentFailed = false
    /// Open collections: the node's index and where its children begin in `pending`.
    var open: [(node: Int, firstPending: Int)] = []
    var pending: [NodeID] = []
    var anchorsByName: [String: Int] = [:]
    var errors: [YAMLError] = []

    init(buffer: UnsafeBufferPointer<UInt8>, isASCII: Bool, maxDepth: Int, origin: ChunkOrigin) {
        self.buffer = buffer
        self.mapper = OffsetMapper(bytes: buffer, isASCII: isASCII)
        self.maxDepth = maxDepth
        self.origin = origin
        self.documentIndex = origin.documentOffset
    }

    mutating func mark(_ m: yaml_mark_t) -> Mark {
        Mark(line: Int(m.line) + 1 + origin.lineOffset, column: Int(m.column) + 1,
             offset: mapper.byteOffset(ofCharacter: Int(m.index)) + origin.byteOffset)
    }

    mutating func run(text: SourceText, onDocument: (Document) throws -> Void) rethrows -> [YAMLError] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return [YAMLError(kind: .syntax, message: "libyaml could not allocate a parser", mark: .zero, documentIndex: 0)]
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, buffer.count)

        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                errors.append(parserError(parser, text: text))
                return errors
            }
            defer { yaml_event_delete(&event) }
            events += 1
            if let deadline, events & 4095 == 0, DispatchTime.now().uptimeNanoseconds > deadline {
                errors.append(YAMLError(
                    kind: .tooComplex, message: "reading this file took longer than the per-file time budget; memlint stopped here",
                    mark: mark(event.start_mark), documentIndex: documentIndex))
                return errors
            }
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return errors
            case YAML_DOCUMENT_START_EVENT:
                document = Document(index: documentIndex, explicitStart: event.data.document_start.implicit == 0)
                documentFailed = false
                anchorsByName.removeAll(keepingCapacity: true)
            case YAML_DOCUMENT_END_EVENT:
                if var finished = document, !documentFailed {
                    finished.explicitEnd = event.data.document_end.implicit == 0
                    document = nil
                    try onDocument(finished)
                }
                document = nil
                documentIndex += 1
                open.removeAll(keepingCapacity: true)
                pending.removeAll(keepingCapacity: true)
            case YAML_SCALAR_EVENT:
                guard !documentFailed else { continue }
                let s = event.data.scalar
                let style: ScalarStyle = switch s.style {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
                case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
                case YAML_LITERAL_SCALAR_STYLE: .literal
                case YAML_FOLDED_SCALAR_STYLE: .folded
                default: .plain
                }
                let offset = document!.scalarBytes.count
                if let value = s.value, s.length > 0 {
                    document!.scalarBytes.append(contentsOf: UnsafeBufferPointer(start: value, count: Int(s.length)))
                }
                let record = NodeRecord(
                    kind: .scalar, style: style.rawValue,
                    start: mark(event.start_mark), end: mark(event.end_mark),
                    first: Int32(offset), count: Int32(s.length),
                    tag: intern(tag: s.tag), anchor: -1)
                add(record, anchor: s.anchor)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                guard !documentFailed else { continue }
                let isMap = event.type == YAML_MAPPING_START_EVENT
                if open.count >= maxDepth {
                    errors.append(YAMLError(
                        kind: .tooDeep,
                        message: "collections nested deeper than \(maxDepth) levels; memlint stops reading this file here",
                        mark: mark(event.start_mark), documentIndex: documentIndex))
                    return errors
                }
                let flow = isMap ? event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                                 : event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                let record = NodeRecord(
                    kind: isMap ? .mapping : .sequence, style: flow ? 1 : 0,
                    start: mark(event.start_mark), end: mark(event.end_mark),
                    first: 0, count: 0,
                    tag: intern(tag: isMap ? event.data.mapping_start.tag : event.data.sequence_start.tag),
                    anchor: -1)
                let id = add(record, anchor: isMap ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
                open.append((Int(id.index), pending.count))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard !documentFailed, let (node, firstPending) = open.popLast() else { continue }
                let first = document!.children.count
                document!.children.append(contentsOf: pending[firstPending...])
                pending.removeSubrange(firstPending...)
                document!.nodes[node].first = Int32(first)
                document!.nodes[node].count = Int32(document!.children.count - first)
                document!.nodes[node].end = mark(event.end_mark)
            case YAML_ALIAS_EVENT:
                guard !documentFailed else { continue }
                let name = String(cString: event.data.alias.anchor)
                guard let target = anchorsByName[name] else {
                    errors.append(YAMLError(
                        kind: .undefinedAlias,
                        message: "found undefined alias '\(name)'",
                        mark: mark(event.start_mark), documentIndex: documentIndex))
                    documentFailed = true
                    continue
                }
                let record = NodeRecord(
                    kind: .alias, style: 0, start: mark(event.start_mark), end: mark(event.end_mark),
                    first: Int32(target), count: 0, tag: -1, anchor: internAnchor(name))
                document!.aliasCount += 1
                add(record, anchor: nil)
            default:
                continue
            }
        }
    }

    @discardableResult
    mutating func add(_ record: NodeRecord, anchor: UnsafeMutablePointer<yaml_char_t>?) -> NodeID {
        var record = record
        let index = document!.nodes.count
        if let anchor {
            let name = String(cString: anchor)
            record.anchor = internAnchor(name)
            anchorsByName[name] = index
        }
        document!.nodes.append(record)
        let id = NodeID(index)
        if open.isEmpty {
            document!.root = id
        } else {
            pending.append(id)
        }
        return id
    }

    mutating func internAnchor(_ name: String) -> Int32 {
        document!.anchors.append(name)
        return Int32(document!.anchors.count - 1)
    }

    mutating func intern(tag: UnsafeMutablePointer<yaml_char_t>?) -> Int32 {
        guard let tag else { return -1 }
        let text = String(cString: tag)
        if let existing = document!.tags.firstIndex(of: text) { return Int32(existing) }
        document!.tags.append(text)
        return Int32(document!.tags.count - 1)
    }

    mutating func parserError(_ parser: yaml_parser_t, text: SourceText) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        if parser.error == YAML_READER_ERROR {
            // Reader errors carry a byte offset instead of a mark.
            var position = SourceText.position(ofByte: Int(parser.problem_offset), in: Array(buffer))
            position.line += Int32(origin.lineOffset)
            position.offset += origin.byteOffset
            var message = problem
            if parser.problem_value != -1 {
                message += " (#x\(String(UInt32(bitPattern: parser.problem_value), radix: 16, uppercase: true)))"
            }
            return YAMLError(kind: .syntax, message: message, mark: position, documentIndex: documentIndex)
        }
        let problemMark = mark(parser.problem_mark)
        if let context = parser.context {
            let contextText = String(cString: context)
            let contextMark = mark(parser.context_mark)
            return YAMLError(
                kind: .syntax,
                message: "\(problem) \(contextText) that starts at line \(contextMark.line), column \(contextMark.column)",
                mark: problemMark, contextMark: contextMark, contextMessage: contextText,
                documentIndex: documentIndex)
        }
        return YAMLError(kind: .syntax, message: problem, mark: problemMark, documentIndex: documentIndex)
    }
}
