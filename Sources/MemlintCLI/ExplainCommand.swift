import ArgumentParser
import FoundationEssentials
import MemlintEngine
import MemlintPacks

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show, for every container, its runtime, its limit and the memory budget memlint computed.",
        discussion: """
            The budget is the arithmetic the runtime rules do: each component with its size and where it \
            came from (a flag and its file:line, a runtime default, or an assumption you can tune in .lint.yml).

              memlint explain k8s/
              memlint explain --workload cart --container cart .
              memlint explain --format json . | jq '.containers[].budget.total'
            """)

    enum Format: String, ExpressibleByArgument { case text, json }

    @OptionGroup var lint: LintOptions

    @Option(help: "Only workloads with this name (Kind/name or name).")
    var workload: String?

    @Option(help: "Only containers with this name.")
    var container: String?

    @Option(help: "text or json.")
    var format: Format = .text

    @Flag(help: "Print the JSON Schema of --format json's containers (docs/model.schema.json) and exit.")
    var schema = false

    func run() throws {
        if schema {
            StandardStream.output.write(ExplainRenderer.schema(runtimes: BuiltInPacks.runtimes))
            return
        }
        let lint = self.lint.request
        let configuration = try lint.loadConfiguration()
        let settings = try lint.ruleSettings(configuration)
        let inputs = try lint.inputs(configuration)
        var linter = lint.linter(settings: settings, configuration: configuration)
        linter.plugins = []  // explain shows what plugins would receive; it does not run them
        let result = linter.run(inputs, jobs: lint.jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        let containers = result.containers.filter { report in
            (workload.map { report.workloadName == $0 || report.workloadName.hasSuffix("/" + $0) } ?? true)
                && (container.map { report.name == $0 } ?? true)
        }
        let output = format == .json ? ExplainRenderer.json(containers) : ExplainRenderer.text(containers)
        StandardStream.output.write(output)
    }
}
