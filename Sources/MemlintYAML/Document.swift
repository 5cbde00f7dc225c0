/// One YAML document: an arena of nodes that refer to each other by `NodeID`.
///
/// Aliases stay references to their anchored node; nothing is copied or expanded, so a
/// "billion laughs" document costs what its text costs. Scalar values are kept as bytes and made
/// into `String`s only when asked for.
public struct Document: Sendable {
    /// Position of this document in its stream, from 0.
    public let index: Int
    /// Whether the document began with `---` and ended with `...`.
    public let explicitStart: Bool
    public internal(set) var explicitEnd: Bool
    public internal(set) var root: NodeID?

    var nodes: [NodeRecord] = []
    var children: [NodeID] = []
    var scalarBytes: [UInt8] = []
    var tags: [String] = []
    var anchors: [String] = []
    /// How many alias nodes the document holds (most hold none, and skip alias bookkeeping).
    public internal(set) var aliasCount = 0

    init(index: Int, explicitStart: Bool) {
        self.index = index
        self.explicitStart = explicitStart
        self.explicitEnd = false
    }

    public var nodeCount: Int { nodes.count }

    // MARK: Node properties

    public func kind(_ id: NodeID) -> NodeKind { nodes[Int(id.index)].kind }
    public func span(_ id: NodeID) -> Span { Span(start: nodes[Int(id.index)].start, end: nodes[Int(id.index)].end) }
    public func start(_ id: NodeID) -> Mark { nodes[Int(id.index)].start }

    public func scalarStyle(_ id: NodeID) -> ScalarStyle? {
        let record = nodes[Int(id.index)]
        return record.kind == .scalar ? ScalarStyle(rawValue: record.style) : nil
    }

    /// True for `[…]` and `{…}` collections.
    public func isFlow(_ id: NodeID) -> Bool {
        let record = nodes[Int(id.index)]
        return record.kind != .scalar && record.kind != .alias && record.style == 1
    }

    /// The node's tag as libyaml resolved it (`tag:yaml.org,2002:str`, `!local`, `!`), or nil.
    public func tag(_ id: NodeID) -> String? {
        let t = nodes[Int(id.index)].tag
        return t < 0 ? nil : tags[Int(t)]
    }

    /// The anchor defined on this node, or for an alias the name it refers to.
    public func anchor(_ id: NodeID) -> String? {
        let a = nodes[Int(id.index)].anchor
        return a < 0 ? nil : anchors[Int(a)]
    }

    /// The node an alias refers to; any other node is itself.
    public func resolve(_ id: NodeID) -> NodeID {
        let record = nodes[Int(id.index)]
        return record.kind == .alias ? NodeID(Int(record.first)) : id
    }

    // MARK: Scalars

    /// The scalar's value (after escapes and folding) as bytes, or nil when the node is not a scalar.
    /// An alias to a scalar gives the anchored scalar's bytes.
    public func scalarBytes(_ id: NodeID) -> ArraySlice<UInt8>? {
        let record = nodes[Int(resolve(id).index)]
        guard record.kind == .scalar else { return nil }
        let start = Int(record.first)
        return scalarBytes[start..<start + Int(record.count)]
    }

