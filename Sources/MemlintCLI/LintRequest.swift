import ArgumentParser
import FoundationEssentials
import MemlintEngine
import MemlintPacks

/// What every command that lints (`check`, `explain`) was asked for, and how that becomes a
/// configuration, rule settings, the files to read and a linter. A plain value: ArgumentParser's
/// `LintOptions` and the quick command-line parser both produce it.
struct LintRequest: Equatable {
    var paths: [String] = []
    var stdinFilename = "<stdin>"
    var config: String?
    var noConfig = false
    var select: String?
    var ignore: String?
    var jobs: Int?
    var fileTimeout: Double = 60
    var noRender = false
    var noPlugins = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if config != nil && noConfig { throw ValidationError("--config and --no-config cannot be used together") }
        if !(fileTimeout > 0) { throw ValidationError("--file-timeout must be a positive number of seconds") }
    }

    /// The configuration in force: `--config`, else the nearest `.lint.yml` up to the repository root.
    /// Problems in it are printed as `path:line:col: error: …` on stderr, handed to `report` (which
    /// writes them in the command's format), and end the run with exit code 2: the one path every
    /// command takes for configuration errors.
    func loadConfiguration(report: (ConfigErrors) throws -> Void = { _ in }) throws -> Configuration? {
        try Self.loadConfiguration(config: config, noConfig: noConfig, report: report)
    }

    /// For commands that lint nothing (`rules`) but read the same configuration.
    static func loadConfiguration(config: String?, noConfig: Bool, report: (ConfigErrors) throws -> Void = { _ in }) throws -> Configuration? {
        do {
            return try configuration(config: config, noConfig: noConfig)
        } catch let errors as ConfigErrors {
            StandardStream.error.write((errors.description + "\n"))
            try report(errors)
            throw ExitCode(2)
        }
    }

    private static func configuration(config: String?, noConfig: Bool) throws -> Configuration? {
        if noConfig { return nil }
        let cwd = FileManager.default.currentDirectoryPath
        let path: String
        if let config {
            guard FileManager.default.fileExists(atPath: config) else { throw ValidationError("--config: no such file: \(config)") }
            path = config
        } else if let found = ConfigLoader.discover(from: cwd) {
            path = found
        } else {
            return nil
        }
        let display = Self.relative(path, to: cwd)
        return try ConfigLoader(packs: BuiltInPacks.all).load(path: path, displayPath: display).get()
    }

    /// `path` relative to `directory`, with `../` where it lies above (the nearest .lint.yml often does).
    static func relative(_ path: String, to directory: String) -> String {
        guard path.hasPrefix("/") else { return FileDiscovery.displayPath(path, cwd: directory) }
        let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let base = URL(fileURLWithPath: directory).standardizedFileURL.pathComponents
        let common = zip(target, base).prefix { $0 == $1 }.count
        guard common > 1 else { return path }
        return (Array(repeating: "..", count: base.count - common) + target[common...]).joined(separator: "/")
    }

    func ruleSettings(_ configuration: Configuration?) throws -> RuleSettings {
        func list(_ text: String?) -> [String]? {
            text.map { $0.split(separator: ",").map { $0.trimmingBlanks() }.filter { !$0.isEmpty } }
        }
        do {
            return try RuleSelection.settings(rules: BuiltInPacks.rules, configuration: configuration,
                                              select: list(select), ignore: list(ignore) ?? [], plugins: !noPlugins)
        } catch let error as RuleSelection.UnknownSelector {
            throw ValidationError(error.description)
        }
    }

    /// The files to lint: standard input, named files, and what folders hold, filtered by the
    /// configuration's include/exclude (standard input is never filtered).
    func inputs(_ configuration: Configuration?) throws -> [InputFile] {
        let requested = paths.isEmpty ? ["."] : paths
        var inputs: [InputFile] = []
        if requested.contains("-") {
            inputs.append(InputFile(path: stdinFilename, contents: .bytes(StandardStream.readInput())))
        }
        var files: [InputFile]
        do {
            files = try FileDiscovery().files(under: requested.filter { $0 != "-" })
        } catch let missing as FileDiscovery.MissingPath {
            throw ValidationError(missing.description)
        }
        if let configuration {
            let cwd = FileManager.default.currentDirectoryPath
            files = files.filter { file in
                guard let relative = configuration.relativePath(of: file.path, cwd: cwd) else { return true }
                return configuration.admits(relativePath: relative)
            }
        }
        return inputs + files
    }
}

extension LintRequest {
    /// A linter with the options that shape every run.
    func linter(settings: RuleSettings, configuration: Configuration?) -> Linter {
        var linter = Linter(settings: settings, packs: BuiltInPacks.all, configuration: configuration)
        // Clamped: `--file-timeout 1e300` must not trap the conversion.
        linter.loader.timeBudget = UInt64(min(max(fileTimeout, 0), 1e9) * 1e9)
        if !noRender {
            linter.renderTools = RenderTools.find(configuration?.render ?? RenderConfiguration())
        } else {
            linter.renderTools = RenderTools(helmMissing: "--no-render was given", kustomizeMissing: "--no-render was given")
        }
        if !noPlugins { linter.plugins = configuration?.plugins ?? [] }
        return linter
    }
}
