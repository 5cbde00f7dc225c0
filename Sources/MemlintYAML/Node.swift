/// The index of a node in its document's arena.
public struct NodeID: Hashable, Sendable, Comparable {
    public let index: Int32
    init(_ index: Int) { self.index = Int32(index) }
    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.index < rhs.index }
}

public enum NodeKind: UInt8, Sendable {
    case scalar, mapping, sequence, alias
}

public enum ScalarStyle: UInt8, Sendable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// One node as stored in the arena. Reach it through `Document`'s accessors.
struct NodeRecord {
    var kind: NodeKind
    /// `ScalarStyle` for scalars; 1 for flow collections, 0 for block ones.
    var style: UInt8
    var start: Mark
    var end: Mark
    /// Scalars: offset of the value in `Document.scalarBytes`. Collections: first child in
    /// `Document.children`. Aliases: the index of the anchored node.
    var first: Int32
    /// Scalars: byte length of the value. Collections: number of children (a mapping stores key,
    /// value, key, value…).
    var count: Int32
    /// Index into `Document.tags`, or -1.
    var tag: Int32
    /// Index into `Document.anchors`, or -1.
    var anchor: Int32
}
