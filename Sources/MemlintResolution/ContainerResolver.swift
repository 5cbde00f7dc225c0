import MemlintYAML
import MemlintDockerfile
import MemlintKubernetes

/// One distinct image of the run: parsed, linked, and matched against the catalogue once.
public struct ImageResolution: Sendable {
    public let reference: ImageReference
    public let link: ImageLink
    public let match: MatchedImage?
    public let baseMatch: MatchedImage?
}

/// Turns a container of the parsed run into a `ResolvedContainer`: Kubernetes defaulting, the
/// linked image, the process the kubelet starts, the runtime (declared or detected) and the
/// runtime pack's settings. Pure: every file it needs was parsed before, so it runs in parallel.
public struct ContainerResolver: Sendable {
    public let index: ClusterIndex
    public let descriptors: [any RuntimeDescriptor]
    /// `.lint.yml` `images:` entries (their `runtime`).
    public let mappings: [ImageMapping]
    /// `.lint.yml` entries' facts, then the packs' catalogues.
    public let catalogue: ImageCatalogue
    public static let runtimeAnnotation = "memlint.io/runtime"

    /// Each runtime's parameters from `.lint.yml` `runtimes:`, read once (annotations overlay them per workload).
    private let configuredParameters: [RuntimeID: ParameterValues]

    public init(index: ClusterIndex, descriptors: [any RuntimeDescriptor], mappings: [ImageMapping],
                runtimeParameters: [RuntimeID: [String: String]], catalogue: [ImageFacts] = []) {
        self.index = index
        self.catalogue = ImageCatalogue(mappings.map(\.facts) + catalogue)
        self.descriptors = descriptors
        self.mappings = mappings
        var configured: [RuntimeID: ParameterValues] = [:]
        for descriptor in descriptors {
            configured[descriptor.id] = ParameterValues(descriptor.parameters, written: runtimeParameters[descriptor.id] ?? [:])
        }
        configuredParameters = configured
    }

    /// What is known of one distinct image of the run, computed once before the parallel pass: the
    /// link, and the catalogue entries of the image and of the base its Dockerfile reaches.
    public func describe(_ reference: ImageReference, link: ImageLink) -> ImageResolution {
        ImageResolution(reference: reference, link: link, match: catalogue.match(reference), baseMatch: catalogue.match(link.image?.baseImage))
    }

    /// `image` is what `describe` found for the container's `image:` (nil when it has none).
    public func resolve(_ container: Container, of workload: Workload, path: String, image: ImageResolution?) -> ResolvedContainer {
        let link = image?.link ?? .none
        let kind: ResolvedContainer.Kind = switch container.role {
        case .initContainer: .initContainer
        case .sidecar: .sidecar
        case .regular, .ephemeral: .app
        }
        let limit = MemoryDefaulting.limit(of: container, in: workload, path: path, index: index)
        let request = MemoryDefaulting.request(of: container, in: workload, limit: limit, path: path, index: index)
        let process = ProcessResolver(path: path, workload: workload, index: index, image: link.image?.model).resolve(container)
        let resolved = ResolvedContainer(
            path: path, workload: workload, spec: container, kind: kind, image: image?.reference,
            link: link, memoryLimit: limit, memoryRequest: request, process: process)
        finish(resolved, matches: image.map { ($0.match, $0.baseMatch) })
        return resolved
    }

    /// A Dockerfile no workload in the run uses: its image, checked by the rules that need no manifest.
    public func resolveImageOnly(_ image: ImageModel, path: String) -> ResolvedContainer {
        let span = image.final.fromSpan
        let meta = ObjectMeta(apiVersion: "", kind: Located("Dockerfile", span), name: Located(path, span), namespace: nil,
                              labels: [:], annotations: [:], documentIndex: 0, span: span)
        let container = Container(name: Located("image", span), role: .regular, span: span, image: nil, command: nil, args: nil,
                                  env: [], envFrom: [], resources: Resources())
        let workload = Workload(meta: meta, templateAnnotations: [:], containers: [container], podSpecSpan: span)
        let link = ImageLink.linked(LinkedImage(model: image, method: .imageOnly))
        let process = ProcessResolver(path: path, workload: workload, index: index, image: image).resolve(container)
        let resolved = ResolvedContainer(path: path, workload: workload, spec: container, kind: .imageOnly, image: nil, link: link,
                                         memoryLimit: nil, memoryRequest: nil, process: process)
        finish(resolved, matches: nil)
        return resolved
    }

