/// `diff -u` output for one file, for `check --diff`. Lines keep their endings (a CRLF file's
/// changed lines show as changed, nothing else does); the changed middle is matched line by line
/// (longest common subsequence), which is small for memlint's fixes: a value here and there.
public enum UnifiedDiff {
    public static func render(path: String, original: [UInt8], fixed: [UInt8], context: Int = 3) -> String {
        let old = lines(original), new = lines(fixed)
        guard old != new else { return "" }
        let script = edits(old, new)
        var out = "--- a/\(path)\n+++ b/\(path)\n"
        // Group changes whose context windows touch into hunks.
        var index = 0
        while index < script.count {
            guard script[index].kind != .same else { index += 1; continue }
            var start = index
            var contextBefore = 0
            while start > 0, script[start - 1].kind == .same, contextBefore < context { start -= 1; contextBefore += 1 }
            var end = index
            var sameRun = 0
            while end < script.count {
                if script[end].kind == .same {
                    sameRun += 1
                    if sameRun > 2 * context { break }
                } else {
                    sameRun = 0
                }
                end += 1
            }
            // Keep at most `context` unchanged lines after the last change.
            var last = end
            while last > index, script[last - 1].kind == .same { last -= 1 }
            end = min(script.count, last + context)
            let hunk = script[start..<end]
            let oldStart = hunk.first.map { $0.oldLine } ?? 0, newStart = hunk.first.map { $0.newLine } ?? 0
            let oldCount = hunk.filter { $0.kind != .added }.count, newCount = hunk.filter { $0.kind != .removed }.count
            out += "@@ -\(oldCount == 0 ? oldStart : oldStart + 1),\(oldCount) +\(newCount == 0 ? newStart : newStart + 1),\(newCount) @@\n"
            for step in hunk {
                let sign = step.kind == .same ? " " : step.kind == .removed ? "-" : "+"
                // Byte-wise: "\r\n" is one Character in Swift, so a CRLF line does not end with "\n" as a String.
                var bytes = Array(step.text.utf8)
                let endsLine = bytes.last == 0x0A
                if endsLine { bytes.removeLast() }
                out += sign + String(decoding: bytes, as: UTF8.self) + "\n"
                if !endsLine { out += "\\ No newline at end of file\n" }
            }
            index = end
        }
        return out
    }

    struct Step {
        enum Kind { case same, removed, added }
        var kind: Kind
        var text: String
        /// 0-based line numbers in the old and new file where this step sits.
        var oldLine: Int
        var newLine: Int
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        var result: [String] = []
        var start = 0
        for (i, byte) in bytes.enumerated() where byte == 0x0A {
            result.append(String(decoding: bytes[start...i], as: UTF8.self))
            start = i + 1
        }
        if start < bytes.count { result.append(String(decoding: bytes[start...], as: UTF8.self)) }
        return result
    }

    static func edits(_ old: [String], _ new: [String]) -> [Step] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let a = Array(old[prefix..<(old.count - suffix)]), b = Array(new[prefix..<(new.count - suffix)])
        var steps: [Step] = (0..<prefix).map { Step(kind: .same, text: old[$0], oldLine: $0, newLine: $0) }
        var i = 0, j = 0
        if a.count * b.count <= 4_000_000 {
            // LCS table from the end, then walk it.
            var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
            for x in stride(from: a.count - 1, through: 0, by: -1) {
                for y in stride(from: b.count - 1, through: 0, by: -1) {
                    table[x][y] = a[x] == b[y] ? table[x + 1][y + 1] + 1 : max(table[x + 1][y], table[x][y + 1])
                }
            }
            while i < a.count || j < b.count {
                if i < a.count, j < b.count, a[i] == b[j] {
                    steps.append(Step(kind: .same, text: a[i], oldLine: prefix + i, newLine: prefix + j)); i += 1; j += 1
                } else if i < a.count, j == b.count || table[i + 1][j] >= table[i][j + 1] {
                    steps.append(Step(kind: .removed, text: a[i], oldLine: prefix + i, newLine: prefix + j)); i += 1
                } else {
                    steps.append(Step(kind: .added, text: b[j], oldLine: prefix + i, newLine: prefix + j)); j += 1
                }
            }
        } else {
            for x in a.indices { steps.append(Step(kind: .removed, text: a[x], oldLine: prefix + x, newLine: prefix)) }
            for y in b.indices { steps.append(Step(kind: .added, text: b[y], oldLine: prefix + a.count, newLine: prefix + y)) }
            i = a.count; j = b.count
        }
        for k in 0..<suffix {
            steps.append(Step(kind: .same, text: old[old.count - suffix + k], oldLine: old.count - suffix + k, newLine: new.count - suffix + k))
        }
        return steps
    }
}
