import ArgumentParser
import FoundationEssentials
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
    var format = CheckRequest().format

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(help: "Exit 0 even when there are findings (usage and configuration errors still exit 2).")
    var exitZero = false

    @Option(help: "Colour in text output: auto (a terminal without NO_COLOR), always or never.")
    var color = CheckRequest().color

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

    var request: CheckRequest {
        CheckRequest(lint: lint.request, failOn: failOn, format: format, output: output, exitZero: exitZero,
                     color: color, noColor: noColor, verbose: verbose, fix: fix, unsafeFixes: unsafeFixes, diff: diff)
    }

    // The lint options validate themselves (LintOptions.validate).
    func validate() throws { try request.validateOwnOptions() }

    func run() throws { try request.run() }
}
