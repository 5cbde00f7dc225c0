import ArgumentParser
import Foundation
import MemlintEngine
import MemlintPacks

enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case error, warning, note, never

    var threshold: Severity? { Severity(name: rawValue) }
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Lint manifests (the default command).",
        discussion: "Paths may be files or directories (searched recursively for *.yaml and *.yml; hidden folders are skipped). Use - to read standard input.")

    @Argument(help: "Files or directories to lint; - reads standard input. Default: the current directory.")
    var paths: [String] = []

    @Option(help: "Report standard input under this path.")
    var stdinFilename = "<stdin>"

    @Option(help: "Lowest severity that makes the exit code 1: error, warning, note or never.")
    var failOn: FailOn = .warning

    @Option(help: "Colour in text output: auto (a terminal without NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    @Flag(help: "Same as --color never.")
    var noColor = false

    @Option(help: "Files processed in parallel (default: the number of cores).")
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let started = DispatchTime.now()
        let inputs = try gatherInputs()
        let linter = Linter(settings: RuleSettings(rules: BuiltInPacks.rules))
        let result = linter.run(inputs, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)

        let useColor = !noColor && (color == .always || (color == .auto && isatty(STDOUT_FILENO) == 1 && !noColorEnvironment))
        let reporter = TextReporter(color: useColor, showSource: useColor)
        FileHandle.standardOutput.write(Data(reporter.render(result.diagnostics).utf8))

        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        FileHandle.standardError.write(Data((Summary.line(result, elapsed: elapsed) + "\n").utf8))

        if let threshold = failOn.threshold, result.diagnostics.contains(where: { $0.severity >= threshold }) {
            throw ExitCode(1)
        }
    }

    private var noColorEnvironment: Bool {
        ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    }

    private func gatherInputs() throws -> [InputFile] {
        let requested = paths.isEmpty ? ["."] : paths
        var inputs: [InputFile] = []
        let filePaths = requested.filter { $0 != "-" }
        if requested.contains("-") {
            inputs.append(InputFile(path: stdinFilename, contents: .bytes(Array(FileHandle.standardInput.readDataToEndOfFile()))))
        }
        do {
            inputs += try FileDiscovery().files(under: filePaths)
        } catch let missing as FileDiscovery.MissingPath {
            throw ValidationError(missing.description)
        }
        return inputs
    }
}

enum Summary {
    static func line(_ result: LintResult, elapsed: Double) -> String {
        let s = result.statistics
        let counts = Severity.allCases.reversed().map { severity -> String in
            let n = result.diagnostics.filter { $0.severity == severity }.count
            return "\(n) \(severity.name)\(n == 1 ? "" : "s")"
        }
        let time = String(format: "%.2fs", elapsed)
        return "memlint: \(plural(s.files, "file")), \(plural(s.documents, "document")), \(plural(s.containers, "container")) checked: \(counts.joined(separator: ", ")) (\(time))"
    }

    private static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
