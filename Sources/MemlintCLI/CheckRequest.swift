import ArgumentParser
import Dispatch
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MemlintEngine
import MemlintPacks

/// What `memlint check` was asked for, and the run: lint, fix, report, exit code. A plain value:
/// ArgumentParser's `CheckCommand` and the quick command-line parser both produce it.
struct CheckRequest: Equatable {
    var lint = LintRequest()
    var failOn: FailThreshold?
    var format = OutputFormat.text
    var output: String?
    var exitZero = false
    var color = ColorChoice.auto
    var noColor = false
    var verbose = false
    var fix = false
    var unsafeFixes = false
    var diff = false

    /// Everything ArgumentParser's `validate()` checks for `check`, its lint options included.
    func validate() throws {
        try lint.validate()
        try validateOwnOptions()
    }

    func validateOwnOptions() throws {
        if fix && diff { throw ValidationError("--fix and --diff cannot be used together: --diff shows what --fix would do") }
    }

    func run() throws {
        let started = DispatchTime.now()
        let configuration = try lint.loadConfiguration { errors in
            if format != .text { try write(report(nil, rules: [], exitCode: 2, configurationErrors: errors.errors)) }
        }
        let settings = try lint.ruleSettings(configuration)
        let inputs = try lint.inputs(configuration)
        var linter = lint.linter(settings: settings, configuration: configuration)
        linter.collectsContainerReports = verbose || format == .json
        linter.collectsSourceLines = format == .sarif || (format == .text && useColor)
        let jobs = lint.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        var result = linter.run(inputs, jobs: jobs)
        if let unmatched = result.unmatchedSelectors.first {
            // Judged only now: the plugins describe their rules when they run.
            StandardStream.error.write("Error: \(unmatched.option): '\(unmatched.selector)' matches no rule code, prefix or name, not even a plugin's\n")
            throw ExitCode(2)
        }
        var fixing = FixSession(allowing: unsafeFixes ? .unsafe : .safe, writesEachRound: fix)
        if fix || diff {
            result = fixing.run(inputs, first: result) { linter.run($0, jobs: jobs) }
            if diff {
                try write(fixing.diff())
                StandardStream.error.write((Summary.line(result, elapsed: elapsedSince(started)) + fixing.summary(result) + "\n"))
                if !fixing.changes.isEmpty && !exitZero { throw ExitCode(1) }
                return
            }
            try fixing.write()
        }

        let threshold = failOn ?? configuration?.failOn ?? .warning
        let failed = threshold.severity.map { severity in result.diagnostics.contains { $0.severity >= severity } } ?? false
        let exitCode: Int32 = failed && !exitZero ? 1 : 0

        try write(report(result, rules: settings.descriptions + result.pluginRules, exitCode: exitCode, configurationErrors: []))
        if verbose {
            StandardStream.error.write(Self.containerListing(result.containers))
            if !result.statistics.renderings.isEmpty || !linter.renderTools.configuration.charts.isEmpty {
                let tools = linter.renderTools.versions().map { "  \($0)\n" }.joined()
                StandardStream.error.write(("renderers:\n" + tools))
            }
            for rendering in result.statistics.renderings {
                StandardStream.error.write("rendered: \(rendering)\n")
            }
        }
        StandardStream.error.write((Summary.line(result, elapsed: elapsedSince(started)) + fixing.summary(result) + "\n"))
        if exitCode != 0 { throw ExitCode(exitCode) }
    }

    private func elapsedSince(_ started: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
    }

    private func report(_ result: LintResult?, rules: [RuleDescription], exitCode: Int32, configurationErrors: [ConfigError]) -> String {
        // Configuration errors point into .lint.yml: its lines give SARIF their UTF-16 columns.
        let sources = result?.sources ?? SourceLines.read(configurationErrors.map(\.path), inputs: [])
        let context = ReportContext(
            toolVersion: Memlint.version, informationURI: Memlint.home, rules: rules,
            root: FileManager.default.currentDirectoryPath, exitCode: exitCode,
            configurationErrors: configurationErrors, sources: sources)
        switch format {
        case .text:
            var reporter = TextReporter(color: useColor, showSource: useColor)
            reporter.marksFixes = unsafeFixes ? .unsafe : .safe
            return reporter.render(result?.diagnostics ?? [], sources: sources)
        case .json: return JSONReporter.render(result, context: context)
        case .sarif: return SARIFReporter.render(result, context: context)
        case .github: return GitHubReporter.render(result, context: context)
        case .junit: return JUnitReporter.render(result, context: context)
        case .gitlab: return GitLabReporter.render(result, context: context)
        }
    }

    private func write(_ text: String) throws {
        if let output {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            } catch {
                throw ValidationError("cannot write --output \(output): \(describe(error))")
            }
        } else {
            StandardStream.output.write(text)
        }
    }

    static func containerListing(_ containers: [ResolvedContainer]) -> String {
        var out = ""
        for c in containers {
            out += "\(c.path): \(c.workloadName) container '\(c.name)'\n"
            out += "  runtime: \(c.runtimeSummary)\n"
            if let launcher = c.launcher { out += "  launcher: \(launcher.name) (\(launcher.reason); \(launcher.facts.source))\n" }
            if let link = c.linkedImage { out += "  dockerfile: \(link.summary)\n" }
            let argv = c.process.argv.map(\.text).joined(separator: " ")
            out += "  argv: \(argv.isEmpty ? "(from the image, unknown)" : argv)\(c.process.argvKnown ? "" : " (partly unknown: no Dockerfile)")\n"
            if !c.process.wrappers.isEmpty {
                out += "  command: \(c.process.command.map(\.text).joined(separator: " ")) (inside \(c.process.wrappers.joined(separator: ", ")))\n"
            }
            for note in c.process.shellNotes { out += "  shell: \(note)\n" }
        }
        return out
    }

    /// Colour (and source snippets) on a terminal, unless turned off.
    private var useColor: Bool {
        !noColor && (color == .always || (color == .auto && output == nil && isatty(STDOUT_FILENO) == 1 && !noColorEnvironment))
    }

    private var noColorEnvironment: Bool {
        ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    }
}
