import MemlintKubernetes
import MemlintYAML

/// Which rules run, at what severity, with which parameters.
public struct RuleSettings: Sendable {
    public struct Entry: Sendable {
        public var rule: any Rule.Type
        public var severity: Severity
        public var parameters: RuleParameters

        public init(rule: any Rule.Type, severity: Severity, parameters: RuleParameters) {
            self.rule = rule
            self.severity = severity
            self.parameters = parameters
        }
    }

    public var entries: [Entry]
    /// Parameters of every known rule by code, including rules that are off.
    public var allParameters: [String: RuleParameters]

    /// Every rule at its default severity and parameters.
    public init(rules: [any Rule.Type]) {
        entries = rules.map { rule in
            Entry(rule: rule, severity: rule.description.defaultSeverity,
                  parameters: RuleParameters(RuleParameters.defaults(for: rule.description)))
        }
        allParameters = Dictionary(entries.map { ($0.rule.description.code, $0.parameters) }, uniquingKeysWith: { a, _ in a })
    }

    public init(entries: [Entry], allParameters: [String: RuleParameters]? = nil) {
        self.entries = entries
        self.allParameters = allParameters
            ?? Dictionary(entries.map { ($0.rule.description.code, $0.parameters) }, uniquingKeysWith: { a, _ in a })
    }
}

public struct LintStatistics: Sendable {
    public var files = 0
    public var documents = 0
    public var containers = 0
}

public struct LintResult: Sendable {
    /// Sorted by path, line, column.
    public var diagnostics: [Diagnostic]
    /// Findings silenced by a suppression comment or annotation.
    public var suppressed: [SuppressedDiagnostic]
    public var statistics: LintStatistics
    /// What memlint understood of each container (for `check -v` and `explain`).
    public var containers: [ContainerReport]
    /// Every file checked, as reported.
    public var files: [String] = []
    /// Inputs that were not read from disk (standard input), for reporters' snippets.
    public var inlineSources: [String: [UInt8]] = [:]
}

/// One container as memlint resolved it.
public struct ContainerReport: Sendable {
    public var path: String
    public var workload: String
    public var container: String
    public var image: String?
    public var link: String?
    public var runtime: DetectedRuntime?
    public var process: EffectiveProcess
    public var memoryLimit: ResolvedMemory?
    public var memoryRequest: ResolvedMemory?
    /// The runtime pack's budget, when it has one for this container.
    public var budget: MemoryBudget?
    public var isImageOnly: Bool
}

/// Runs rules over files in two passes. Pass one reads and parses each file in parallel and keeps
/// only its model (the syntax tree is dropped), so memory follows the files in flight. Pass two
/// joins what files refer to across each other (ConfigMaps, LimitRanges) and runs the rules, again
/// file by file in parallel.
public struct Linter: Sendable {
    public let settings: RuleSettings
    /// Every rule known to this build, so that suppressions naming a rule that is switched off
    /// are not mistaken for typos.
    public var knownRules: [any Rule.Type]
    public var detectors: [any RuntimeDetector]
    public var budgets: [any BudgetProvider]
    /// For `images` (Dockerfile links, runtime overrides).
    public var configuration: Configuration?
    public var loader = YAMLLoader()
    /// Keep what memlint resolved for each container (`check -v`, `explain`, JSON's runtime field);
    /// a plain check does not need it and saves the memory.
    public var collectsContainerReports = true
    /// Streams larger than twice this are parsed in chunks of about this size, in parallel.
    public var chunkBytes = 2 << 20

    /// The rules instantiated once, with their settings and description, split by kind.
    private let containerRules: [(rule: any ContainerRule, entry: PreparedEntry)]
    private let fileRules: [(rule: any FileRule, entry: PreparedEntry)]

    struct PreparedEntry: Sendable {
        var description: RuleDescription
        var severity: Severity
        var parameters: RuleParameters
    }

    public init(settings: RuleSettings, knownRules: [any Rule.Type]? = nil, detectors: [any RuntimeDetector] = [],
                budgets: [any BudgetProvider] = [], configuration: Configuration? = nil) {
        var containerRules: [(rule: any ContainerRule, entry: PreparedEntry)] = []
        var fileRules: [(rule: any FileRule, entry: PreparedEntry)] = []
        for entry in settings.entries {
            let prepared = PreparedEntry(description: entry.rule.description, severity: entry.severity, parameters: entry.parameters)
            let rule = entry.rule.init()
            if let containerRule = rule as? any ContainerRule { containerRules.append((containerRule, prepared)) }
            if let fileRule = rule as? any FileRule { fileRules.append((fileRule, prepared)) }
        }
        self.containerRules = containerRules
        self.fileRules = fileRules
        self.settings = settings
        self.knownRules = knownRules ?? settings.entries.map { $0.rule }
        self.detectors = detectors
        self.budgets = budgets
        self.configuration = configuration
    }

