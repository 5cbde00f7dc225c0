import FoundationEssentials
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MemlintKubernetes
import MemlintResolution
import MemlintYAML

/// Which rules run, at what severity, with which parameters.
public struct RuleSettings: Sendable {
    public struct Entry: Sendable {
        public var rule: any Rule.Type
        public var severity: Severity
        public var parameters: ParameterValues

        public init(rule: any Rule.Type, severity: Severity, parameters: ParameterValues) {
            self.rule = rule
            self.severity = severity
            self.parameters = parameters
        }
    }

    public var entries: [Entry]
    /// Rules from `.lint.yml`'s `customRules`, with the severity they run at.
    public var customEntries: [(rule: CustomRule, severity: Severity)] = []
    /// `--select` and `--ignore` as given, for the plugins' rules (known only once they run).
    public var select: [String]?
    public var ignore: [String] = []
    /// (`--select` or `--ignore`, selector) pairs that may name a plugin's rule.
    public var deferredSelectors: [(option: String, selector: String)] = []

    /// Every rule's description, built-in and custom (for reports and suppressions).
    public var descriptions: [RuleDescription] { entries.map { $0.rule.description } + customEntries.map(\.rule.description) }

    /// Every rule at its default severity and parameters.
    public init(rules: [any Rule.Type]) {
        entries = rules.map { rule in
            Entry(rule: rule, severity: rule.description.defaultSeverity, parameters: ParameterValues(rule.description.parameters))
        }
    }

    public init(entries: [Entry]) {
        self.entries = entries
    }
}

public struct LintStatistics: Sendable {
    public var files = 0
    public var documents = 0
    public var containers = 0
    /// Containers by what memlint knows they run: a runtime id, `native` or `unknown`.
    public var coverage: [String: Int] = [:]
    /// Containers whose runtime is unknown (workload/container), for the JSON report and explain.
    public var unknown: [String] = []
    /// Files a kustomization of the run names as patches: their containers are fragments, not linted alone.
    public var kustomizePatchFiles: [String] = []
    /// The renderings linted (`charts/payments@helm`, `overlays/prod@kustomize`).
    public var renderings: [String] = []
}

public struct LintResult: Sendable {
    /// Sorted by path, line, column.
    public var diagnostics: [Diagnostic]
    /// Findings silenced by a suppression comment or annotation.
    public var suppressed: [SuppressedDiagnostic]
    public var statistics: LintStatistics
    /// What memlint understood of each container (for `check -v`, `explain` and JSON's runtime field).
    public var containers: [ResolvedContainer]
    /// Every file checked, as reported.
    public var files: [String] = []
    /// Absolute paths of the files renderings are made from (files of rendered charts and
    /// kustomizations): a change to one is seen only after rendering again from disk.
    public var renderSources: Set<String> = []
    /// The source lines findings point at, for snippets and UTF-16 columns (when asked for).
    public var sources = SourceLines()
    /// The plugins' rules that ran (and M002 when it reported outside the selection), for
    /// reports (SARIF's rule list).
    public var pluginRules: [RuleDescription] = []
    /// `--select` / `--ignore` selectors that named no rule, not even a plugin's.
    public var unmatchedSelectors: [(option: String, selector: String)] = []
}

