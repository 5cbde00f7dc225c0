import MemlintSource

/// The files a plan changes, read and rewritten byte for byte: only the edited ranges differ. A UTF-8
/// byte order mark is kept; a UTF-16 file is not rewritten (memlint's marks count its UTF-8 form).
public enum FixedFiles {
    public struct Change: Sendable {
        public var path: String
        public var original: [UInt8]
        public var fixed: [UInt8]

        public init(path: String, original: [UInt8], fixed: [UInt8]) {
            self.path = path
            self.original = original
            self.fixed = fixed
        }
    }

    /// Applies `plan` to the inputs it names. Files that cannot be read, are UTF-16, or whose edits do
    /// not fit their text are left out (`failed`).
    public static func apply(_ plan: FixPlan, contents: (String) -> [UInt8]?) -> (changes: [Change], failed: [String]) {
        var changes: [Change] = []
        var failed: [String] = []
        for (path, edits) in plan.edits.sorted(by: { $0.key < $1.key }) {
            guard let raw = contents(path), let (prefix, text) = utf8Text(raw),
                  let fixed = FixPlan.apply(edits, to: text) else {
                failed.append(path)
                continue
            }
            changes.append(Change(path: path, original: raw, fixed: prefix + fixed))
        }
        return (changes, failed)
    }

    /// Whether memlint may rewrite a file with these bytes (UTF-8, with or without a BOM).
    public static func utf8Text(_ raw: [UInt8]) -> (bom: [UInt8], text: [UInt8])? {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if raw.starts(with: bom) { return (bom, Array(raw.dropFirst(3))) }
        if raw.starts(with: [0xFF, 0xFE]) || raw.starts(with: [0xFE, 0xFF]) { return nil }
        return ([], raw)
    }
}
