import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the files to lint under the paths a user gave.
///
/// Directories are walked recursively with `readdir`; hidden entries (`.git`, `.build`, …) are
/// skipped; symlinks are followed, but a directory already being walked (same device and inode) is
/// not entered again, so symlink loops end. A file named on the command line is always linted,
/// whatever its name.
public struct FileDiscovery {
    public struct MissingPath: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "no such file or directory: \(path)" }
    }

    /// Which names found while walking are linted.
    public var matches: @Sendable (String) -> Bool

    public init(matches: @escaping @Sendable (String) -> Bool = FileDiscovery.isManifestName) {
        self.matches = matches
    }

    /// YAML manifests and Dockerfiles (`Dockerfile`, `*.Dockerfile`, `Dockerfile.*`, `Containerfile`),
    /// and the build files that say which Dockerfile or tool builds an image (Tiltfile, Bake,
    /// Maven/Gradle, shell scripts, Makefiles), read only for that.
    @Sendable public static func isManifestName(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml") || InputFile.isDockerfileName(name) || BuildFileScanner.isBuildFileName(name)
    }

    /// Hidden folders that hold build descriptions: CI workflows live in `.github/workflows`.
    static let walkedHiddenFolders: Set<String> = [".github"]

    /// The files under `paths`, each once, sorted by path. Throws `MissingPath` for a path that does not exist.
    public func files(under paths: [String]) throws -> [InputFile] {
        var found: [String] = []
        var named: [String] = []
        var seen = Set<String>()
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else { throw MissingPath(path: path) }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                walk(path, into: &found)
            } else {
                found.append(path)
                named.append(path)
            }
        }
        let cwd = FileManager.default.currentDirectoryPath
        let namedPaths = Set(named.map { Self.displayPath($0, cwd: cwd) })
        return found
            .map { Self.displayPath($0, cwd: cwd) }
            .filter { seen.insert($0).inserted }
            .sorted()
            .map { path in
                var input = InputFile(path: path, contents: .disk(path: path))
                input.wasNamed = namedPaths.contains(path)
                return input
            }
    }

    private func walk(_ root: String, into found: inout [String]) {
        var visited = Set<[UInt64]>()
        var pending = [root]
        while let directory = pending.popLast() {
            var info = stat()
            guard stat(directory, &info) == 0 else { continue }
            guard visited.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted else { continue }
            guard let handle = opendir(directory) else {
                // Unreadable folder: report it as a file that cannot be read, so it is not skipped silently.
                found.append(directory)
                continue
            }
            defer { closedir(handle) }
            var subdirectories: [String] = []
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
                }
                if name.hasPrefix("."), !Self.walkedHiddenFolders.contains(name) { continue }
                let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
                var isDirectory = Int32(entry.pointee.d_type) == Int32(DT_DIR)
                if Int32(entry.pointee.d_type) == Int32(DT_LNK) || Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) {
                    var target = stat()
                    guard stat(path, &target) == 0 else { continue }  // dangling link
                    isDirectory = (target.st_mode & S_IFMT) == S_IFDIR
                }
                if isDirectory {
                    subdirectories.append(path)
                } else if matches(name) {
                    found.append(path)
                }
            }
            pending.append(contentsOf: subdirectories.sorted().reversed())
        }
    }

    /// The path as reported: relative to the current directory when under it, without `./`.
    public static func displayPath(_ path: String, cwd: String) -> String {
        var result = path
        if result.hasPrefix("/") {
            let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
            if result.hasPrefix(prefix) { result.removeFirst(prefix.count) }
        }
        while result.hasPrefix("./") { result.removeFirst(2) }
        // Byte search: the generic `contains` compares Characters, and this runs twice per file.
        while result.containsLiteral("//") { result = result.replacing("//", with: "/") }
        return result
    }
}