/// Runs rules over files in two passes. Pass one reads and parses each file in parallel and keeps
/// only its model (the syntax tree is dropped), so memory follows the files in flight; Dockerfiles
/// that `.lint.yml` or skaffold name outside the checked paths join it. Then the run is joined
/// (ConfigMaps and LimitRanges by namespace, each image tied to a Dockerfile), and pass two resolves
/// every container (`ContainerResolver`) and runs the rules, again in parallel.
public struct Linter: Sendable {
    public let settings: RuleSettings
    /// Every rule known to this build, so that suppressions naming a rule that is switched off
    /// are not mistaken for typos.
    public var knownRules: [any Rule.Type]
    public var runtimes: [any RuntimeDescriptor]
    /// The packs whose image catalogues (what each known image runs) join `.lint.yml`'s own
    /// entries; read on the first run that has a container or a Dockerfile, once per process.
    private let cataloguePacks: [RulePack]
    /// For `images` (Dockerfile links, runtime overrides) and `runtimes` (shared assumptions).
    public var configuration: Configuration?
    public var loader = YAMLLoader()
    /// Keep every `ResolvedContainer` in the result (`check -v`, `explain`, JSON); a plain check
    /// does not need them and saves the memory.
    public var collectsContainerReports = true
    /// Read the lines findings point at (SARIF snippets and UTF-16 columns, terminal snippets).
    public var collectsSourceLines = false
    /// Streams larger than twice this are parsed in chunks of about this size, in parallel.
    public var chunkBytes = 2 << 20
    /// helm and kustomize for rendering charts and kustomizations; none unless the caller finds them
    /// (`RenderTools.find`), so library users and tests never start a process by surprise.
    public var renderTools = RenderTools.none
    /// Rule plugins to run (`plugins:` in `.lint.yml`); none unless the caller passes them
    /// (`check` does, unless `--no-plugins`), so library users never start a program by surprise.
    public var plugins: [PluginSpec] = []

    /// The rules instantiated once, with their settings and description, split by kind.
    private let containerRules: [(rule: any ContainerRule, entry: PreparedEntry)]
    private let fileRules: [(rule: any FileRule, entry: PreparedEntry)]

    /// A class, so the loop over rules for each container shares it rather than copying every
    /// field of the rule's description (1.5 % of a large run as a struct).
    final class PreparedEntry: Sendable {
        let description: RuleDescription
        let severity: Severity
        let parameters: ParameterValues

        init(description: RuleDescription, severity: Severity, parameters: ParameterValues) {
            self.description = description
            self.severity = severity
            self.parameters = parameters
        }
    }

    /// Everything the packs provide: rules and runtimes.
    public init(settings: RuleSettings, packs: [RulePack], configuration: Configuration? = nil) {
        var containerRules: [(rule: any ContainerRule, entry: PreparedEntry)] = []
        var fileRules: [(rule: any FileRule, entry: PreparedEntry)] = []
        for entry in settings.entries {
            let prepared = PreparedEntry(description: entry.rule.description, severity: entry.severity, parameters: entry.parameters)
            let rule = entry.rule.init()
            if let containerRule = rule.asContainerRule { containerRules.append((containerRule, prepared)) }
            if let fileRule = rule.asFileRule { fileRules.append((fileRule, prepared)) }
        }
        self.containerRules = containerRules
        self.fileRules = fileRules
        self.settings = settings
        self.knownRules = packs.flatMap(\.rules)
        self.runtimes = packs.flatMap(\.runtimes)
        self.configuration = configuration
        cataloguePacks = packs.filter { $0.catalogue != nil }
    }

    /// The packs' catalogues are read once per process: the packs are the same for every linter.
    private static let cache = CatalogueCache()

    private static func catalogue(of packs: [RulePack]) -> ([ImageFacts], [ConfigError]) {
        cache.load(packs)
    }

