import ArgumentParser

/// The command-line options shared by every command that lints (`check`, `explain`); what they
/// mean and do is `LintRequest`'s.
struct LintOptions: ParsableArguments {
    @Argument(help: "Files or directories to lint; - reads standard input. Default: the current directory.")
    var paths: [String] = LintRequest().paths

    @Option(help: "Report standard input under this path.")
    var stdinFilename = LintRequest().stdinFilename

    @Option(help: ArgumentHelp("Use this configuration file instead of the nearest .lint.yml.", valueName: "file"))
    var config: String?

    @Flag(help: "Ignore any .lint.yml.")
    var noConfig = false

    @Option(help: ArgumentHelp("Run only these rules: codes, names or prefixes (K8S,JVM001), comma-separated.", valueName: "codes"))
    var select: String?

    @Option(help: ArgumentHelp("Skip these rules: codes, names or prefixes, comma-separated.", valueName: "codes"))
    var ignore: String?

    @Option(help: "Files processed in parallel (default: the number of cores).")
    var jobs: Int?

    @Option(help: ArgumentHelp("Stop reading a file after this many seconds and report E003 (default 60).", valueName: "seconds"))
    var fileTimeout: Double = LintRequest().fileTimeout

    @Flag(help: "Do not render Helm charts or kustomizations (their templates are set aside, E007 says so).")
    var noRender = false

    @Flag(help: "Do not start the rule plugins .lint.yml names (plugins:).")
    var noPlugins = false

    var request: LintRequest {
        LintRequest(paths: paths, stdinFilename: stdinFilename, config: config, noConfig: noConfig, select: select,
                    ignore: ignore, jobs: jobs, fileTimeout: fileTimeout, noRender: noRender, noPlugins: noPlugins)
    }

    func validate() throws { try request.validate() }
}