    private func finish(_ container: ResolvedContainer, matches: (MatchedImage?, MatchedImage?)?) {
        var problems: [AnnotationProblem] = []
        let override = declaredRuntime(container, problems: &problems)
        container.imageMatch = matches.map { $0.0 } ?? catalogue.match(container.image)
        container.baseImageMatch = matches.map { $0.1 } ?? catalogue.match(container.linkedImage?.baseImage)
        container.launcher = activeLauncher(container)
        var subject = RuntimeSubject(
            image: container.image,
            baseImage: container.linkedImage?.baseImage,
            stageImages: container.linkedImage?.stageImages ?? [],
            command: container.process.command.map(\.text),
            environmentNames: Set(container.process.environment.names),
            catalogue: [container.imageMatch, container.baseImageMatch].compactMap { $0 })
        subject.installedPackages = container.linkedImage?.installedPackages ?? []
        subject.buildLanguage = container.linkedImage?.buildLanguage
        if let launcher = container.launcher, launcher.isCommand, let runtime = launcher.entry.runtime {
            subject.launcherCommand = (runtime, "\(launcher.reason), \(launcher.name) (\(launcher.entry.origin))")
        }
        if let detected = DetectedRuntime.choose(subject, descriptors: descriptors, override: override) {
            let descriptor = descriptors.first { $0.id == detected.id }
            let parameters = runtimeParameters(for: detected.id, descriptor: descriptor, container: container, problems: &problems)
            var runtime = ResolvedRuntime(detection: detected, settings: nil, parameters: parameters)
            // The settings read the container's process, limit and launcher, not its runtime: safe to compute here.
            runtime.settings = descriptor?.settings(for: container, parameters: parameters)
            container.runtime = runtime
            container.coverage = .runtime(detected.id)
        } else if let override, override.choice == .none {
            container.coverage = .native(override.reason)
        } else if let match = container.imageMatch, match.facts.runtime == RuntimeChoice.none {
            container.coverage = .native("\(match.summary) (\(match.facts.origin))")
        } else if let base = container.baseImageMatch, base.facts.runtime == RuntimeChoice.none, let linked = container.linkedImage,
                  Self.runsAProgramNamedInTheImage(container.process) {
            // Built FROM a native base (debian, alpine, nginx) with nothing that installs or runs a runtime.
            container.coverage = .native("\(linked.model.path) builds on \(base.summary) and nothing in it installs or runs a runtime")
        }
        container.annotationProblems = problems
    }

    /// The command is known and is a program, not a script that could start anything (`start.sh`)
    /// nor the base image's own entry point.
    static func runsAProgramNamedInTheImage(_ process: EffectiveProcess) -> Bool {
        guard process.argvKnown, let name = process.executableName, !name.isEmpty else { return false }
        return !name.hasSuffix(".sh") && !ProcessResolver.shells.contains(name)
    }

    /// The catalogue's launcher that starts the process: one named as the command, or the image's
    /// own when the container keeps the image's entry point.
    private func activeLauncher(_ container: ResolvedContainer) -> ActiveLauncher? {
        let process = container.process
        let executable = process.executableName
        let match = container.imageMatch ?? container.baseImageMatch
        var found: (LauncherFacts, ImageFacts, String, MatchedImage?)?
        if let executable, let launcher = match?.facts.launcher, launcher.commands.contains(executable) {
            found = (launcher, match!.facts, ActiveLauncher.commandReason + executable, match)
        } else if let executable, let (launcher, entry) = catalogue.launcher(command: executable) {
            found = (launcher, entry, ActiveLauncher.commandReason + executable, nil)
        } else if let match, let launcher = match.facts.launcher, !process.argvKnown || executable == nil {
            found = (launcher, match.facts, "entry point of \(match.image.reference)", match)
        }
        guard let (facts, entry, reason, matched) = found else { return nil }
        let applies = matched?.holds(since: facts.since) ?? (facts.since == nil ? true : nil)
        let optedOut = process.command.dropFirst().first { word in
            facts.optOut.contains { word.text == $0 || word.text.hasPrefix($0 + "=") }
        }
        // A variable set from a Secret has a value memlint cannot see: count it as set.
        let replacedBy = facts.unless.first { name in process.environment[name].map { $0.value.map { !$0.isEmpty } ?? true } ?? false }
        return ActiveLauncher(facts: facts, entry: entry, reason: reason, applies: applies, optedOut: optedOut, defaultsReplacedBy: replacedBy)
    }