    /// Everything the packs provide: rules, detectors and budgets.
    public init(settings: RuleSettings, packs: [RulePack], configuration: Configuration? = nil) {
        self.init(settings: settings, knownRules: packs.flatMap { $0.rules }, detectors: packs.flatMap { $0.detectors },
                  budgets: packs.flatMap { $0.budgets }, configuration: configuration)
    }

    public func run(_ inputs: [InputFile], jobs: Int) -> LintResult {
        let loader = self.loader
        // A large stream is parsed in chunks on all cores only when it is alone or nearly: with many
        // files, parallelism across files already keeps the cores busy.
        let chunkJobs = inputs.count < jobs * 4 ? jobs : 1
        let chunkBytes = self.chunkBytes
        let parsed = parallelMap(inputs, jobs: jobs) { FileLoader.parse($0, loader: loader, jobs: chunkJobs, chunkBytes: chunkBytes) }
        var index = ClusterIndex()
        var statistics = LintStatistics()
        for file in parsed {
            index.add(file.manifest, path: file.path)
            statistics.files += 1
            statistics.documents += file.manifest.documentCount
            statistics.containers += file.manifest.workloads.reduce(0) { $0 + $1.containers.filter { $0.role != .ephemeral }.count }
        }
        let frozenIndex = index
        let links = linkImages(parsed)
        // Work items: each file's file-level rules, then its workloads in slices, so that the
        // containers of one big file spread over all cores.
        var tasks: [(file: Int, workloads: Range<Int>, fileRules: Bool)] = []
        for (index, file) in parsed.enumerated() {
            let count = file.manifest.workloads.count
            var start = 0
            repeat {
                let end = min(count, start + Self.workloadsPerTask)
                tasks.append((index, start..<end, start == 0))
                start = end
            } while start < count
        }
        let perFile = parallelMap(tasks, jobs: jobs) { task in
            check(parsed[task.file], index: frozenIndex, links: links, workloads: task.workloads, fileRules: task.fileRules)
        } + parsed.filter { file in file.image != nil && !links.linkedPaths.contains(file.path) }
            .map { file in checkImageOnly(file, index: frozenIndex) }

        let matcher = SuppressionMatcher(parsed.flatMap(\.suppressions), settings: settings, allRules: knownRules)
        var (kept, suppressed, unused) = matcher.apply(perFile.flatMap { $0.diagnostics })
        if let entry = settings.entries.first(where: { $0.rule == UnusedSuppressionRule.self }) {
            kept += unused.map { suppression, selector in Self.unusedDiagnostic(suppression, selector, matcher: matcher, severity: entry.severity) }
        }
        var inline: [String: [UInt8]] = [:]
        for input in inputs { if case .bytes(let bytes) = input.contents { inline[input.path] = bytes } }
        return LintResult(diagnostics: Diagnostic.sortedForOutput(kept), suppressed: suppressed, statistics: statistics,
                          containers: perFile.flatMap { $0.containers }, files: parsed.map(\.path), inlineSources: inline)
    }

    struct Links: Sendable {
        var byImage: [String: ImageLinker.Outcome] = [:]
        /// Dockerfiles some container's image was tied to.
        var linkedPaths: Set<String> = []
        subscript(image: String) -> ImageLinker.Outcome? { byImage[image] }
    }

    /// Ties every distinct image of the run to a Dockerfile, once, before the parallel pass.
    private func linkImages(_ parsed: [ParsedFile]) -> Links {
        let dockerfiles = parsed.compactMap { file in
            file.dockerfile.map { ImageLinker.DockerfileEntry(displayPath: file.path, absolutePath: file.absolutePath, file: $0) }
        }
        let artifacts = parsed.flatMap { file in file.manifest.skaffoldArtifacts.map { ($0, skaffoldPath: file.absolutePath) } }
        let linker = ImageLinker(dockerfiles: dockerfiles, configuration: configuration, skaffold: artifacts)
        var links = Links()
        for file in parsed {
            for workload in file.manifest.workloads {
                for container in workload.containers {
                    guard let image = container.image?.value, links.byImage[image] == nil else { continue }
                    let outcome = linker.link(image)
                    links.byImage[image] = outcome
                    if case .linked(let linked) = outcome { links.linkedPaths.insert(linked.model.path) }
                }
            }
        }
        return links
    }

