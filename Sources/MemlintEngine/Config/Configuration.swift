import MemlintResolution
import MemlintYAML

/// The lowest severity that fails a run.
public enum FailThreshold: String, Sendable, CaseIterable {
    case error, warning, note, never

    public var severity: Severity? { Severity(name: rawValue) }
}

/// What `.lint.yml` says, validated. Every value keeps the place it was written, so later checks
/// (an unknown Dockerfile, an unused rule) can point back at the file.
public struct Configuration: Sendable {
    /// The file as reported (relative to the current directory), or nil when no file was read.
    public var path: String?
    /// The absolute folder holding the file: paths inside it are relative to this folder.
    public var directory: String
    public var failOn: FailThreshold?
    public var include: [Glob] = []
    public var exclude: [Glob] = []
    /// Overrides by rule code (names are resolved to codes when the file is read).
    public var rules: [String: RuleOverride] = [:]
    public var images: [ImageMapping] = []
    /// `runtimes:` — each runtime's shared assumptions, as written (validated against its parameters).
    public var runtimes: [RuntimeID: [String: String]] = [:]
    /// `render:` — the tools and settings for Helm charts and kustomizations.
    public var render = RenderConfiguration()
    /// Rules written in CEL under `customRules:`, compiled and checked.
    public var customRules: [CustomRule] = []
    /// Rule programs under `plugins:`, run once per run (unless `--no-plugins`).
    public var plugins: [PluginSpec] = []
    /// `rules:` entries that name no built-in or custom rule while plugins are configured: the
    /// plugins describe their rules only when they run, so these are matched (or reported) then.
    public var pluginRuleOverrides: [(selector: String, override: RuleOverride, at: SourceLocation)] = []

    public init(path: String? = nil, directory: String) {
        self.path = path
        self.directory = directory
    }

    /// True when a file (path relative to `directory`) passes `include` and `exclude`.
    public func admits(relativePath: String) -> Bool {
        if !include.isEmpty, !include.contains(where: { $0.matches(path: relativePath) }) { return false }
        return !exclude.contains { $0.matches(path: relativePath) }
    }
}

/// A rule program from `plugins:` in `.lint.yml`.
public struct PluginSpec: Sendable {
    public static let defaultTimeout = 30.0

    public var name: String
    /// The program and its arguments, run with no shell in the configuration's folder.
    public var command: [String]
    /// Seconds the program may take before it is stopped.
    public var timeout: Double
    /// The folder of the `.lint.yml` that names it: the program's working directory.
    public var directory: String
    /// The entry's `name:` in `.lint.yml`, where its failures are reported.
    public var definedAt: SourceLocation

    public init(name: String, command: [String], timeout: Double = defaultTimeout, directory: String, definedAt: SourceLocation) {
        self.name = name
        self.command = command
        self.timeout = timeout
        self.directory = directory
        self.definedAt = definedAt
    }
}

public struct RuleOverride: Sendable {
    public var enabled = true
    public var severity: Severity?
    /// Parameter values as written (validated against the rule's declared types).
    public var parameters: [String: String] = [:]

    public init(enabled: Bool = true, severity: Severity? = nil, parameters: [String: String] = [:]) {
        self.enabled = enabled
        self.severity = severity
        self.parameters = parameters
    }
}

/// A problem in `.lint.yml`, reported as `path:line:col: error: message` and exit code 2.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var mark: Mark
    public var message: String

    public var description: String { "\(path):\(mark.line):\(mark.column): error: \(message)" }
}

/// All problems found in one configuration file.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigError]
    public init(_ errors: [ConfigError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

extension Configuration {
    /// `path` (as reported, relative to `cwd` or absolute) relative to the configuration's folder,
    /// or nil when the file lies outside it.
    public func relativePath(of path: String, cwd: String) -> String? {
        let absolute = path.hasPrefix("/") ? path : (cwd.hasSuffix("/") ? cwd : cwd + "/") + path
        var components: [Substring] = []
        for part in absolute.split(separator: "/") {
            if part == "." { continue }
            if part == "..", !components.isEmpty { components.removeLast(); continue }
            components.append(part)
        }
        let normalized = components.joined(separator: "/")
        let base = directory.split(separator: "/").joined(separator: "/")
        if base.isEmpty { return normalized }
        guard normalized.hasPrefix(base + "/") else { return nil }
        return String(normalized.dropFirst(base.count + 1))
    }
}
