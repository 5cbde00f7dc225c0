/// Text that remembers where each of its characters was written.
///
/// Values travel: a Dockerfile `ENV` value is unquoted, a YAML env value is expanded into a shell
/// script, the script is split into words. A diagnostic about `-Xmx900m` should still point at
/// those eight characters in the file they came from. `TracedText` keeps runs of characters with
/// their origin: an exact position (each following character one column on, on the same line) or,
/// when the mapping is not one to one (escapes, folded scalars), the whole place they came from.
public struct TracedText: Sendable, Equatable, CustomStringConvertible {
    public enum Origin: Sendable, Equatable {
        /// The run's first character is at `start` in `path`; the others follow it on the same line.
        case exact(path: String, start: Mark)
        /// The run came from somewhere in `location`, without a character-level mapping.
        case whole(SourceLocation)
        /// Made up by memlint (a default, a separator).
        case synthetic
    }

    struct Run: Sendable, Equatable {
        var length: Int
        var origin: Origin
        /// Every character is one byte: positions inside the run are plain arithmetic.
        var ascii: Bool
    }

    public private(set) var scalars: [Unicode.Scalar] = []
    /// The same characters as a `String`, kept in step (it is read far more often than built).
    public private(set) var text: String = ""
    private var runs: [Run] = []
    /// Index of each run's first character (kept beside `runs` for binary search).
    private var runStarts: [Int] = []

    public init() {}

    /// Text with no source (a default value, a separator).
    public init(synthetic text: String) {
        append(text, origin: .synthetic)
    }

    /// Text whose characters sit one after another from `start` in `path`.
    public init(_ text: String, path: String, start: Mark) {
        append(text, origin: .exact(path: path, start: start))
    }

    /// Text that came from `location` as a whole.
    public init(_ text: String, from location: SourceLocation) {
        append(text, origin: .whole(location))
    }

    public var description: String { text }
    public var isEmpty: Bool { scalars.isEmpty }
    public var count: Int { scalars.count }

    public mutating func append(_ text: String, origin: Origin) {
        let added = Array(text.unicodeScalars)
        guard !added.isEmpty else { return }
        scalars += added
        self.text += text
        appendRun(Run(length: added.count, origin: origin, ascii: text.utf8.count == added.count))
    }

    public mutating func append(_ other: TracedText) {
        scalars += other.scalars
        text += other.text
        for run in other.runs { appendRun(run) }
    }

    public mutating func append(_ scalar: Unicode.Scalar, origin: Origin) {
        scalars.append(scalar)
        text.unicodeScalars.append(scalar)
        appendRun(Run(length: 1, origin: origin, ascii: scalar.isASCII))
    }

    /// Appends one character of `other`, keeping its origin.
    public mutating func append(characterAt index: Int, of other: TracedText) {
        let scalar = other.scalars[index]
        scalars.append(scalar)
        text.unicodeScalars.append(scalar)
        appendRun(Run(length: 1, origin: other.origin(at: index), ascii: scalar.isASCII))
    }

    private mutating func appendRun(_ run: Run) {
        guard run.length > 0 else { return }
        if let last = runs.last, continues(last, with: run.origin) {
            runs[runs.count - 1].length += run.length
            runs[runs.count - 1].ascii = last.ascii && run.ascii
        } else {
            runStarts.append((runStarts.last ?? 0) + (runs.last?.length ?? 0))
            runs.append(run)
        }
    }

    /// True when `next` starts exactly where `run` ends (so the two can be one run).
    private func continues(_ run: Run, with next: Origin) -> Bool {
        switch (run.origin, next) {
        case (.synthetic, .synthetic): return true
        case (.whole(let a), .whole(let b)): return a == b
        case (.exact(let pathA, let startA), .exact(let pathB, let startB)):
            guard pathA == pathB, startA.line == startB.line else { return false }
            return Int(startB.column) == Int(startA.column) + run.length && startB.offset >= startA.offset
        default: return false
        }
    }

