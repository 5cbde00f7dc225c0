import FoundationEssentials
import MemlintKubernetes
import MemlintSource
import MemlintYAML

/// A problem with rendering a chart or kustomization, reported by E007 (not rendered, a note) or
/// E008 (rendering failed, an error) from the file that owns the chart or kustomization.
public struct RenderProblem: Sendable {
    public enum Kind: Sendable { case notRendered, failed }
    public var kind: Kind
    public var message: String
    public var location: SourceLocation
    public var fix: String?
}

/// What a run renders, found from its inputs before pass 1: Helm charts (a folder with `Chart.yaml`)
/// and the kustomizations no other kustomization of the run builds on.
struct RenderPlan: Sendable {
    struct Chart: Sendable {
        var chartFile: InputFile
        var folder: String
        var displayFolder: String
        var name: String
        var templateFiles: Int
        /// Dependencies not vendored, each where it is listed (Chart.yaml, or requirements.yaml when `file` is set).
        var missingDependencies: [(name: String, span: Span, file: String?)] = []
        var isOnDisk: Bool
        /// `type: library`: helm renders it only through the charts that depend on it.
        var isLibrary = false
        /// Where notes about the chart point: the first line of Chart.yaml that is not a comment.
        var firstContentLine = 1
    }

    struct KustomizeRoot: Sendable {
        var file: InputFile
        var folder: String
        var displayFolder: String
        /// Files the rendering includes (resources, patches, components' files): not linted alone.
        var consumed: Set<String>
        var isOnDisk: Bool
        var firstContentLine = 1
        /// Some kustomization it builds on has `helmCharts:` (rendered with `--enable-helm`).
        var inflatesHelmCharts = false
    }

    var charts: [Chart] = []
    var kustomizations: [KustomizeRoot] = []
    /// Problems found before any tool runs, by the absolute path of the file that reports them.
    var problems: [String: [RenderProblem]] = [:]
    /// Inputs that are chart templates, set aside.
    var templates: Set<String> = []

    /// The kustomize command lifts load restrictions (`--load-restrictor LoadRestrictionsNone`).
    var loadsAnywhere = false

    /// Chart.yaml and kustomization files the inputs belong to but do not include (pre-commit passes
    /// only the changed files: a template, a values file, a patch): added to the run, so the chart or
    /// kustomization is rendered and a template is never parsed as YAML.
    var addedInputs: [InputFile] = []

    static func make(_ inputs: [InputFile], loadsAnywhere: Bool = false, cwd: String = FileManager.default.currentDirectoryPath) -> RenderPlan {
        var plan = RenderPlan()
        plan.loadsAnywhere = loadsAnywhere
        plan.addedInputs = owners(of: inputs, cwd: cwd)
        let all = inputs + plan.addedInputs
        plan.findCharts(all)
        plan.findKustomizations(all, cwd: cwd)
        return plan
    }

    /// For each input on disk: the chart whose folder holds it (Chart.yaml in a folder above, up to the
    /// file's `templates/` or `charts/` or the chart folder itself) and the kustomization of its own
    /// folder, when the inputs lack them. Each folder is looked at once.
    private static func owners(of inputs: [InputFile], cwd: String) -> [InputFile] {
        let present = Set(inputs.map(\.absolutePath))
        var checked = Set<String>()
        var added: [String] = []
        func look(_ path: String) {
            guard !present.contains(path), !added.contains(path), FileManager.default.fileExists(atPath: path) else { return }
            added.append(path)
        }
        for input in inputs {
            guard case .disk = input.contents, !input.absolutePath.hasSuffix("/Chart.yaml") else { continue }
            let components = input.absolutePath.split(separator: "/").map(String.init)
            guard components.count > 1 else { continue }
            let folder = "/" + components.dropLast().joined(separator: "/")
            // A file found by walking a folder has that folder's kustomization and Chart.yaml beside it;
            // one named on its own (pre-commit's changed files) may not.
            var candidates: [String] = []
            if input.wasNamed {
                candidates.append(folder)
                if checked.insert("k:" + folder).inserted, input.kind == .yaml, !Kustomization.fileNames.contains(components.last!) {
                    for name in Kustomization.fileNames { look(folder + "/" + name) }
                }
            }
            // A chart's file below its templates/ or charts/ (also when only that folder was given).
            for (index, part) in components.enumerated().dropLast() where part == "templates" || part == "charts" {
                if index > 0 { candidates.append("/" + components[..<index].joined(separator: "/")) }
            }
            for candidate in candidates where checked.insert("c:" + candidate).inserted {
                look(candidate + "/Chart.yaml")
            }
        }
        return added.map { path in
            InputFile(path: FileDiscovery.displayPath(path, cwd: cwd), contents: .disk(path: path), kind: .yaml, absolutePath: path)
        }
    }