    public func run(_ allInputs: [InputFile], jobs: Int) -> LintResult {
        // Charts and kustomizations render while pass 1 parses the plain files.
        var tools = renderTools
        tools.timeout = loader.timeBudget.map { Double($0) / 1e9 } ?? tools.timeout
        let rendering = RenderStage(allInputs, tools: tools, configurationDirectory: configuration?.directory, jobs: jobs)
        let inputs = (allInputs + rendering.plan.addedInputs).filter { !rendering.plan.templates.contains($0.absolutePath) }
        let loader = self.loader
        // A large stream is parsed in chunks on all cores only when it is alone or nearly: with many
        // files, parallelism across files already keeps the cores busy.
        let chunkJobs = inputs.count < jobs * 4 ? jobs : 1
        let chunkBytes = self.chunkBytes
        var parsed = parallelMap(inputs, jobs: jobs) { FileLoader.parse($0, loader: loader, jobs: chunkJobs, chunkBytes: chunkBytes) }
        // What the checked files say about building images; files read in pass 1b are Dockerfiles only.
        let builds = Builds(skaffold: Self.skaffoldArtifacts(parsed), recipes: Self.buildRecipes(parsed))
        parsed += parallelMap(linkedDockerfilesOutside(parsed, builds: builds), jobs: jobs) { FileLoader.parse($0, loader: loader, chunkBytes: chunkBytes) }

        let (renderings, renderProblems) = rendering.finish()
        for i in parsed.indices { parsed[i].renderProblems = renderProblems[parsed[i].absolutePath] ?? [] }
        // Files a rendered kustomization includes, with how many rendered overlays include each.
        let includedBy = RenderStage.includedFiles(renderings)
        let consumed = Set(includedBy.keys)
        var includedContainers: [String: [Container]] = [:]
        for i in parsed.indices where consumed.contains(parsed[i].absolutePath) {
            // Linted through the rendering; its syntax errors and suppressions still count here, and
            // its containers are where a fix on the rendering adds an env entry.
            includedContainers[parsed[i].path] = parsed[i].manifest.workloads.flatMap(\.containers)
            let documents = parsed[i].manifest.documentCount
            parsed[i].manifest = ManifestFile()
            parsed[i].manifest.documentCount = documents
        }
        parsed += parallelMap(renderings, jobs: jobs) { output in
            var file = FileLoader.parse(output.input, loader: loader, chunkBytes: chunkBytes)
            file.renderOrigin = output.origin
            return file
        }

        var statistics = LintStatistics()
        statistics.renderings = renderings.map(\.input.path)
        statistics.kustomizePatchFiles = Self.setAsidePatches(&parsed)
        var index = ClusterIndex()
        for file in parsed {
            index.add(file.manifest, path: file.path)
            statistics.files += 1
            statistics.documents += file.manifest.documentCount
            statistics.containers += file.manifest.workloads.reduce(0) { $0 + $1.containers.filter { $0.role != .ephemeral }.count }
        }
        // A run with no container and no Dockerfile (a folder of ConfigMaps) never reads the catalogue.
        let needsCatalogue = parsed.contains { !$0.manifest.workloads.isEmpty || $0.image != nil }
        let catalogue = needsCatalogue ? Self.catalogue(of: cataloguePacks).0 : []

        let resolver = ContainerResolver(index: index, descriptors: runtimes, mappings: configuration?.images ?? [],
                                         runtimeParameters: configuration?.runtimes ?? [:], catalogue: catalogue)
        let links = linkImages(parsed, builds: builds, resolver: resolver)
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
        let frozen = parsed
        let perFile = parallelMap(tasks, jobs: jobs) { task in
            check(frozen[task.file], resolver: resolver, links: links, workloads: task.workloads, fileRules: task.fileRules)
        } + parsed.filter { file in file.image != nil && !links.linkedPaths.contains(file.path) }
            .map { file in checkContainer(resolver.resolveImageOnly(file.image!, path: file.path)) }

        // Edits into a kustomize file that several rendered overlays build on would change them all.
        let cwd = FileManager.default.currentDirectoryPath
        let shared = Set(includedBy.filter { $0.value > 1 }.map { FileDiscovery.displayPath($0.key, cwd: cwd) })
        let placer = RenderedPlacer(parsed, shared: shared, includedContainers: includedContainers)
        var diagnostics = perFile.flatMap { $0.diagnostics } + customFailureNotes(perFile)
        var pluginOutcome = PluginStage.Outcome()
        if !plugins.isEmpty {
            let taken = knownRules.map { $0.description } + settings.customEntries.map(\.rule.description)
            pluginOutcome = PluginStage(plugins: plugins, settings: settings, configuration: configuration, taken: taken)
                .run(perFile.flatMap(\.subjects), jobs: jobs)
            diagnostics += pluginOutcome.diagnostics
        }
        if diagnostics.contains(where: { $0.edit != nil }) {
            diagnostics = SharedEdits.settle(diagnostics, readers: ValueReaders(perFile.flatMap { $0.reads }))
        }
        let matcher = SuppressionMatcher(parsed.flatMap(\.suppressions), settings: settings, allRules: knownRules,
                                         pluginRules: pluginOutcome.rules, enabledPluginRules: pluginOutcome.enabled)
        var (kept, suppressed, unused) = matcher.apply(SharedEdits.droppingConflicts(placer.place(diagnostics)))
        if let entry = settings.entries.first(where: { $0.rule == UnusedSuppressionRule.self }), !unused.isEmpty {
            // A comment whose every selector is unused can be removed; its file is read only then.
            let unusedSelectors = Dictionary(grouping: unused, by: { "\($0.0.location.path):\($0.0.location.span.start.offset)" })
            let inputsByPath = Dictionary(inputs.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
            let renderedPaths = Set(parsed.filter { $0.renderOrigin != nil }.map(\.path))
            kept += unused.map { suppression, selector in
                let all = Set(unusedSelectors["\(suppression.location.path):\(suppression.location.span.start.offset)"]?.map(\.1) ?? [])
                // A name no rule has was meant to silence something: correcting it is the user's call.
                let removable = suppression.selectors.isEmpty
                    || (Set(suppression.selectors).isSubset(of: all) && suppression.selectors.allSatisfy { matcher.code(for: $0) != nil })
                // Not in a rendering: what it says was written by a template.
                let file = renderedPaths.contains(suppression.location.path) ? nil : inputsByPath[suppression.location.path]
                let edit = removable ? file?.decodedText().flatMap { UnusedSuppressionRule.removal(suppression, text: $0.bytes) } : nil
                return UnusedSuppressionRule.diagnostic(suppression, selector, matcher: matcher, severity: entry.severity, edit: edit)
            }
        }
        kept = Self.widenRemovals(kept, inputs: inputs + parsed.map(\.input))
        for outcome in perFile {
            for coverage in outcome.coverage { statistics.coverage[coverage.category, default: 0] += 1 }
            statistics.unknown += outcome.unknown
        }
        var result = LintResult(diagnostics: Diagnostic.sortedForOutput(kept), suppressed: suppressed, statistics: statistics,
                                containers: perFile.flatMap { $0.containers }, files: parsed.map(\.path))
        result.renderSources = consumed
        result.pluginRules = pluginOutcome.enabled
        // M002 reports even when --select left it out (a plugin that did not run must show).
        if kept.contains(where: { $0.code == PluginFailedRule.description.code }),
           !settings.entries.contains(where: { $0.rule == PluginFailedRule.self }) {
            result.pluginRules.append(PluginFailedRule.description)
        }
        result.unmatchedSelectors = pluginOutcome.unmatchedSelectors
        for output in renderings {
            switch output.origin {
            case .helm(let chart, _, _):
                for input in allInputs where input.absolutePath.hasPrefix(chart.folder + "/") { result.renderSources.insert(input.absolutePath) }
            case .kustomize(let root):
                // The overlay's own kustomization (its patches) is a source as much as what it includes.
                result.renderSources.insert(root.file.absolutePath)
            }
        }
        if collectsSourceLines {
            let locations = (result.diagnostics + result.suppressed.map(\.diagnostic)).flatMap {
                [$0.location] + $0.related.map(\.location) + ($0.edit?.edits ?? []).map { SourceLocation(path: $0.path, span: $0.span) }
            }
                + result.suppressed.map(\.suppression.location)
            result.sources = SourceLines.read(locations.map(\.path), inputs: inputs + parsed.filter { $0.wasLinked || $0.renderOrigin != nil }.map(\.input))
        }
        return result
    }

    /// Removals of list items and words take their separators with them (`SeparatedRemoval`); each
    /// file with one is read once more here. A removal whose shape is not certain drops its fix.
    private static func widenRemovals(_ diagnostics: [Diagnostic], inputs: [InputFile]) -> [Diagnostic] {
        guard diagnostics.contains(where: { $0.edit?.edits.contains(where: \.removesSeparated) == true }) else { return diagnostics }
        let inputsByPath = Dictionary(inputs.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var texts: [String: [UInt8]] = [:]
        return diagnostics.map { diagnostic in
            guard var fix = diagnostic.edit, fix.edits.contains(where: \.removesSeparated) else { return diagnostic }
            var result = diagnostic
            for index in fix.edits.indices where fix.edits[index].removesSeparated {
                let path = fix.edits[index].path
                if texts[path] == nil { texts[path] = inputsByPath[path]?.decodedText()?.bytes ?? [] }
                guard let span = SeparatedRemoval.widen(fix.edits[index].span, in: texts[path] ?? []) else {
                    result.edit = nil
                    result.fix = result.fix.map { $0 + " (not fixed automatically: the list around it is written in a way memlint does not edit)" }
                    return result
                }
                fix.edits[index].span = span
                fix.edits[index].removesSeparated = false
            }
            result.edit = fix
            return result
        }
    }

    /// A Kustomize patch is a fragment of an object (a container with no image, no limit): linting it
    /// on its own gives findings about containers that never run as written. Its workloads are set
    /// aside; syntax errors in it still count. Returns the patch files' display paths.
    private static func setAsidePatches(_ parsed: inout [ParsedFile]) -> [String] {
        var patches = Set<String>()
        for file in parsed where !file.manifest.kustomizePatches.isEmpty {
            let folder = URL(fileURLWithPath: file.absolutePath).deletingLastPathComponent()
            for path in file.manifest.kustomizePatches {
                patches.insert(folder.appendingPathComponent(path).standardizedFileURL.path)
            }
        }
        guard !patches.isEmpty else { return [] }
        var set: [String] = []
        for i in parsed.indices where patches.contains(parsed[i].absolutePath) && !parsed[i].manifest.workloads.isEmpty {
            parsed[i].manifest.workloads = []
            set.append(parsed[i].path)
        }
        return set.sorted()
    }

    /// Dockerfiles that `images` entries or skaffold artifacts name but the checked paths do not
    /// hold: they are parsed like every other file, so their syntax errors and suppressions count.
    private func linkedDockerfilesOutside(_ parsed: [ParsedFile], builds: Builds) -> [InputFile] {
        let present = Set(parsed.map(\.absolutePath))
        let wanted = ImageLinker.wantedDockerfiles(mappings: configuration?.images ?? [], skaffold: builds.skaffold)
            + builds.recipes.compactMap(\.dockerfile)
        let cwd = FileManager.default.currentDirectoryPath
        var seen = Set<String>()
        return wanted.filter { !present.contains($0) && seen.insert($0).inserted && FileManager.default.fileExists(atPath: $0) }
            .map { InputFile(path: FileDiscovery.displayPath($0, cwd: cwd), contents: .disk(path: $0), kind: .dockerfile,
                             absolutePath: $0, wasLinked: true) }
    }

    /// Every build recipe of the run (Compose, CI, Tiltfile, Bake, Jib, ko), paths made absolute.
    private static func buildRecipes(_ parsed: [ParsedFile]) -> [LocatedRecipe] {
        parsed.flatMap { file in
            let scripted = file.manifest.buildScripts.flatMap { script in
                DockerBuildLines.recipes(in: script.text, path: nil, tool: .workflow, base: script.base, firstLine: script.line)
            }
            return (file.manifest.buildRecipes + scripted + file.buildRecipes).map {
                LocatedRecipe(recipe: $0, displayPath: file.path, absolutePath: file.absolutePath)
            }
        }
    }

    private static func skaffoldArtifacts(_ parsed: [ParsedFile]) -> [(SkaffoldArtifact, skaffoldPath: String)] {
        parsed.flatMap { file in file.manifest.skaffoldArtifacts.map { ($0, skaffoldPath: file.absolutePath) } }
    }

    /// skaffold artifacts and build recipes of the run, gathered once.
    struct Builds: Sendable {
        var skaffold: [(SkaffoldArtifact, skaffoldPath: String)]
        var recipes: [LocatedRecipe]
    }

    struct Links: Sendable {
        /// Each distinct `image:` of the run, parsed once, and what linking found for it.
        var byImage: [String: ImageResolution] = [:]
        /// Dockerfiles some container's image was tied to.
        var linkedPaths: Set<String> = []
    }

    /// Ties every distinct image of the run to a Dockerfile, once, before the parallel pass.
    private func linkImages(_ parsed: [ParsedFile], builds: Builds, resolver: ContainerResolver) -> Links {
        let dockerfiles = parsed.compactMap { file in
            file.dockerfile.map { DockerfileEntry(displayPath: file.path, absolutePath: file.absolutePath, file: $0) }
        }
        let linker = ImageLinker(dockerfiles: dockerfiles, mappings: configuration?.images ?? [], skaffold: builds.skaffold,
                                 catalogue: resolver.catalogue, recipes: builds.recipes)
        var links = Links()
        for file in parsed {
            for workload in file.manifest.workloads {
                for container in workload.containers {
                    guard let image = container.image?.value, links.byImage[image] == nil else { continue }
                    let reference = ImageReference(image)
                    let outcome = linker.link(reference)
                    links.byImage[image] = resolver.describe(reference, link: outcome)
                    if let linked = outcome.image { links.linkedPaths.insert(linked.model.path) }
                }
            }
        }
        return links
    }

    static let workloadsPerTask = 256

    private func check(_ file: ParsedFile, resolver: ContainerResolver, links: Links, workloads: Range<Int>, fileRules runsFileRules: Bool)
        -> Checked {
        var diagnostics: [Diagnostic] = []
        var reports: [ResolvedContainer] = []
        var coverage: [RuntimeCoverage] = []
        var unknown: [String] = []
        for (rule, entry) in fileRules where runsFileRules {
            var sink = DiagnosticSink(description: entry.description, severity: entry.severity, path: file.path)
            var context = FileContext(path: file.path, manifest: file.manifest, yamlErrors: file.yamlErrors,
                                      readError: file.readError, image: file.image, dockerfileError: file.dockerfileError,
                                      parameters: entry.parameters)
            context.renderProblems = file.renderProblems
            rule.check(context, &sink)
            diagnostics += sink.diagnostics
        }
        var reads: [ValueReaders.Read] = []
        var customFailures: [String: CustomFailure] = [:]
        var subjects: [ContainerModel] = []
        for workload in file.manifest.workloads[workloads] {
            for container in workload.containers where container.role != .ephemeral {
                let image = container.image.flatMap { links.byImage[$0.value] }
                let result = checkContainer(resolver.resolve(container, of: workload, path: file.path, image: image))
                reads += result.reads
                subjects += result.subjects
                for (code, failure) in result.customFailures {
                    if var known = customFailures[code] { known.count += failure.count; customFailures[code] = known } else { customFailures[code] = failure }
                }
                diagnostics += result.diagnostics
                reports += result.containers
                coverage += result.coverage
                unknown += result.unknown
            }
        }
        return Checked(diagnostics: diagnostics, containers: reports, coverage: coverage, unknown: unknown, reads: reads, customFailures: customFailures, subjects: subjects)
    }

    struct Checked: Sendable {
        var diagnostics: [Diagnostic]
        var containers: [ResolvedContainer]
        var coverage: [RuntimeCoverage]
        var unknown: [String]
        /// What the containers read, for `SharedEdits` (empty for images linted alone).
        var reads: [ValueReaders.Read] = []
        /// Custom rules that failed to evaluate, by code.
        var customFailures: [String: CustomFailure] = [:]
        /// The containers the plugins are asked about (only when plugins run).
        var subjects: [ContainerModel] = []
    }

    private func checkContainer(_ resolved: ResolvedContainer) -> Checked {
        var diagnostics: [Diagnostic] = []
        for (rule, entry) in containerRules {
            if resolved.isImageOnly && !type(of: rule).checksImagesWithoutWorkload { continue }
            var sink = DiagnosticSink(description: entry.description, severity: entry.severity, path: resolved.path, container: resolved)
            rule.check(ContainerContext(resolved: resolved, parameters: entry.parameters), &sink)
            diagnostics += sink.diagnostics
        }
        var failures: [String: CustomFailure] = [:]
        var subjects: [ContainerModel] = []
        // The model is built once, for the custom rules and the plugins.
        if !resolved.isImageOnly, !settings.customEntries.isEmpty || !plugins.isEmpty {
            let model = ContainerModel(resolved)
            checkCustomRules(resolved, model: model, into: &diagnostics, failures: &failures)
            if !plugins.isEmpty { subjects.append(model) }
        }
        let counted = resolved.isImageOnly ? [] : [resolved.coverage]
        let unknown = resolved.coverage == .unknown && !resolved.isImageOnly ? ["\(resolved.path): \(resolved.workloadName) container \(resolved.name)"] : []
        return Checked(diagnostics: diagnostics, containers: collectsContainerReports ? [resolved] : [], coverage: counted, unknown: unknown,
                       reads: ValueReaders.reads(of: resolved), customFailures: failures, subjects: subjects)
    }

    /// `.lint.yml`'s custom rules on one container.
    private func checkCustomRules(_ resolved: ResolvedContainer, model: ContainerModel, into diagnostics: inout [Diagnostic],
                                  failures: inout [String: CustomFailure]) {
        for (rule, severity) in settings.customEntries {
            if let runtime = rule.runtime, resolved.runtime?.id.rawValue != runtime { continue }
            switch rule.evaluate(model) {
            case .success(nil): continue
            case .success(let finding?):
                var sink = DiagnosticSink(description: rule.description, severity: severity, path: resolved.path, container: resolved)
                let location = finding.location ?? SourceLocation(path: resolved.path, span: resolved.spec.name?.span ?? resolved.spec.span)
                sink.report(finding.message, at: location, fix: rule.help)
                diagnostics += sink.diagnostics
            case .failure(let error):
                let subject = "\(resolved.spec.subject(in: resolved.workload)) in \(resolved.path)"
                failures[rule.description.code, default: CustomFailure(error: error.description, first: subject)].count += 1
            }
        }
    }

    /// A custom rule that could not be evaluated on some containers: counted, and reported once.
    struct CustomFailure: Sendable {
        var error: String
        var first: String
        var count = 0
    }

    /// One note per custom rule whose expression failed, at the rule in `.lint.yml`: a finding
    /// it could not judge is not silently dropped.
    private func customFailureNotes(_ outcomes: [Checked]) -> [Diagnostic] {
        var merged: [String: CustomFailure] = [:]
        for outcome in outcomes {
            for (code, failure) in outcome.customFailures {
                if var known = merged[code] { known.count += failure.count; merged[code] = known } else { merged[code] = failure }
            }
        }
        return settings.customEntries.compactMap { rule, _ in
            guard let failure = merged[rule.description.code] else { return nil }
            let containers = failure.count == 1 ? "1 container" : "\(failure.count) containers"
            return Diagnostic(code: rule.description.code, name: rule.description.name, severity: .note,
                              message: "\(rule.description.code) could not be evaluated on \(containers): \(failure.error) (first: \(failure.first))",
                              location: rule.definedAt, fix: "guard the fields a container may lack with has(), as in has(container.memory.limit) && …")
        }
    }
}

/// The parsed catalogues, keyed by the packs' catalogue paths.
private final class CatalogueCache: Sendable {
    private let loaded = Mutex<[[String]: ([ImageFacts], [ConfigError])]>([:])

    func load(_ packs: [RulePack]) -> ([ImageFacts], [ConfigError]) {
        let key = packs.compactMap { $0.catalogue?.path }
        return loaded.withLock { loaded in
            if let cached = loaded[key] { return cached }
            let result = CatalogueLoader.load(packs)
            loaded[key] = (result.entries, result.errors)
            return (result.entries, result.errors)
        }
    }
}
