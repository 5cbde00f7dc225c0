/// The lines of the files a report points into, read once by the engine after the run (reporters
/// read no files): for SARIF snippets, UTF-16 columns and terminal carets.
public struct SourceLines: Sendable {
    private var files: [String: [Substring]] = [:]

    public init() {}

    /// Reads each of `paths` once: from the run's inputs (standard input keeps its bytes), else from disk.
    public static func read(_ paths: [String], inputs: [InputFile]) -> SourceLines {
        var result = SourceLines()
        let byPath = Dictionary(inputs.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        for path in Set(paths) {
            let bytes: [UInt8]?
            switch byPath[path]?.contents {
            case .bytes(let inline)?: bytes = inline
            case .disk(let disk)?: bytes = try? FileLoader.readAll(disk)
            case nil: bytes = try? FileLoader.readAll(path)
            }
            guard let bytes else { continue }
            var text = String(decoding: bytes, as: UTF8.self)
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            result.files[path] = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        }
        return result
    }

    public func line(_ number: Int, of path: String) -> String? {
        guard let lines = files[path], number >= 1, number <= lines.count else { return nil }
        return String(lines[number - 1])
    }

    /// A 1-based column counted in Unicode scalars, as UTF-16 code units (what SARIF and editors
    /// like VS Code count). Unchanged when the line is not available.
    public func utf16Column(_ column: Int, line number: Int, path: String) -> Int {
        guard let text = line(number, of: path) else { return column }
        var units = 0
        for (index, scalar) in text.unicodeScalars.enumerated() where index < column - 1 {
            units += scalar.value > 0xFFFF ? 2 : 1
        }
        return units + 1 + max(0, column - 1 - text.unicodeScalars.count)
    }
}