    /// The run holding character `index` (binary search), or nil past the end.
    private func runIndex(containing index: Int) -> Int? {
        var low = 0, high = runs.count
        while low < high {
            let mid = (low + high) / 2
            if runStarts[mid] <= index { low = mid + 1 } else { high = mid }
        }
        let found = low - 1
        guard found >= 0, index < runStarts[found] + runs[found].length else { return nil }
        return found
    }

    /// The origin of the character at `index`, as a one-character origin.
    public func origin(at index: Int) -> Origin {
        guard let r = runIndex(containing: index) else { return .synthetic }
        let run = runs[r], position = runStarts[r]
        switch run.origin {
        case .exact(let path, let start):
            return .exact(path: path, start: advance(start, by: index - position, from: position, ascii: run.ascii))
        case .whole, .synthetic:
            return run.origin
        }
    }

    /// `start` moved `count` characters on, counting bytes of the characters that are in this text
    /// from `runStart` (the index where the run begins).
    private func advance(_ start: Mark, by count: Int, from runStart: Int, ascii: Bool) -> Mark {
        var offset = start.offset + (ascii ? count : 0)
        if !ascii { for k in 0..<count { offset += UTF8.width(scalars[runStart + k]) } }
        return Mark(line: Int(start.line), column: Int(start.column) + count, offset: offset)
    }

    /// Where the characters in `range` were written: exact when they come from one exact run, or
    /// from exact runs on one line of one file; otherwise the first place any of them came from.
    public func location(of range: Range<Int>) -> SourceLocation? {
        guard !range.isEmpty, range.upperBound <= scalars.count else { return nil }
        let first = origin(at: range.lowerBound)
        let last = origin(at: range.upperBound - 1)
        switch (first, last) {
        case (.exact(let path, let start), .exact(let lastPath, let lastStart)) where path == lastPath:
            let width = UTF8.width(scalars[range.upperBound - 1])
            let end = Mark(line: Int(lastStart.line), column: Int(lastStart.column) + 1, offset: lastStart.offset + width)
            return SourceLocation(path: path, span: Span(start: start, end: end))
        case (.exact(let path, let start), _):
            return SourceLocation(path: path, span: Span(start: start, end: start))
        case (.whole(let location), _):
            return location
        default:
            for index in range {
                switch origin(at: index) {
                case .exact(let path, let start): return SourceLocation(path: path, span: Span(start: start, end: start))
                case .whole(let location): return location
                case .synthetic: continue
                }
            }
            return nil
        }
    }

    /// The location of the whole text.
    public var location: SourceLocation? { location(of: 0..<scalars.count) }

    /// The characters in `range`, with their origins. One pass over the runs.
    public func slice(_ range: Range<Int>) -> TracedText {
        var result = TracedText()
        guard !range.isEmpty else { return result }
        result.scalars = Array(scalars[range])
        var view = String.UnicodeScalarView()
        view.append(contentsOf: result.scalars)
        result.text = String(view)
        guard var r = runIndex(containing: range.lowerBound) else { return result }
        while r < runs.count, runStarts[r] < range.upperBound {
            let run = runs[r], position = runStarts[r]
            let overlap = (position..<position + run.length).clamped(to: range)
            var origin = run.origin
            if case .exact(let path, let start) = run.origin, overlap.lowerBound > position {
                origin = .exact(path: path, start: advance(start, by: overlap.lowerBound - position, from: position, ascii: run.ascii))
            }
            result.runStarts.append((result.runStarts.last ?? 0) + (result.runs.last?.length ?? 0))
            result.runs.append(Run(length: overlap.count, origin: origin, ascii: run.ascii))
            r += 1
        }
        return result
    }

    public static func == (lhs: TracedText, rhs: TracedText) -> Bool {
        lhs.scalars == rhs.scalars && lhs.runs == rhs.runs
    }
}