    // MARK: Helm

    private mutating func findCharts(_ inputs: [InputFile]) {
        let chartFiles = inputs.filter { $0.absolutePath.hasSuffix("/Chart.yaml") }
        let roots = chartFiles.map { String($0.absolutePath.dropLast("Chart.yaml".count)) }
        // The outermost chart owns what is under it: subcharts under `charts/` are rendered by their parent.
        let outermost = Set(roots.filter { root in !roots.contains { $0 != root && root.hasPrefix($0 + "charts/") } })
        var counts: [String: Int] = [:]
        for input in inputs {
            if let root = outermost.first(where: { input.absolutePath.hasPrefix($0 + "templates/") || input.absolutePath.hasPrefix($0 + "charts/") }) {
                counts[root, default: 0] += 1
                templates.insert(input.absolutePath)
            }
        }
        for file in chartFiles {
            let root = String(file.absolutePath.dropLast("Chart.yaml".count))
            guard outermost.contains(root) else { continue }
            let folder = String(root.dropLast())
            let display = file.path.hasSuffix("Chart.yaml") ? String(file.path.dropLast("Chart.yaml".count)) : file.path
            var chart = Chart(chartFile: file, folder: folder, displayFolder: display.isEmpty ? "." : String(display.dropLast(display.hasSuffix("/") ? 1 : 0)),
                              name: PathText.lastComponent(folder), templateFiles: counts[root] ?? 0,
                              isOnDisk: { if case .disk = file.contents { return true }; return false }())
            let text = file.decodedText()
            if let text { chart.firstContentLine = Self.firstContentLine(text) }
            if let text, let document = Self.document(text) {
                if let root = document.root, let name = document.string("name", in: root) { chart.name = name }
                if let root = document.root, document.string("type", in: root) == "library" { chart.isLibrary = true }
                chart.missingDependencies = Self.missingDependencies(document, chartRoot: root)
            }
            // Charts of apiVersion v1 (and some v2 ones) list dependencies in requirements.yaml; helm reads it too.
            let requirements = InputFile(path: file.path.dropLast("Chart.yaml".count) + "requirements.yaml",
                                         contents: .disk(path: root + "requirements.yaml"), absolutePath: root + "requirements.yaml")
            if chart.isOnDisk, FileManager.default.fileExists(atPath: root + "requirements.yaml"),
               let document = requirements.decodedText().flatMap(Self.document) {
                chart.missingDependencies += Self.missingDependencies(document, chartRoot: root).map { ($0.name, $0.span, requirements.path) }
            }
            charts.append(chart)
        }
    }

