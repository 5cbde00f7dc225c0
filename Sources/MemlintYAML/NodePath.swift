/// One step from a collection to a child: a mapping key or a sequence index.
public enum PathStep: Hashable, Sendable, CustomStringConvertible {
    case key(String)
    case index(Int)

    public var description: String {
        switch self {
        case .key(let key): key
        case .index(let index): "[\(index)]"
        }
    }
}

extension Document {
    /// The nodes from the root down to the innermost one whose span holds `mark`, with the step taken
    /// into each. A mark on a mapping key stands for the key's value (the key is where a finding about
    /// a missing value points). Aliases are not followed: a mark is in the text of one node only.
    public func path(to mark: Mark) -> [(step: PathStep?, node: NodeID)] {
        guard let root, contains(root, mark) else { return [] }
        var chain: [(step: PathStep?, node: NodeID)] = [(nil, root)]
        var current = root
        descend: while true {
            switch kind(current) {
            case .mapping:
                for (key, value) in pairs(current) {
                    guard let name = string(key) else { continue }
                    if contains(key, mark) {
                        chain.append((.key(name), value))
                        break descend
                    }
                    if contains(value, mark) {
                        chain.append((.key(name), value))
                        current = value
                        continue descend
                    }
                }
                break descend
            case .sequence:
                for (index, item) in children(current).enumerated() where contains(item, mark) {
                    chain.append((.index(index), item))
                    current = item
                    continue descend
                }
                break descend
            default:
                break descend
            }
        }
        return chain
    }

    /// The value of `key` in a mapping, with its key node, matching any key text (not only static strings).
    public func entry(named key: String, in mapping: NodeID) -> (key: NodeID, value: NodeID)? {
        let target = resolve(mapping)
        guard kind(target) == .mapping else { return nil }
        return pairs(target).first { string($0.key) == key }
    }

    private func contains(_ node: NodeID, _ mark: Mark) -> Bool {
        let span = self.span(node)
        // A zero-width scalar (an empty value) holds the mark at its start.
        return span.start <= mark && (mark < span.end || (span.start == span.end && mark == span.start))
    }
}
