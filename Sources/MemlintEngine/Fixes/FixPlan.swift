import MemlintSource

/// Which fixes of a run can be applied together: those at or below the allowed applicability, whose
/// edits are all in files memlint may write, and that do not overlap an edit another fix makes
/// differently. A fix is applied whole or not at all; overlapping ones wait for the next round.
public struct FixPlan: Sendable {
    /// Edits by file, sorted, non-overlapping, each once.
    public private(set) var edits: [String: [Fix.Edit]] = [:]
    /// The findings whose fixes are in the plan.
    public private(set) var fixed: [Diagnostic] = []
    /// Fixes left for a later round (they overlap one in this plan).
    public private(set) var deferred = 0

    public init(_ diagnostics: [Diagnostic], allowing: Fix.Applicability, writable: (String) -> Bool) {
        var taken: [String: [Fix.Edit]] = [:]
        for diagnostic in diagnostics {
            guard let fix = diagnostic.edit, fix.applicability <= allowing, !fix.edits.isEmpty,
                  fix.edits.allSatisfy({ writable($0.path) }) else { continue }
            // The same edit from several findings (one Dockerfile value, many containers) is made once.
            let new = fix.edits.filter { edit in !(taken[edit.path] ?? []).contains(edit) }
            let clashes = new.contains { edit in
                (taken[edit.path] ?? []).contains { Self.overlap($0, edit) }
            } || Self.selfOverlapping(new)
            if clashes {
                deferred += 1
                continue
            }
            for edit in new { taken[edit.path, default: []].append(edit) }
            fixed.append(diagnostic)
        }
        edits = taken.mapValues { $0.sorted { $0.bytes.lowerBound < $1.bytes.lowerBound } }
    }

    public var isEmpty: Bool { edits.isEmpty }

    static func overlap(_ a: Fix.Edit, _ b: Fix.Edit) -> Bool {
        let x = a.bytes, y = b.bytes
        if !x.isEmpty && !y.isEmpty { return x.overlaps(y) }
        // An insertion clashes with another at the same place and with an edit that covers or touches it.
        let (point, other) = x.isEmpty ? (x.lowerBound, y) : (y.lowerBound, x)
        return point >= other.lowerBound && point <= other.upperBound
    }

    private static func selfOverlapping(_ edits: [Fix.Edit]) -> Bool {
        for (i, a) in edits.enumerated() { for b in edits[(i + 1)...] where a.path == b.path && overlap(a, b) { return true } }
        return false
    }

    /// `text` (decoded UTF-8, as marks count it) with `edits` applied; nil when an edit does not fit it.
    public static func apply(_ edits: [Fix.Edit], to text: [UInt8]) -> [UInt8]? {
        var result = text
        for edit in edits.sorted(by: { $0.bytes.lowerBound > $1.bytes.lowerBound }) {
            guard edit.bytes.upperBound <= result.count else { return nil }
            result.replaceSubrange(edit.bytes, with: Array(edit.replacement.utf8))
        }
        return result
    }
}