    /// `dependencies` of Chart.yaml not vendored under `charts/` (a folder or a `.tgz`): helm template
    /// fails on them, and fetching them needs the network, which memlint never uses.
    private static func missingDependencies(_ document: Document, chartRoot: String) -> [(name: String, span: Span, file: String?)] {
        guard let root = document.root, let list = document.value("dependencies", in: root).flatMap(document.sequence) else { return [] }
        let vendored = (try? FileManager.default.contentsOfDirectory(atPath: chartRoot + "charts")) ?? []
        var missing: [(String, Span, String?)] = []
        for item in list {
            guard let nameNode = document.value("name", in: item), let name = document.string(nameNode) else { continue }
            let present = vendored.contains { $0 == name || ($0.hasPrefix(name + "-") && $0.hasSuffix(".tgz")) }
            if !present { missing.append((name, document.span(nameNode), nil)) }
        }
        return missing
    }

    // MARK: Kustomize

    private mutating func findKustomizations(_ inputs: [InputFile], cwd: String) {
        let files = inputs.filter { Kustomization.fileNames.contains(PathText.lastComponent($0.absolutePath)) }
        guard !files.isEmpty else { return }
        let present = Set(inputs.map(\.absolutePath))
        var read: [String: (kustomization: Kustomization, firstContentLine: Int)] = [:]
        for file in files {
            if let text = file.decodedText(), let document = Self.document(text), let kustomization = Kustomization(document, text: text) {
                read[file.absolutePath] = (kustomization, Self.firstContentLine(text))
            }
        }
        // A kustomization another one of the run builds on is linted through that one.
        var used = Set<String>()
        for (path, (kustomization, _)) in read {
            let folder = PathText.deletingLastComponent(path)
            for entry in kustomization.resources + kustomization.components where !Kustomization.isRemote(entry.value) {
                let target = Self.join(folder, entry.value)
                for name in Kustomization.fileNames { used.insert(target + "/" + name) }
            }
        }
        for file in files {
            guard let (kustomization, firstContentLine) = read[file.absolutePath], !kustomization.isComponent,
                  !used.contains(file.absolutePath) else { continue }
            let folder = PathText.deletingLastComponent(file.absolutePath)
            var consumed = Set<String>()
            var problems: [RenderProblem] = []
            var visited = Set<String>()
            var helm = false
            walk(kustomization, file: file.path, folder: folder, present: present, cwd: cwd, consumed: &consumed, problems: &problems,
                 visited: &visited, helm: &helm)
            for problem in problems {
                self.problems[file.absolutePath, default: []].append(problem)
            }
            let display = PathText.deletingLastComponent(file.path)
            kustomizations.append(KustomizeRoot(file: file, folder: folder, displayFolder: display.isEmpty ? "." : display, consumed: consumed,
                                                isOnDisk: { if case .disk = file.contents { return true }; return false }(),
                                                firstContentLine: firstContentLine, inflatesHelmCharts: helm))
        }
    }

