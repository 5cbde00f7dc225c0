import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MemlintSource

/// Where a rendered stream came from, for placing its findings at the lines that wrote them.
enum RenderOrigin: Sendable {
    case helm(chart: RenderPlan.Chart, values: RenderConfiguration.ValueSet, isNamedSet: Bool)
    case kustomize(RenderPlan.KustomizeRoot)
}

/// A rendering, linted like a file under a path of its own: `charts/payments@helm`,
/// `charts/payments@helm-prod` (a named value set), `overlays/prod@kustomize`.
struct RenderedOutput: Sendable {
    var input: InputFile
    var origin: RenderOrigin
}

/// Runs `helm template` and `kustomize build` for a plan; failures become E008 problems placed at
/// the file and line the tool names.
struct Renderers: Sendable {
    var tools: RenderTools
    var configurationDirectory: String?
    var cwd = FileManager.default.currentDirectoryPath

    enum Job: Sendable {
        case chart(RenderPlan.Chart, RenderConfiguration.ValueSet, isNamedSet: Bool, settings: RenderConfiguration.ChartSettings?)
        case kustomize(RenderPlan.KustomizeRoot)
    }

    struct Outcome: Sendable {
        var output: RenderedOutput?
        /// By the absolute path of the file whose rule reports it (Chart.yaml, the kustomization).
        var problems: [(owner: String, problem: RenderProblem)] = []
    }

    /// What to render, and the notes for what cannot be rendered.
    func jobs(_ plan: RenderPlan) -> (jobs: [Job], problems: [(owner: String, problem: RenderProblem)]) {
        var jobs: [Job] = []
        var problems: [(String, RenderProblem)] = []
        for chart in plan.charts {
            let owner = chart.chartFile.absolutePath
            let at = SourceLocation(path: chart.chartFile.path, span: Self.point(line: chart.firstContentLine))
            let pipe = "helm template RELEASE \(chart.displayFolder) | memlint check -"
            if chart.isLibrary {
                problems.append((owner, RenderProblem(kind: .notRendered,
                    message: "Helm chart '\(chart.displayFolder)' is a library chart: helm renders it only through the charts that depend on it; \(Self.count(chart.templateFiles)) set aside",
                    location: at, fix: nil)))
                continue
            }
            if tools.helm == nil || !chart.isOnDisk {
                let reason = chart.isOnDisk ? tools.helmMissing : "it is not on disk"
                let required = tools.configuration.helm.required && chart.isOnDisk
                problems.append((owner, RenderProblem(kind: required ? .failed : .notRendered,
                    message: "Helm chart '\(chart.displayFolder)' not rendered: \(reason)\(required ? ", and render.helm.required is true" : ""); \(Self.count(chart.templateFiles)) set aside, not checked",
                    location: at, fix: "Install helm (or set render.helm.command in .lint.yml), or pipe `\(pipe)`")))
                continue
            }
            if let first = chart.missingDependencies.first {
                var seen = Set<String>()
                let names = chart.missingDependencies.filter { seen.insert($0.name).inserted }.map { "'\($0.name)'" }
                let which = names.count == 1 ? "its dependency \(names[0]) is" : "its dependencies \(names.joined(separator: ", ")) are"
                problems.append((owner, RenderProblem(kind: .notRendered,
                    message: "Helm chart '\(chart.displayFolder)' not rendered: \(which) not in \(chart.displayFolder)/charts/ (memlint never runs helm dependency build: it needs the network); \(Self.count(chart.templateFiles)) set aside, not checked",
                    location: SourceLocation(path: first.file ?? chart.chartFile.path, span: first.span),
                    fix: "Run `helm dependency build \(chart.displayFolder)` before memlint (in CI, after checkout)")))
                continue
            }
            let settings = configurationDirectory.flatMap { directory in
                relative(chart.folder, to: directory).flatMap { tools.configuration.chart($0) }
            }
            if let settings, !settings.valueSets.isEmpty {
                for set in settings.valueSets { jobs.append(.chart(chart, set.after(settings.common), isNamedSet: true, settings: settings)) }
            } else {
                jobs.append(.chart(chart, settings?.common ?? RenderConfiguration.ValueSet(name: "default"), isNamedSet: false, settings: settings))
            }
        }
        for root in plan.kustomizations where plan.problems[root.file.absolutePath] == nil {
            if tools.kustomize == nil || !root.isOnDisk {
                let reason = root.isOnDisk ? tools.kustomizeMissing : "it is not on disk"
                let required = tools.configuration.kustomize.required && root.isOnDisk
                problems.append((root.file.absolutePath, RenderProblem(kind: required ? .failed : .notRendered,
                    message: "kustomization '\(root.displayFolder)' not rendered: \(reason)\(required ? ", and render.kustomize.required is true" : ""); its files are linted one by one",
                    location: SourceLocation(path: root.file.path, span: Self.point(line: root.firstContentLine)),
                    fix: "Install kubectl or kustomize (or set render.kustomize.command in .lint.yml), or pipe `kubectl kustomize \(root.displayFolder) | memlint check -`")))
                continue
            }
            jobs.append(.kustomize(root))
        }
        return (jobs, problems)
    }

