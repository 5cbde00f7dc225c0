import ArgumentParser
import Foundation
import MemlintEngine
import MemlintPacks

extension FailThreshold: ExpressibleByArgument {}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Lint manifests (the default command).",
        discussion: "Paths may be files or directories (searched recursively for *.yaml and *.yml; hidden folders are skipped). Use - to read standard input.")

    @OptionGroup var lint: LintOptions

    @Option(help: "Lowest severity that makes the exit code 1: error, warning, note or never (default: failOn in .lint.yml, else warning).")
    var failOn: FailThreshold?

    @Option(help: "Colour in text output: auto (a terminal without NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    @Flag(help: "Same as --color never.")
    var noColor = false

    @Flag(name: .shortAndLong, help: "Also list, on stderr, each container's runtime with its evidence, its Dockerfile and its command.")
    var verbose = false

    func run() throws {
        let started = DispatchTime.now()
        let configuration = try lint.loadConfiguration()
        let settings = try lint.ruleSettings(configuration)
        let inputs = try lint.inputs(configuration)
        let linter = Linter(settings: settings, packs: BuiltInPacks.all, configuration: configuration)
        let result = linter.run(inputs, jobs: lint.jobs ?? ProcessInfo.processInfo.activeProcessorCount)

        let useColor = !noColor && (color == .always || (color == .auto && isatty(STDOUT_FILENO) == 1 && !noColorEnvironment))
        let reporter = TextReporter(color: useColor, showSource: useColor)
        FileHandle.standardOutput.write(Data(reporter.render(result.diagnostics).utf8))

        if verbose {
            FileHandle.standardError.write(Data(Self.containerListing(result.containers).utf8))
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        FileHandle.standardError.write(Data((Summary.line(result, elapsed: elapsed) + "\n").utf8))

        let threshold = failOn ?? configuration?.failOn ?? .warning
        if let severity = threshold.severity, result.diagnostics.contains(where: { $0.severity >= severity }) {
            throw ExitCode(1)
        }
    }

    static func containerListing(_ containers: [ContainerReport]) -> String {
        var out = ""
        for c in containers {
            out += "\(c.path): \(c.workload) container '\(c.container)'\n"
            out += "  runtime: \(c.runtime?.summary ?? "unknown")\n"
            if let link = c.link { out += "  dockerfile: \(link)\n" }
            let argv = c.process.argv.map(\.text).joined(separator: " ")
            out += "  argv: \(argv.isEmpty ? "(from the image, unknown)" : argv)\(c.process.argvKnown ? "" : " (partly unknown: no Dockerfile)")\n"
            if !c.process.wrappers.isEmpty {
                out += "  command: \(c.process.command.map(\.text).joined(separator: " ")) (inside \(c.process.wrappers.joined(separator: ", ")))\n"
            }
        }
        return out
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
        return "memlint: \(plural(s.files, "file")), \(plural(s.documents, "document")), \(plural(s.containers, "container")) checked: \(counts.joined(separator: ", ")) (\(time))"
    }

    private static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