    /// A Dockerfile no workload uses: its image is checked by the rules that need no manifest.
    private func checkImageOnly(_ file: ParsedFile, index: ClusterIndex) -> (diagnostics: [Diagnostic], containers: [ContainerReport]) {
        guard let image = file.image else { return ([], []) }
        let span = image.final.fromSpan
        let kind = Located("Dockerfile", span)
        let meta = ObjectMeta(apiVersion: "", kind: kind, name: Located(file.path, span), namespace: nil, labels: [:],
                              annotations: [:], documentIndex: 0, span: span)
        let container = Container(name: Located("image", span), role: .regular, span: span, image: nil, command: nil, args: nil,
                                  env: [], envFrom: [], resources: Resources())
        let workload = Workload(meta: meta, templateAnnotations: [:], containers: [container], podSpecSpan: span)
        let linked = LinkedImage(model: image, via: "checked on its own: no workload in the run uses it")
        return checkContainer(container, of: workload, path: file.path, index: index, linked: linked, candidates: [], imageOnly: true)
    }

    private static func unusedDiagnostic(_ suppression: Suppression, _ selector: String, matcher: SuppressionMatcher, severity: Severity) -> Diagnostic {
        let description = UnusedSuppressionRule.description
        let message: String
        if selector.isEmpty {
            message = "memlint:ignore names no rule; write the codes to silence, e.g. # memlint:ignore K8S001"
        } else if matcher.code(for: selector) == nil {
            message = "suppression names unknown rule '\(selector)'"
        } else {
            let what = suppression.kind == .comment ? "line \(Self.targetLine(suppression))" : "this object"
            message = "suppression of \(selector) matches no finding on \(what)"
        }
        return Diagnostic(code: description.code, name: description.name, severity: severity, message: message,
                          location: suppression.location, fix: "remove the suppression")
    }

    private static func targetLine(_ suppression: Suppression) -> Int {
        if case .lines(let lines) = suppression.scope { return lines.lowerBound }
        return Int(suppression.location.span.start.line)
    }

    static let workloadsPerTask = 256

    private func check(_ file: ParsedFile, index: ClusterIndex, links: Links, workloads: Range<Int>, fileRules runsFileRules: Bool)
        -> (diagnostics: [Diagnostic], containers: [ContainerReport]) {
        var diagnostics: [Diagnostic] = []
        var reports: [ContainerReport] = []
        for (rule, entry) in fileRules where runsFileRules {
            var sink = DiagnosticSink(description: entry.description, severity: entry.severity, path: file.path)
            let context = FileContext(path: file.path, manifest: file.manifest, yamlErrors: file.yamlErrors,
                                      readError: file.readError, image: file.image, dockerfileError: file.dockerfileError,
                                      parameters: entry.parameters)
            rule.check(context, &sink)
            diagnostics += sink.diagnostics
        }
        for workload in file.manifest.workloads[workloads] {
            for container in workload.containers where container.role != .ephemeral {
                var linked: LinkedImage?
                var candidates: [String] = []
                switch container.image.flatMap({ links[$0.value] }) {
                case .linked(let image)?: linked = image
                case .ambiguous(let paths)?: candidates = paths
                default: break
                }
                let result = checkContainer(container, of: workload, path: file.path, index: index, linked: linked,
                                            candidates: candidates, imageOnly: false)
                diagnostics += result.diagnostics
                reports += result.containers
            }
        }
        return (diagnostics, reports)
    }