    func render(_ job: Job) -> Outcome {
        switch job {
        case .chart(let chart, let values, let isNamedSet, let settings):
            return renderChart(chart, values: values, isNamedSet: isNamedSet, settings: settings)
        case .kustomize(let root):
            return renderKustomization(root)
        }
    }

    private func renderChart(_ chart: RenderPlan.Chart, values: RenderConfiguration.ValueSet, isNamedSet: Bool,
                             settings: RenderConfiguration.ChartSettings?) -> Outcome {
        // `--skip-tests`: `helm test` pods (templates/tests/) are not part of what the chart deploys.
        var argv = tools.helm!.command + ["template", settings?.release ?? chart.name, chart.folder, "--skip-tests"]
        if let namespace = settings?.namespace { argv += ["--namespace", namespace] }
        if let version = settings?.kubeVersion { argv += ["--kube-version", version] }
        for file in values.files { argv += ["--values", file] }
        for pair in values.set { argv += ["--set", "\(pair.key)=\(pair.value.replacing(",", with: "\\,"))"] }
        let outcome = ToolProcess.run(argv, timeout: tools.timeout)
        let name = "\(chart.displayFolder)@helm\(isNamedSet ? "-" + values.name : "")"
        let setNote = isNamedSet ? " with value set '\(values.name)'" : ""
        if let problem = failure(outcome, tool: "helm template", what: "Helm chart '\(chart.displayFolder)'\(setNote)",
                                 fallback: SourceLocation(path: chart.chartFile.path, span: Self.point(line: chart.firstContentLine)),
                                 place: { helmPlace($0, chart: chart) }) {
            return Outcome(problems: [(chart.chartFile.absolutePath, problem)])
        }
        let input = InputFile(path: name, contents: .bytes(outcome.stdout), kind: .yaml, absolutePath: chart.folder + "@helm" + (isNamedSet ? "-" + values.name : ""))
        return Outcome(output: RenderedOutput(input: input, origin: .helm(chart: chart, values: values, isNamedSet: isNamedSet)))
    }

    private func renderKustomization(_ root: RenderPlan.KustomizeRoot) -> Outcome {
        var argv = tools.kustomize!.command + [root.folder]
        if root.inflatesHelmCharts {
            argv.append("--enable-helm")
            if let helm = tools.helm { argv += ["--helm-command", helm.command[0]] }
        }
        let outcome = ToolProcess.run(argv, timeout: tools.timeout)
        // kustomize 5 inflates charts with `helm version -c`, a flag helm 4 removed: not the overlay's fault.
        if root.inflatesHelmCharts, outcome.status != 0, outcome.stderr.contains("unknown shorthand flag: 'c'") {
            return Outcome(problems: [(root.file.absolutePath, RenderProblem(kind: .notRendered,
                message: "kustomization '\(root.displayFolder)' not rendered: its helmCharts need a helm that kustomize can drive (kustomize calls `helm version -c`, which helm 4 removed); its files are linted one by one",
                location: SourceLocation(path: root.file.path, span: Self.point(line: root.firstContentLine)),
                fix: "Point kustomize at helm 3: render.kustomize.command: [kustomize, build, --helm-command, /path/to/helm3]"))])
        }
        if let problem = failure(outcome, tool: tools.kustomize!.name,
                                 what: "kustomization '\(root.displayFolder)'",
                                 fallback: SourceLocation(path: root.file.path, span: Self.point(line: root.firstContentLine)), place: { _ in nil }) {
            return Outcome(problems: [(root.file.absolutePath, problem)])
        }
        let input = InputFile(path: "\(root.displayFolder)@kustomize", contents: .bytes(outcome.stdout), kind: .yaml,
                              absolutePath: root.folder + "@kustomize")
        return Outcome(output: RenderedOutput(input: input, origin: .kustomize(root)))
    }

