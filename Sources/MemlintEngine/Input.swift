import Foundation
import MemlintKubernetes
import MemlintYAML

/// One file to lint: the path as it is reported, and where its bytes come from.
public struct InputFile: Sendable {
    public enum Contents: Sendable {
        case disk(path: String)
        case bytes([UInt8])
    }

    public var path: String
    public var contents: Contents

    public init(path: String, contents: Contents) {
        self.path = path
        self.contents = contents
    }
}

/// A file after reading and parsing: its model, and what went wrong on the way.
struct ParsedFile: Sendable {
    var path: String
    var manifest = ManifestFile()
    var yamlErrors: [YAMLError] = []
    var readError: String?
    var suppressions: [Suppression] = []
}

enum FileLoader {
    static func parse(_ input: InputFile, loader: YAMLLoader) -> ParsedFile {
        var parsed = ParsedFile(path: input.path)
        let raw: [UInt8]
        switch input.contents {
        case .bytes(let bytes):
            raw = bytes
        case .disk(let path):
            do {
                raw = try readAll(path)
            } catch {
                parsed.readError = "\(error)"
                return parsed
            }
        }
        let text: SourceText
        switch SourceText.decode(raw) {
        case .success(let decoded):
            text = decoded
        case .failure(let failure):
            parsed.yamlErrors = [encodingError(failure, raw: raw)]
            return parsed
        }
        var extractor = ManifestExtractor()
        // Comment suppressions need to know where quoted and block scalars are; only files that
        // mention the directive pay for collecting them.
        let mayHaveComments = CommentScanner.mentions(SuppressionFinder.commentWord, in: text)
        var scalarRanges: [Range<Int>] = []
        parsed.yamlErrors = loader.load(text) { document in
            extractor.add(document)
            if mayHaveComments { scalarRanges += document.nonPlainScalarRanges() }
        }
        parsed.manifest = extractor.file
        if mayHaveComments {
            parsed.suppressions = SuppressionFinder.comments(in: text, documents: scalarRanges, path: input.path)
        }
        parsed.suppressions += SuppressionFinder.annotations(in: parsed.manifest, path: input.path)
        return parsed
    }

    private static func encodingError(_ failure: SourceText.DecodingError, raw: [UInt8]) -> YAMLError {
        switch failure {
        case .invalidUTF8(let offset):
            let mark = SourceText.position(ofByte: offset, in: raw)
            return YAMLError(kind: .encoding,
                             message: "the file is not valid UTF-8: byte 0x\(String(raw[offset], radix: 16, uppercase: true)) at line \(mark.line), column \(mark.column); save it as UTF-8",
                             mark: mark, documentIndex: 0)
        case .invalidUTF16(let offset):
            let mark = Mark(line: 1, column: 1, offset: offset)
            return YAMLError(kind: .encoding, message: "the file starts with a UTF-16 byte order mark but is not valid UTF-16 (at byte \(offset)); save it as UTF-8", mark: mark, documentIndex: 0)
        case .utf16WithoutBOM:
            return YAMLError(kind: .encoding, message: "the file looks like UTF-16 without a byte order mark; save it as UTF-8", mark: .zero, documentIndex: 0)
        }
    }

    /// Reads a whole file with one `read` loop (no Foundation `Data` copy).
    static func readAll(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileError(path: path, code: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileError(path: path, code: errno) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw FileError(path: path, code: EISDIR) }
        var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0))
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count))) }
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, code: errno)
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return bytes
    }
}

struct FileError: Error, CustomStringConvertible {
    var path: String
    var code: Int32
    var description: String { String(cString: strerror(code)) }
}