    private func checkContainer(_ container: Container, of workload: Workload, path: String, index: ClusterIndex,
                                linked: LinkedImage?, candidates: [String], imageOnly: Bool) -> (diagnostics: [Diagnostic], containers: [ContainerReport]) {
        var diagnostics: [Diagnostic] = []
        let limit = imageOnly ? nil : MemoryResolver.limit(of: container, in: workload, path: path, index: index)
        let request = imageOnly ? nil : MemoryResolver.request(of: container, in: workload, limit: limit, path: path, index: index)
        let process = ProcessResolver(path: path, workload: workload, index: index, image: linked?.model).resolve(container)
        let runtime = detectRuntime(container: container, workload: workload, image: linked?.model, process: process)
        let context = ContainerContext(
            state: ContainerContext.State(
                path: path, workload: workload, container: container, memoryLimit: limit, memoryRequest: request,
                index: index, process: process, image: linked, imageCandidates: candidates, runtime: runtime,
                allParameters: settings.allParameters, isImageOnly: imageOnly),
            parameters: RuleParameters())
        let budget = collectsContainerReports
            ? runtime.flatMap { detected in budgets.first { $0.runtime == detected.runtime } }.flatMap { $0.budget(for: context) }
            : nil
        let workloadName = imageOnly ? nil : workload.meta.displayName
        let containerName = imageOnly ? nil : container.displayName
        for (rule, entry) in containerRules {
            if imageOnly && !type(of: rule).checksImagesWithoutWorkload { continue }
            var sink = DiagnosticSink(
                description: entry.description, severity: entry.severity, path: path,
                workload: workloadName, container: containerName, imageOnly: imageOnly)
            rule.check(context.with(parameters: entry.parameters), &sink)
            diagnostics += sink.diagnostics
        }
        guard collectsContainerReports else { return (diagnostics, []) }
        let report = ContainerReport(
            path: path, workload: workload.meta.displayName, container: container.displayName,
            image: container.image?.value, link: linked.map { "\($0.model.path) (\($0.via))" }, runtime: runtime,
            process: process, memoryLimit: limit, memoryRequest: request, budget: budget, isImageOnly: imageOnly)
        return (diagnostics, [report])
    }

    /// Overrides first (`.lint.yml` images `runtime`, then the annotations `memlint.io/runtime.<container>`
    /// and `memlint.io/runtime` on the object or its pod template), else the packs' detectors.
    private func detectRuntime(container: Container, workload: Workload, image: ImageModel?, process: EffectiveProcess) -> DetectedRuntime? {
        var override: (String, String)?
        let annotations = workload.templateAnnotations.merging(workload.meta.annotations) { template, _ in template }
        if let value = annotations["memlint.io/runtime.\(container.displayName)"] ?? annotations["memlint.io/runtime"] {
            override = (value.value, "annotation memlint.io/runtime")
        } else if let reference = container.image?.value,
                  let mapping = configuration?.images.first(where: { $0.runtime != nil && $0.match.matchesImage(reference) }) {
            override = (mapping.runtime!.rawValue, "images entry '\(mapping.match.pattern)' in .lint.yml")
        }
        let subject = RuntimeSubject(
            image: container.image.map { ImageReference($0.value) },
            baseImage: image.map { ImageReference($0.baseImage.text) },
            stageImages: image?.allBaseImages.map(ImageReference.init) ?? [],
            command: process.command.map(\.text),
            environmentNames: Set(process.environment.names))
        return DetectedRuntime.choose(subject, detectors: detectors, override: override)
    }
}

/// Effective memory limit and request of a container, as the API server would see them after
/// defaulting (RUNTIME-FACTS §6.3) and LimitRange admission (§6.4).
enum MemoryResolver {
    static func limit(of container: Container, in workload: Workload, path: String, index: ClusterIndex) -> ResolvedMemory? {
        if let own = container.resources.limits.memory {
            return resolve(own, path: path, origin: .container)
        }
        guard let range = index.limitRange(namespace: workload.meta.namespaceKey, supplying: \.defaultLimit),
              let value = range.value.defaultLimit else { return nil }
        return resolve(value, path: range.path, origin: .limitRange(range.value.meta))
    }

    static func request(of container: Container, in workload: Workload, limit: ResolvedMemory?, path: String, index: ClusterIndex) -> ResolvedMemory? {
        if let own = container.resources.requests.memory {
            return resolve(own, path: path, origin: .container)
        }
        // Defaulting copies only the container's own limit; a LimitRange then supplies its defaultRequest.
        if container.resources.limits.memory != nil {
            guard var copied = limit else { return nil }
            copied.origin = .defaultedFromLimit
            return copied
        }
        guard let range = index.limitRange(namespace: workload.meta.namespaceKey, supplying: \.defaultRequest),
              let value = range.value.defaultRequest else { return nil }
        return resolve(value, path: range.path, origin: .limitRange(range.value.meta))
    }

    private static func resolve(_ value: Located<String>, path: String, origin: ResolvedMemory.Origin) -> ResolvedMemory? {
        guard case .success(let quantity) = Quantity.parse(value.value), !quantity.isNegative else { return nil }
        return ResolvedMemory(quantity: quantity, location: SourceLocation(path: path, span: value.span), origin: origin)
    }
}
