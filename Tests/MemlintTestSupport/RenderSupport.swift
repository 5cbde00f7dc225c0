import Foundation
import MemlintEngine

/// Charts and kustomizations written to a temporary folder and linted with the real helm
/// (`scripts/get-helm` puts it in .build/tools) and kubectl.
public enum RenderSupport {
    public static var toolsPath: String {
        TestPaths.packageRoot.appendingPathComponent(".build/tools").path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    }

    public static var hasHelm: Bool { FileManager.default.isExecutableFile(atPath: TestPaths.packageRoot.appendingPathComponent(".build/tools/helm").path) }
    public static var hasKubectl: Bool { RenderTools.find(RenderConfiguration(), path: toolsPath).kustomize != nil }
    /// In CI the rendering tests must run: a missing tool there is a failure (see `toolsArePresentInCI`).
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Writes `files` (relative path → text) under a new temporary folder; returns its path.
    public static func write(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("memlint-render-\(UUID().uuidString)").path
        for (path, text) in files {
            let url = URL(fileURLWithPath: root + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    /// Lints a folder as `memlint check` would, rendering with the tools on `path`.
    public static func lint(_ root: String, configuration: Configuration? = nil, path: String? = nil) throws -> LintResult {
        var linter = TestLinter.make(configuration: configuration)
        linter.renderTools = RenderTools.find(configuration?.render ?? RenderConfiguration(), path: path ?? toolsPath)
        return linter.run(try FileDiscovery().files(under: [root]), jobs: 2)
    }

    /// A finding's place relative to `root`: `values.yaml:6:19`.
    public static func place(_ location: SourceLocation, in root: String) -> String {
        let path = location.path.hasPrefix(root + "/") ? String(location.path.dropFirst(root.count + 1)) : location.path
        return "\(path):\(location.span.start.line):\(location.span.start.column)"
    }
}