    /// The scalar's value as a string, or nil when the node (after resolving an alias) is not a scalar.
    public func string(_ id: NodeID) -> String? {
        scalarBytes(id).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Compares a scalar with a string without building a `String`.
    public func scalar(_ id: NodeID, equals text: StaticString) -> Bool {
        guard let bytes = scalarBytes(id), bytes.count == text.utf8CodeUnitCount else { return false }
        return text.withUTF8Buffer { buffer in bytes.elementsEqual(buffer) }
    }

    /// A plain scalar that YAML reads as null (`~`, `null`, `Null`, `NULL`, or nothing).
    public func isNull(_ id: NodeID) -> Bool {
        let target = resolve(id)
        guard scalarStyle(target) == .plain, tag(target) == nil, let bytes = scalarBytes(target) else { return false }
        switch bytes.count {
        case 0: return true
        case 1: return bytes.first == UInt8(ascii: "~")
        case 4: return ["null", "Null", "NULL"].contains { $0.utf8.elementsEqual(bytes) }
        default: return false
        }
    }

    /// Byte ranges of quoted and block scalars: the only places where a `#` after a space is not a
    /// comment (in a plain scalar ` #` always starts one).
    public func nonPlainScalarRanges() -> [Range<Int>] {
        nodes.compactMap { record in
            guard record.kind == .scalar, record.style != ScalarStyle.plain.rawValue else { return nil }
            return record.start.offset..<max(record.start.offset, record.end.offset)
        }
    }

    // MARK: Collections

    /// The children of a sequence, or the keys and values of a mapping in order (key, value, …).
    /// Empty for scalars. Aliases are not followed: call `resolve` on the node first if needed.
    public func children(_ id: NodeID) -> ArraySlice<NodeID> {
        let record = nodes[Int(id.index)]
        guard record.kind == .mapping || record.kind == .sequence else { return [] }
        let start = Int(record.first)
        return children[start..<start + Int(record.count)]
    }

    /// The items of a sequence (following an alias to it), or nil when it is not a sequence.
    public func sequence(_ id: NodeID) -> ArraySlice<NodeID>? {
        let target = resolve(id)
        return kind(target) == .sequence ? children(target) : nil
    }

    /// The key/value pairs of a mapping as written (merge keys not applied), following an alias to it.
    public func pairs(_ id: NodeID) -> [(key: NodeID, value: NodeID)] {
        let target = resolve(id)
        guard kind(target) == .mapping else { return [] }
        let items = children(target)
        var result: [(NodeID, NodeID)] = []
        result.reserveCapacity(items.count / 2)
        var i = items.startIndex
        while i + 1 < items.endIndex {
            result.append((items[i], items[i + 1]))
            i += 2
        }
        return result
    }

    /// How deep merge keys may chain (`<<: *a` where `a` itself merges): bounds self-referencing anchors.
    static let mergeDepthLimit = 32

    /// Looks a key up in a mapping, honouring merge keys (`<<: *base`, `<<: [*a, *b]`) the way
    /// YAML 1.1 defines them: the mapping's own keys win, then the merged mappings in order.
    /// Returns the key node and the value node.
    public func entry(_ key: StaticString, in mapping: NodeID) -> (key: NodeID, value: NodeID)? {
        var pending: [(NodeID, Int)] = [(resolve(mapping), 0)]
        var cursor = 0
        while cursor < pending.count {
            let (current, depth) = pending[cursor]
            cursor += 1
            guard kind(current) == .mapping else { continue }
            var merges: [NodeID] = []
            let items = children(current)
            var i = items.startIndex
            while i + 1 < items.endIndex {
                let k = items[i], v = items[i + 1]
                if scalar(k, equals: key) { return (k, v) }
                if scalarStyle(k) == .plain, scalar(k, equals: "<<"), depth < Self.mergeDepthLimit {
                    let target = resolve(v)
                    if kind(target) == .sequence {
                        merges.append(contentsOf: children(target).map(resolve))
                    } else {
                        merges.append(target)
                    }
                }
                i += 2
            }
            // Breadth-first keeps "own keys first, then merges in order" for one level; deeper merges
            // come after all shallower ones, which matches every loader we know of for real manifests.
            pending.append(contentsOf: merges.map { ($0, depth + 1) })
        }
        return nil
    }

    /// The value for `key` in `mapping` (see `entry`).
    public func value(_ key: StaticString, in mapping: NodeID) -> NodeID? {
        entry(key, in: mapping)?.value
    }

    /// Follows a path of keys through nested mappings.
    public func value(at path: [StaticString], in mapping: NodeID) -> NodeID? {
        var current = mapping
        for key in path {
            guard let next = value(key, in: current) else { return nil }
            current = next
        }
        return current
    }

    /// The string value of `key` in `mapping` when it is a scalar.
    public func string(_ key: StaticString, in mapping: NodeID) -> String? {
        value(key, in: mapping).flatMap { string($0) }
    }
}
