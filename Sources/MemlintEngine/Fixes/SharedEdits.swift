import MemlintResolution
import MemlintSource

/// Which written values each container of the run reads: its own mapping, the anchors it reaches
/// through aliases, the ConfigMap values and Dockerfile lines its environment and command come
/// from, a LimitRange default. An edit one container's finding proposes changes what every reader
/// of that place gets.
struct ValueReaders: Sendable {
    struct Read: Sendable {
        var container: String
        var path: String
        var bytes: Range<Int>
    }

    /// A file's reads sorted by where they start, with the furthest end among the first i + 1, so
    /// finding who reads a place looks at the reads around it, not at every read of the file (a
    /// 50 MB stream has tens of thousands).
    private struct FileReads: Sendable {
        var reads: [Read]
        var furthestEnd: [Int]
    }

    private var byPath: [String: FileReads] = [:]

    init(_ reads: [Read]) {
        byPath = Dictionary(grouping: reads, by: \.path).mapValues { reads in
            let sorted = reads.sorted { $0.bytes.lowerBound < $1.bytes.lowerBound }
            var furthest = Int.min
            return FileReads(reads: sorted, furthestEnd: sorted.map { furthest = max(furthest, $0.bytes.upperBound); return furthest })
        }
    }

    /// The container a finding is about, as `Diagnostic` names it.
    static func key(path: String?, workload: String?, container: String?) -> String? {
        guard let path, let workload, let container else { return nil }
        return "\(path)\u{0}\(workload)\u{0}\(container)"
    }

    static func reads(of resolved: ResolvedContainer) -> [Read] {
        guard !resolved.isImageOnly, let key = key(path: resolved.path, workload: resolved.workloadName, container: resolved.name) else { return [] }
        var reads = [Read(container: key, path: resolved.path, bytes: resolved.spec.span.start.offset..<resolved.spec.span.end.offset)]
        reads += resolved.spec.aliases.map { Read(container: key, path: resolved.path, bytes: $0.target.start.offset..<$0.target.end.offset) }
        let places = resolved.process.environment.all.map(\.location) + [resolved.memoryLimit?.location, resolved.memoryRequest?.location].compactMap { $0 }
        reads += places.map { Read(container: key, path: $0.path, bytes: $0.span.start.offset..<$0.span.end.offset) }
        // Every line of the linked Dockerfile builds this container's image.
        if let dockerfile = resolved.linkedImage?.model.path { reads.append(Read(container: key, path: dockerfile, bytes: 0..<Int.max)) }
        return reads
    }

    /// The containers that read the place an edit changes (an insertion reads as the place it is in).
    func readers(of edit: Fix.Edit) -> Set<String> {
        let bytes = edit.bytes
        guard let file = byPath[edit.path] else { return [] }
        // Past the last read that starts at or before the edit, none can hold it.
        var low = 0, high = file.reads.count
        while low < high {
            let mid = (low + high) / 2
            if file.reads[mid].bytes.lowerBound <= bytes.lowerBound { low = mid + 1 } else { high = mid }
        }
        var readers: Set<String> = []
        var index = low - 1
        while index >= 0 && file.furthestEnd[index] >= bytes.upperBound {
            if file.reads[index].bytes.upperBound >= bytes.upperBound { readers.insert(file.reads[index].container) }
            index -= 1
        }
        return readers
    }
}

enum SharedEdits {
    private struct Proposal: Hashable {
        var path: String
        var bytes: Range<Int>
        var replacement: String
    }

    /// Keeps a fix when every place it edits is read by its own container alone, or by containers
    /// that each propose that very edit (one ConfigMap value, one anchor, one Dockerfile, right for
    /// all of them); otherwise the fix stays a suggestion and says why.
    static func settle(_ diagnostics: [Diagnostic], readers: ValueReaders) -> [Diagnostic] {
        var proposers: [Proposal: Set<String>] = [:]
        for diagnostic in diagnostics {
            guard let fix = diagnostic.edit, let key = key(diagnostic) else { continue }
            for edit in fix.edits { proposers[proposal(edit), default: []].insert(key) }
        }
        return diagnostics.map { diagnostic in
            guard let fix = diagnostic.edit, let key = key(diagnostic) else { return diagnostic }
            for edit in fix.edits {
                let others = readers.readers(of: edit).subtracting([key])
                guard !others.isEmpty, !others.isSubset(of: proposers[proposal(edit)] ?? []) else { continue }
                var result = diagnostic
                result.edit = nil
                let place = "\(edit.path):\(edit.span.start.line)"
                result.fix = result.fix.map {
                    $0 + " (not fixed automatically: \(place) is read by \(others.count + 1) containers, and not all of them get this fix)"
                }
                return result
            }
            return diagnostic
        }
    }

    /// After findings on renderings are placed at their values files and patches: two findings that
    /// would write different text at one place (a values entry two containers read) both lose it.
    static func droppingConflicts(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var replacements: [String: Set<String>] = [:]
        func place(_ edit: Fix.Edit) -> String { "\(edit.path)\u{0}\(edit.bytes)" }
        for edit in diagnostics.compactMap(\.edit).flatMap(\.edits) { replacements[place(edit), default: []].insert(edit.replacement) }
        guard replacements.values.contains(where: { $0.count > 1 }) else { return diagnostics }
        return diagnostics.map { diagnostic in
            guard let fix = diagnostic.edit, let edit = fix.edits.first(where: { (replacements[place($0)]?.count ?? 0) > 1 }) else { return diagnostic }
            var result = diagnostic
            result.edit = nil
            result.fix = result.fix.map { $0 + " (not fixed automatically: other findings would write something else at \(edit.path):\(edit.span.start.line))" }
            return result
        }
    }

    private static func key(_ diagnostic: Diagnostic) -> String? {
        ValueReaders.key(path: diagnostic.workloadPath, workload: diagnostic.workload, container: diagnostic.container)
    }

    private static func proposal(_ edit: Fix.Edit) -> Proposal { Proposal(path: edit.path, bytes: edit.bytes, replacement: edit.replacement) }
}
