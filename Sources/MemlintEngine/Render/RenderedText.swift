import FoundationEssentials
import MemlintKubernetes
import MemlintSource
import MemlintYAML

/// A rendering parsed again, for placing findings: the document and the path of keys to a position,
/// and the object the document holds. Built only for renderings that have findings.
struct RenderedText {
    let text: SourceText
    let documents: [Document]
    let lines: [Substring]

    init?(_ output: RenderedOutput) {
        guard case .bytes(let bytes) = output.input.contents, case .success(let text) = SourceText.decode(bytes) else { return nil }
        self.text = text
        documents = YAMLLoader().loadAll(text).documents
        lines = String(decoding: text.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// What a position in the rendering is: the value under a path of an object.
    struct Point {
        var document: Document
        /// Steps from the object's root; a sequence item of mappings with a `name` is `.key("name=…")`
        /// in `namedSteps`, the way strategic merge patches find containers and env entries.
        var steps: [PathStep]
        var namedSteps: [NamedStep]
        var node: NodeID
        /// The scalar's value, when the position is on a scalar.
        var value: String?
        /// Where the value's first character is, when each character stands for itself.
        var verbatimStart: Mark?
        var kind: String?
        var name: String?
        var namespace: String?
        /// The position's offset into the value, in characters, when it lies inside a verbatim value.
        var offsetInValue: Int?
    }

    enum NamedStep: Equatable, CustomStringConvertible {
        case key(String)
        case index(Int)
        case named(String)
        var description: String {
            switch self {
            case .key(let k): k
            case .index(let i): "[\(i)]"
            case .named(let n): "[name=\(n)]"
            }
        }
    }

    func point(at mark: Mark) -> Point? {
        guard let document = documents.first(where: { document in
            guard let root = document.root else { return false }
            let span = document.span(root)
            return span.start.line <= mark.line && mark.line <= max(span.end.line, span.start.line)
        }), let root = document.root else { return nil }
        let chain = document.path(to: mark)
        guard let last = chain.last else { return nil }
        var steps: [PathStep] = []
        var named: [NamedStep] = []
        for (step, node) in chain.dropFirst() {
            guard let step else { continue }
            steps.append(step)
            switch step {
            case .key(let key): named.append(.key(key))
            case .index(let index):
                if let name = document.string("name", in: node) { named.append(.named(name)) } else { named.append(.index(index)) }
            }
        }
        let node = last.node
        let value = document.kind(document.resolve(node)) == .scalar ? document.string(node) : nil
        let verbatim = value.flatMap { ManifestExtractor.verbatimStart(of: node, text: $0, document) }
        var offset: Int?
        if let verbatim, verbatim.line == mark.line, mark.column >= verbatim.column,
           Int(mark.column - verbatim.column) <= (value?.unicodeScalars.count ?? 0) {
            offset = Int(mark.column - verbatim.column)
        }
        let meta = document.value("metadata", in: root)
        return Point(document: document, steps: steps, namedSteps: named, node: node, value: value, verbatimStart: verbatim,
                     kind: document.string("kind", in: root), name: meta.flatMap { document.string("name", in: $0) },
                     namespace: meta.flatMap { document.string("namespace", in: $0) }, offsetInValue: offset)
    }

    /// The rendered line, trimmed of indentation.
    func line(_ number: Int32) -> String {
        let index = Int(number) - 1
        guard index >= 0, index < lines.count else { return "" }
        return lines[index].trimmingBlanks()
    }
}

/// A location a finding moves to, and what to say about how it was found.
struct MappedLocation {
    /// nil when only the related places are known (the finding stays where it is).
    var location: SourceLocation?
    /// Further places worth showing (the template line that reads a value).
    var related: [RelatedLocation] = []
}

/// Reads YAML files once per mapping run (values files, kustomize resources and patches).
final class YAMLFileCache {
    struct Entry {
        var documents: [Document]
        var text: SourceText
        var lines: [String]
    }
    private var entries: [String: Entry?] = [:]
    private var lineCache: [String: [String]?] = [:]

    func load(_ path: String) -> Entry? {
        if let cached = entries[path] { return cached }
        var entry: Entry?
        if let bytes = try? FileLoader.readAll(path), case .success(let text) = SourceText.decode(bytes) {
            entry = Entry(documents: YAMLLoader(maxDepth: 256).loadAll(text).documents, text: text,
                          lines: String(decoding: text.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        }
        entries[path] = entry
        return entry
    }

    /// A file's lines (templates are not YAML: only their lines are needed), read once.
    func lines(_ path: String) -> [String]? {
        if let cached = entries[path] { return cached?.lines }
        if let cached = lineCache[path] { return cached }
        let lines = (try? FileLoader.readAll(path)).map {
            String(decoding: $0, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        lineCache[path] = lines
        return lines
    }
}

extension Document {
    /// The node under `steps` from `start`, matching `.named` steps by each item's `name`.
    func node(at steps: some Collection<RenderedText.NamedStep>, from start: NodeID) -> NodeID? {
        var current = start
        for step in steps {
            switch step {
            case .key(let key):
                guard let next = entry(named: key, in: current)?.value else { return nil }
                current = next
            case .index(let index):
                guard let items = sequence(current), index < items.count else { return nil }
                current = items[items.startIndex + index]
            case .named(let name):
                guard let items = sequence(current), let item = items.first(where: { string("name", in: $0) == name }) else { return nil }
                current = item
            }
        }
        return current
    }

    /// A value's location: at the character `offset` into it when the value is verbatim, else its start.
    func location(of node: NodeID, path: String, offset: Int?) -> SourceLocation {
        let span = self.span(node)
        if let offset, let text = string(node), let start = ManifestExtractor.verbatimStart(of: node, text: text, self),
           offset <= text.unicodeScalars.count {
            let bytes = text.unicodeScalars.prefix(offset).reduce(0) { $0 + UTF8.width($1) }
            let mark = Mark(line: Int(start.line), column: Int(start.column) + offset, offset: start.offset + bytes)
            return SourceLocation(path: path, span: Span(start: mark, end: mark))
        }
        return SourceLocation(path: path, span: span)
    }
}
