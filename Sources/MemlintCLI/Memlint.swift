import ArgumentParser
import FoundationEssentials

/// The root command, as ArgumentParser sees it; `CommandLineEntry` is the program.
struct Memlint: ParsableCommand {
    static let version = "0.1.0"
    /// The project's home: SARIF's informationUri, and the base of each rule's helpUri
    /// (`<home>/blob/main/docs/rules/<CODE>.md`).
    static let home = "https://github.com/memlint/memlint"

    static let configuration = CommandConfiguration(
        commandName: "memlint",
        abstract: "Find container memory settings that get pods OOMKilled, before they ship.",
        discussion: """
            memlint reads Kubernetes manifests and checks each container's memory limit and request \
            against what its runtime will really use.

            Examples:
              memlint check k8s/                      lint every *.yaml / *.yml under k8s/
              helm template chart | memlint check -  lint rendered output from stdin
              memlint check --fail-on error .         fail only on errors

            Exit codes: 0 no finding at or above --fail-on (or --exit-zero), 1 findings at or above it,             2 usage or configuration error.
            """,
        version: version,
        subcommands: [CheckCommand.self, ExplainCommand.self, RulesCommand.self, DebugCommand.self],
        defaultSubcommand: CheckCommand.self)
}