    /// `memlint.io/runtime.<container>` or `memlint.io/runtime` on the object or its pod template,
    /// then the first `.lint.yml` `images` entry with a `runtime` that matches the image.
    private func declaredRuntime(_ container: ResolvedContainer, problems: inout [AnnotationProblem]) -> (choice: RuntimeChoice, reason: String)? {
        let registered = descriptors.map(\.id)
        let annotated = !container.workload.meta.annotations.isEmpty || !container.workload.templateAnnotations.isEmpty
        for key in annotated ? ["\(Self.runtimeAnnotation).\(container.name)", Self.runtimeAnnotation] : [] {
            guard let value = container.annotation(key) else { continue }
            let text = value.value.trimmingWhitespace()
            if let choice = RuntimeChoice(text, registered: registered) { return (choice, "annotation \(key)") }
            let spellings = RuntimeChoice.spellings(registered)
            problems.append(AnnotationProblem(
                location: SourceLocation(path: container.path, span: value.span),
                message: "annotation \(key) names no runtime: '\(text)'\(Suggest.didYouMean(text, among: spellings)) (memlint knows \(spellings.joined(separator: ", ")))"))
            break  // detection decides, as if the annotation were not there
        }
        if let image = container.image, let mapping = mappings.first(where: { $0.runtime != nil && $0.matches(image) }) {
            return (mapping.runtime!, "images entry '\(mapping.match.pattern)' in .lint.yml")
        }
        return nil
    }

    /// The runtime's shared parameters: `.lint.yml` `runtimes:`, then `<runtime>.memlint.io/<key>` annotations.
    private func runtimeParameters(for id: RuntimeID, descriptor: (any RuntimeDescriptor)?, container: ResolvedContainer,
                                   problems: inout [AnnotationProblem]) -> ParameterValues {
        let declared = descriptor?.parameters ?? []
        let prefix = "\(id).memlint.io/"
        let workload = container.workload
        // Most workloads carry no such annotation: the configured values serve them as they are.
        let mentions = { (annotations: [String: Located<String>]) in annotations.keys.contains { $0.hasPrefix(prefix) } }
        let configured = configuredParameters[id] ?? ParameterValues(declared)
        if !mentions(workload.meta.annotations) && !mentions(workload.templateAnnotations) { return configured }
        var annotated: [String: (text: String, key: String)] = [:]
        let annotations = workload.templateAnnotations.merging(workload.meta.annotations) { template, _ in template }
        for (key, value) in annotations.sorted(by: { $0.key < $1.key }) where key.hasPrefix(prefix) {
            let name = String(key.dropFirst(prefix.count))
            let location = SourceLocation(path: container.path, span: value.span)
            guard let parameter = declared.first(where: { $0.key == name }) else {
                problems.append(AnnotationProblem(location: location, message: "annotation \(key): the \(id) runtime has no setting '\(name)'\(Suggest.didYouMean(name, among: declared.map(\.key)))"))
                continue
            }
            let text = value.value.trimmingWhitespace()
            if let problem = parameter.problem(with: text) {
                problems.append(AnnotationProblem(location: location, message: "annotation \(key): \(problem)"))
                continue
            }
            annotated[name] = (text, key)
        }
        return configured.overlaying(annotated: annotated)
    }
}
