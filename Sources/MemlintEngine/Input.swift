import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MemlintDockerfile
import MemlintKubernetes
import MemlintYAML

/// One file to lint: the path as it is reported, and where its bytes come from.
public struct InputFile: Sendable {
    public enum Contents: Sendable {
        case disk(path: String)
        case bytes([UInt8])
    }

    /// `buildFile`: a Tiltfile, Bake file, Maven/Gradle build, shell script or Makefile, read only
    /// for the images it builds (BuildFileScanner); never linted.
    public enum Kind: Sendable { case yaml, dockerfile, buildFile }

    public var path: String
    public var contents: Contents
    /// Told by the file name (`Dockerfile`, `*.Dockerfile`, `Dockerfile.*`, `Containerfile`).
    public var kind: Kind
    /// The absolute path, for linking images to Dockerfiles named in `.lint.yml` or skaffold.yaml.
    public var absolutePath: String
    /// Not among the checked paths: a Dockerfile read because `.lint.yml` or skaffold names it.
    public var wasLinked: Bool
    /// Named on the command line, not found in a folder (pre-commit passes changed files so): its
    /// chart or kustomization may be missing from the run and is looked for.
    public var wasNamed = false

    public init(path: String, contents: Contents, kind: Kind? = nil, absolutePath: String? = nil, wasLinked: Bool = false) {
        self.path = path
        self.contents = contents
        let name = path.split(separator: "/").last.map(String.init) ?? path
        self.kind = kind ?? (InputFile.isDockerfileName(path) ? .dockerfile : BuildFileScanner.isBuildFileName(name) ? .buildFile : .yaml)
        self.absolutePath = absolutePath ?? InputFile.absolute(path)
        self.wasLinked = wasLinked
    }

    public static func isDockerfileName(_ path: String) -> Bool {
        let name = PathText.lastComponent(path)
        return name == "Dockerfile" || name == "Containerfile" || name.hasSuffix(".Dockerfile")
            || name.hasSuffix(".dockerfile") || name.hasPrefix("Dockerfile.") || name.hasPrefix("Containerfile.")
    }

    /// A file's bytes, read as `check` reads them.
    public static func readBytes(_ path: String) throws -> [UInt8] { try FileLoader.readAll(path) }

    /// The text as marks count it (BOM dropped, UTF-16 converted), or nil when it cannot be read or decoded.
    func decodedText() -> SourceText? {
        let raw: [UInt8]
        switch contents {
        case .bytes(let bytes): raw = bytes
        case .disk(let path): guard let bytes = try? FileLoader.readAll(path) else { return nil }; raw = bytes
        }
        guard case .success(let text) = SourceText.decode(raw) else { return nil }
        return text
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL.path }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path).standardizedFileURL.path
    }
}

/// A file after reading and parsing: its model, and what went wrong on the way.
struct ParsedFile: Sendable {
    var input: InputFile
    var path: String { input.path }
    var absolutePath: String { input.absolutePath }
    var kind: InputFile.Kind { input.kind }
    var wasLinked: Bool { input.wasLinked }
    var manifest = ManifestFile()
    /// What a build file (not YAML) says about building images.
    var buildRecipes: [BuildRecipe] = []
    /// For a `Chart.yaml` or a kustomization: why it was not rendered, or how rendering failed.
    var renderProblems: [RenderProblem] = []
    /// For a rendering: where it came from, to place its findings at the lines that wrote them.
    var renderOrigin: RenderOrigin?
    var dockerfile: Dockerfile?
    var image: ImageModel?
    var dockerfileError: DockerfileError?
    var yamlErrors: [YAMLError] = []
    var readError: String?
    var suppressions: [Suppression] = []
}

enum FileLoader {
    static func parse(_ input: InputFile, loader: YAMLLoader, jobs: Int = 1, chunkBytes: Int) -> ParsedFile {
        var parsed = ParsedFile(input: input)
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
        if input.kind == .buildFile {
            // Read for links only: a build file memlint cannot decode links nothing, and is no finding.
            if case .success(let text) = SourceText.decode(raw) {
                parsed.buildRecipes = BuildFileScanner.recipes(in: String(decoding: text.bytes, as: UTF8.self), path: input.path)
            }
            return parsed
        }
        let text: SourceText
        switch SourceText.decode(raw) {
        case .success(let decoded):
            text = decoded
        case .failure(let failure):
            let error = encodingError(failure, raw: raw)
            if input.kind == .dockerfile {
                parsed.dockerfileError = DockerfileError(message: error.message, mark: error.mark)
            } else {
                parsed.yamlErrors = [error]
            }
            return parsed
        }
        if input.kind == .dockerfile {
            switch DockerfileParser.parse(text, path: input.path) {
            case .success(let file):
                parsed.dockerfile = file
                parsed.image = ImageModel.build(file)
                parsed.suppressions = SuppressionFinder.dockerfileComments(in: file)
            case .failure(let error):
                parsed.dockerfileError = error
            }
            return parsed
        }
        // Comment suppressions need to know where quoted and block scalars are; only files that
        // mention the directive pay for collecting them.
        let mayHaveComments = CommentScanner.mentions(SuppressionFinder.commentWord, in: text)
        let chunks = jobs > 1 ? StreamSplitter.chunks(text, targetBytes: chunkBytes)
            : [StreamSplitter.Chunk(range: 0..<text.bytes.count, origin: ChunkOrigin())]
        let partials = parallelMap(chunks, jobs: jobs) { chunk -> (ManifestFile, [YAMLError], [Range<Int>]) in
            var extractor = ManifestExtractor()
            extractor.text = text
            var scalarRanges: [Range<Int>] = []
            let errors = loader.load(text, range: chunk.range, origin: chunk.origin) { document in
                extractor.add(document)
                if mayHaveComments {
                    scalarRanges += document.nonPlainScalarRanges().map {
                        ($0.lowerBound + chunk.origin.byteOffset)..<($0.upperBound + chunk.origin.byteOffset)
                    }
                }
            }
            return (extractor.file, errors, scalarRanges)
        }
        // Join the chunks in order. A syntax error ends the stream, as it would unchunked: later chunks are dropped.
        var scalarRanges: [Range<Int>] = []
        for (manifest, errors, ranges) in partials {
            let documentsBefore = parsed.manifest.documentCount
            parsed.manifest.append(manifest)
            parsed.yamlErrors += errors.map { var e = $0; e.documentIndex += documentsBefore; return e }
            scalarRanges += ranges
            if errors.contains(where: { $0.kind != .undefinedAlias }) { break }
        }
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
        // One buffer of the file's size; it grows only if the file grew since fstat (or has no size, like a pipe).
        var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0))
        var filled = 0
        var probe = [UInt8](repeating: 0, count: 4096)
        while true {
            if filled == bytes.count {
                let n = probe.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw FileError(path: path, code: errno)
                }
                if n == 0 { break }
                bytes.append(contentsOf: probe[0..<n])
                filled += n
                bytes.reserveCapacity(bytes.count * 2)
                bytes.append(contentsOf: repeatElement(0, count: bytes.count))
                continue
            }
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
