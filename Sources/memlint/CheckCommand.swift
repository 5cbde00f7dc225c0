import ArgumentParser
import Foundation
import MemlintEngine
import MemlintPacks

extension FailThreshold: ExpressibleByArgument {}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, github, junit, gitlab
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Lint manifests and Dockerfiles (the default command).",
        discussion: """
            Paths may be files or directories (searched recursively for *.yaml, *.yml and Dockerfiles; \
            hidden folders are skipped). Use - to read standard input.

            Formats: text (path:line:col: severity: message [CODE]), json (docs/json-format.md), sarif \
            (SARIF 2.1.0 for code scanning), github (workflow annotations), junit (JUnit XML), gitlab \
            (GitLab Code Quality). The report goes to stdout or --output; the summary always to stderr.
            """)

    @OptionGroup var lint: LintOptions

    @Option(help: "Lowest severity that makes the exit code 1: error, warning, note or never (default: failOn in .lint.yml, else warning).")
    var failOn: FailThreshold?

    @Option(help: "Output format: text, json, sarif, github, junit or gitlab.")
    var format: OutputFormat = .text

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(help: "Exit 0 even when there are findings (usage and configuration errors still exit 2).")
    var exitZero = false

    @Option(help: "Colour in text output: auto (a terminal without NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    @Flag(help: "Same as --color never.")
    var noColor = false

    @Flag(name: .shortAndLong, help: "Also list, on stderr, each container's runtime with its evidence, its Dockerfile and its command.")
    var verbose = false

    @Flag(help: "Apply safe fixes in place, then report what remains.")
    var fix = false

    @Flag(help: "Also apply (with --fix, --diff) or mark fixes that change behaviour: a new GOMEMLIMIT, a smaller heap.")
    var unsafeFixes = false

    @Flag(help: "Print a unified diff of what --fix would change, change nothing; exit 1 when there is something to fix.")
    var diff = false

    func validate() throws {
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
            FileHandle.standardError.write(Data("Error: \(unmatched.option): '\(unmatched.selector)' matches no rule code, prefix or name, not even a plugin's\n".utf8))
            throw ExitCode(2)
        }
        var fixing = FixSession(allowing: unsafeFixes ? .unsafe : .safe, writesEachRound: fix)
        if fix || diff {
            result = fixing.run(inputs, first: result) { linter.run($0, jobs: jobs) }
            if diff {
                try write(fixing.diff())
                FileHandle.standardError.write(Data((Summary.line(result, elapsed: elapsedSince(started)) + fixing.summary(result) + "\n").utf8))
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
            FileHandle.standardError.write(Data(Self.containerListing(result.containers).utf8))
            if !result.statistics.renderings.isEmpty || !linter.renderTools.configuration.charts.isEmpty {
                let tools = linter.renderTools.versions().map { "  \($0)\n" }.joined()
                FileHandle.standardError.write(Data(("renderers:\n" + tools).utf8))
            }
            for rendering in result.statistics.renderings {
                FileHandle.standardError.write(Data("rendered: \(rendering)\n".utf8))
            }
        }
        FileHandle.standardError.write(Data((Summary.line(result, elapsed: elapsedSince(started)) + fixing.summary(result) + "\n").utf8))
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
                throw ValidationError("cannot write --output \(output): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
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

enum Summary {
    static func line(_ result: LintResult, elapsed: Double) -> String {
        let s = result.statistics
        var counts = Severity.allCases.reversed().map { severity -> String in
            let n = result.diagnostics.filter { $0.severity == severity }.count
            return "\(n) \(severity.name)\(n == 1 ? "" : "s")"
        }
        counts.append("\(result.suppressed.count) suppressed")
        let time = String(format: "%.2fs", elapsed)
        return "memlint: \(plural(s.files, "file")), \(plural(s.documents, "document")), \(plural(s.containers, "container"))\(coverage(s)) checked: \(counts.joined(separator: ", ")) (\(time))"
    }

    /// " (12 jvm, 9 go, 2 native, 5 unknown)": what memlint recognised, runtimes first.
    static func coverage(_ s: LintStatistics) -> String {
        var patches = s.kustomizePatchFiles.isEmpty ? "" : "; \(plural(s.kustomizePatchFiles.count, "Kustomize patch file")) not linted alone"
        if !s.renderings.isEmpty { patches += "; \(plural(s.renderings.count, "rendering"))" }
        guard !s.coverage.isEmpty else { return patches.isEmpty ? "" : " (\(patches.dropFirst(2)))" }
        let order = { (key: String) -> Int in key == "unknown" ? 2 : key == "native" ? 1 : 0 }
        let parts = s.coverage.sorted { (order($0.key), $0.key) < (order($1.key), $1.key) }.map { "\($0.value) \($0.key)" }
        return " (\(parts.joined(separator: ", "))\(patches))"
    }

    private static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