    /// Collects the files a kustomization includes, following folders that hold kustomizations, and
    /// reports local entries that do not exist (kustomize would fail on them) at their own line.
    private func walk(_ kustomization: Kustomization, file displayPath: String, folder: String, present: Set<String>, cwd: String,
                      consumed: inout Set<String>, problems: inout [RenderProblem], visited: inout Set<String>, helm: inout Bool) {
        guard visited.insert(folder).inserted, visited.count < 256 else { return }
        if kustomization.inflatesHelmCharts { helm = true }
        func exists(_ path: String) -> (file: Bool, folder: Bool) {
            var isFolder = false
            if present.contains(path) { return (true, false) }
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return (false, false) }
            return (!isFolder, isFolder)
        }
        for repo in kustomization.remoteCharts {
            problems.append(RenderProblem(kind: .notRendered, message: "kustomization not rendered: its helmCharts entry pulls from '\(repo.value)', and memlint never fetches over the network; its local files are linted one by one",
                                          location: SourceLocation(path: displayPath, span: repo.span),
                                          fix: "Vendor the chart under helmGlobals.chartHome, or pipe `kustomize build --enable-helm` into `memlint check -`"))
        }
        // Generator inputs (`.env` files made at deploy time are common): kustomize fails without them.
        for input in kustomization.generatorInputs where !Kustomization.isRemote(input.value) && !exists(Self.join(folder, input.value)).file {
            problems.append(RenderProblem(kind: .notRendered, message: "kustomization not rendered: its generator reads '\(input.value)', which is not in the repository (made at deploy time?); its files are linted one by one",
                                          location: SourceLocation(path: displayPath, span: input.span),
                                          fix: "Commit a placeholder for '\(input.value)', or pipe `kustomize build` into `memlint check -` where the file exists"))
        }
        let entries = kustomization.resources.map { ($0, "resource") } + kustomization.components.map { ($0, "component") }
            + kustomization.patches.compactMap { $0.path.map { ($0, "patch") } }
        for (entry, role) in entries {
            if Kustomization.isRemote(entry.value) {
                // kustomize would fetch it: memlint never uses the network, so the overlay is not rendered.
                problems.append(RenderProblem(kind: .notRendered, message: "kustomization not rendered: its \(role) '\(entry.value)' is remote, and memlint never fetches over the network; its local files are linted one by one",
                                              location: SourceLocation(path: displayPath, span: entry.span),
                                              fix: "Vendor the remote base into the repository, or pipe `kustomize build` into `memlint check -`"))
                continue
            }
            let target = Self.join(folder, entry.value)
            let found = exists(target)
            if found.file {
                // kustomize's default load restrictor refuses files outside the kustomization's folder.
                if role != "component", !target.hasPrefix(folder + "/"), !loadsAnywhere {
                    problems.append(RenderProblem(kind: .failed, message: "kustomization \(role) '\(entry.value)' is outside the kustomization's folder: kustomize refuses to load it (load restrictions)",
                                                  location: SourceLocation(path: displayPath, span: entry.span),
                                                  fix: "Move the file under the kustomization's folder or make its folder a kustomization; or, if you build with --load-restrictor LoadRestrictionsNone, say so in render.kustomize.command"))
                    continue
                }
                consumed.insert(target)
                continue
            }
            if found.folder, let name = Kustomization.fileNames.first(where: { exists(target + "/" + $0).file }) {
                let path = target + "/" + name
                consumed.insert(path)
                if let bytes = try? FileLoader.readAll(path), case .success(let text) = SourceText.decode(bytes),
                   let document = Self.document(text), let inner = Kustomization(document, text: text) {
                    let display = FileDiscovery.displayPath(path, cwd: cwd)
                    walk(inner, file: display, folder: target, present: present, cwd: cwd, consumed: &consumed, problems: &problems,
                         visited: &visited, helm: &helm)
                }
                continue
            }
            let what = found.folder ? "folder '\(entry.value)' has no kustomization.yaml" : "no file or folder '\(entry.value)'"
            problems.append(RenderProblem(kind: .failed, message: "kustomization \(role) not found: \(what) next to \(displayPath)",
                                          location: SourceLocation(path: displayPath, span: entry.span),
                                          fix: "Correct the path (it is relative to the kustomization's folder) or remove the entry."))
        }
    }

    // MARK: Reading

    /// The first line that is neither blank, a comment nor `---`: where a note about the whole file points.
    static func firstContentLine(_ text: SourceText) -> Int {
        var line = 1
        for raw in String(decoding: text.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = raw.drop { $0 == " " || $0 == "\t" }
            if !trimmed.isEmpty, !trimmed.hasPrefix("#"), trimmed != "---", trimmed != "\r" { break }
            line += 1
        }
        return line
    }

    static func join(_ folder: String, _ relative: String) -> String {
        relative.hasPrefix("/") ? URL(fileURLWithPath: relative).standardizedFileURL.path
            : URL(fileURLWithPath: folder).appendingPathComponent(relative).standardizedFileURL.path
    }

    /// The first document of a small YAML file (Chart.yaml, a kustomization).
    static func document(_ text: SourceText) -> Document? {
        YAMLLoader(maxDepth: 64).loadAll(text).documents.first
    }
}