    /// An E008 problem when the tool failed, at the place its message names when there is one.
    private func failure(_ outcome: ToolProcess.Outcome, tool: String, what: String, fallback: SourceLocation,
                         place: (String) -> (SourceLocation, String)?) -> RenderProblem? {
        if let launch = outcome.launchError {
            return RenderProblem(kind: .failed, message: "\(what) not rendered: \(tool) could not be started: \(launch)", location: fallback, fix: nil)
        }
        if outcome.timedOut {
            return RenderProblem(kind: .failed, message: "\(what) not rendered: \(tool) ran longer than \(Int(tools.timeout)) s and was stopped",
                                 location: fallback, fix: "Raise --file-timeout, or find what makes rendering hang")
        }
        guard outcome.status != 0 else { return nil }
        let message = Self.firstError(outcome.stderr)
        let fix = tool.hasPrefix("helm")
            ? "Fix the template, or give the chart the values it needs in .lint.yml (render.charts: [{match: CHART, set: {key: value}}] or values files)"
            : "Fix what \(tool) names; `\(tool)` on the folder shows the same error"
        if let (location, detail) = place(outcome.stderr) {
            return RenderProblem(kind: .failed, message: "\(what) failed to render: \(detail)", location: location, fix: fix)
        }
        return RenderProblem(kind: .failed, message: "\(what) failed to render: \(message)", location: fallback, fix: fix)
    }

    /// The tool's error in one line: helm's `Error: …` (its `level=INFO` log lines and warnings
    /// dropped), kubectl's `err="…"` or `err=< … >` without klog's timestamp prefix.
    static func firstError(_ stderr: String) -> String {
        var lines = stderr.split(separator: "\n").map { $0.trimmingBlanks() }
            .filter { !$0.isEmpty && !$0.hasPrefix("Use --debug") && !$0.hasPrefix("level=") && !$0.hasPrefix("walk.go:") && !$0.hasPrefix("WARNING:") }
        if let index = lines.firstIndex(where: { $0.hasPrefix("Error:") || $0.hasPrefix("error:") }) { lines = Array(lines[index...]) }
        guard var first = lines.first else { return "(no message)" }
        // klog: `E1202 00:38:12.611914   22727 run.go:72] "command failed" err="…"` or `err=<` then lines until `>`.
        if let err = first.firstRange(of: " err=") {
            let value = first[err.upperBound...]
            if value.hasPrefix("<") {
                first = lines.dropFirst().prefix { $0 != ">" }.joined(separator: " ")
            } else {
                first = String(value.dropFirst().dropLast(value.hasSuffix("\"") ? 1 : 0)).replacing("\\\"", with: "\"")
            }
        } else {
            for prefix in ["Error: ", "error: "] where first.hasPrefix(prefix) { first = String(first.dropFirst(prefix.count)) }
            // helm v4 puts "executing … at <…>:" and the cause on the next lines.
            if lines.count > 1, first.hasSuffix(":") || lines[1].hasPrefix("executing") {
                first += " " + lines.dropFirst().prefix(2).joined(separator: " ")
            }
        }
        return first.count > 400 ? String(first.prefix(400)) + "…" : first
    }

    /// helm names template files as `<chart name>/templates/x.yaml:12:9` (or `…:12`, or `on <file>:`
    /// for YAML errors in a template's output): the file under the chart's folder, at that line.
    private func helmPlace(_ stderr: String, chart: RenderPlan.Chart) -> (SourceLocation, String)? {
        let detail = Self.firstError(stderr)
        let place = #/([A-Za-z0-9_.\-]+)\/((?:charts\/[A-Za-z0-9_.\-]+\/)*templates\/[^\s:()"]+)(?::(\d+)(?::(\d+))?)?/#
        guard let match = stderr.firstMatch(of: place) else { return nil }
        let file = chart.folder + "/" + match.output.2
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        let line = match.output.3.flatMap { Int($0) }
        let column = match.output.4.flatMap { Int($0) } ?? 1
        var message = detail
        if line == nil, let yamlLine = detail.firstMatch(of: #/line \d+/#) {
            message += " (\(yamlLine.output) of the template's output)"
        }
        return (SourceLocation(path: FileDiscovery.displayPath(file, cwd: cwd), span: Self.point(line: line ?? 1, column: column)), message)
    }

    private func relative(_ path: String, to directory: String) -> String? {
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        if path + "/" == base { return "." }
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : nil
    }

    static func point(line: Int, column: Int = 1) -> Span {
        let mark = Mark(line: line, column: column, offset: 0)
        return Span(start: mark, end: mark)
    }

    static func count(_ templates: Int) -> String { "\(templates) template file\(templates == 1 ? " was" : "s were")" }
}
