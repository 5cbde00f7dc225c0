import Dispatch
import FoundationEssentials
import MemlintKubernetes

/// Rendering joined to a run: started before pass 1 (the tools run while memlint parses the plain
/// files), its outputs parsed like files, and afterwards the findings on them moved to the lines
/// that wrote their values.
struct RenderStage: @unchecked Sendable {
    let plan: RenderPlan
    private let group = DispatchGroup()
    private let box = Box()
    private let planned: [(owner: String, problem: RenderProblem)]

    private final class Box: @unchecked Sendable { var outcomes: [Renderers.Outcome] = [] }

    init(_ inputs: [InputFile], tools: RenderTools, configurationDirectory: String?, jobs: Int) {
        plan = RenderPlan.make(inputs, loadsAnywhere: tools.kustomize?.command.contains { $0.hasPrefix("--load-restrictor") } ?? false)
        let renderers = Renderers(tools: tools, configurationDirectory: configurationDirectory)
        let (work, problems) = renderers.jobs(plan)
        planned = problems
        guard !work.isEmpty else { return }
        let box = self.box
        DispatchQueue.global().async(group: group) {
            box.outcomes = parallelMap(work, jobs: jobs) { renderers.render($0) }
        }
    }

    /// Waits for the tools; returns the renderings and every problem by the file that reports it.
    func finish() -> (outputs: [RenderedOutput], problems: [String: [RenderProblem]]) {
        group.wait()
        var problems = plan.problems
        for (owner, problem) in planned + box.outcomes.flatMap(\.problems) { problems[owner, default: []].append(problem) }
        return (box.outcomes.compactMap(\.output), problems)
    }

    /// The files that successfully rendered kustomizations include, with how many include each: their
    /// objects are linted through the rendering (linting them alone would report every finding twice),
    /// and one several renderings include is not edited for one of them.
    static func includedFiles(_ outputs: [RenderedOutput]) -> [String: Int] {
        var count: [String: Int] = [:]
        for output in outputs {
            if case .kustomize(let root) = output.origin { for path in root.consumed { count[path, default: 0] += 1 } }
        }
        return count
    }
}

/// Moves findings from renderings to their sources (see `HelmSourceMap`, `KustomizeSourceMap`).
struct RenderedPlacer {
    private var maps: [String: (SourceLocation) -> MappedLocation?] = [:]
    private var setNames: [String: String] = [:]
    /// Each rendering's text, to check that an edit's old text is what its source line holds.
    private var renderedBytes: [String: [UInt8]] = [:]
    private let files = YAMLFileCache()
    private let cwd: String
    /// Files several renderings are made from (a base two overlays use): not edited for one of them.
    private let shared: Set<String>
    /// The containers of the files kustomize renderings include, where an env entry a finding on the
    /// rendering adds is added instead (in that file's style).
    private let includedContainers: [String: [Container]]

    init(_ parsed: [ParsedFile], shared: Set<String> = [], includedContainers: [String: [Container]] = [:],
         cwd: String = FileManager.default.currentDirectoryPath) {
        self.cwd = cwd
        self.shared = shared
        self.includedContainers = includedContainers
        let files = self.files
        for file in parsed {
            guard let origin = file.renderOrigin else { continue }
            if case .bytes(let bytes) = file.input.contents { renderedBytes[file.path] = FixedFiles.utf8Text(bytes)?.text }
            let path = file.path
            var built: ((SourceLocation) -> MappedLocation?)?
            // Parsed again only when a finding asks (most renderings have few findings, many none).
            maps[path] = { location in
                if built == nil {
                    guard let rendered = RenderedText(RenderedOutput(input: file.input, origin: origin)) else { return nil }
                    switch origin {
                    case .helm(let chart, let values, _):
                        let map = HelmSourceMap(chart: chart, values: values, rendered: rendered, files: files, cwd: cwd)
                        built = map.map
                    case .kustomize(let root):
                        let map = KustomizeSourceMap(root: root, rendered: rendered, files: files, cwd: cwd)
                        built = map.map
                    }
                }
                return built?(location)
            }
            if case .helm(_, let values, true) = origin { setNames[path] = values.name }
        }
    }

    var isEmpty: Bool { maps.isEmpty }

    /// Findings placed at their sources. A base that several overlays build on (a values line every
    /// value set uses) gives the same finding once per rendering: those are one finding, naming every
    /// rendering as a related place and every value set in its message.
    func place(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard !maps.isEmpty else { return diagnostics }
        var placed: [Diagnostic] = []
        var sets: [[String]] = []
        var seen: [String: Int] = [:]
        for diagnostic in diagnostics {
            let (moved, set) = place(diagnostic)
            guard moved.renderedLocation != nil || set != nil else {
                placed.append(moved)
                sets.append([])
                continue
            }
            let l = moved.location
            let key = [moved.code, l.path, "\(l.span.start)", moved.message, moved.workload ?? "", moved.container ?? ""].joined(separator: "\u{0}")
            if let index = seen[key] {
                if let set { sets[index].append(set) }
                if let rendered = moved.renderedLocation { placed[index].related.append(RelatedLocation(rendered, "also in this rendering")) }
                continue
            }
            seen[key] = placed.count
            placed.append(moved)
            sets.append(set.map { [$0] } ?? [])
        }
        for index in placed.indices where !sets[index].isEmpty {
            let names = sets[index].map { "'\($0)'" }
            placed[index].message += names.count == 1 ? " [values set \(names[0])]" : " [values sets \(names.joined(separator: ", "))]"
        }
        return placed
    }

    /// An edit of a rendering moved to the file that wrote the text: where the mapped position holds
    /// exactly the bytes the edit replaces (a values entry, a patch value). Otherwise no fix, and why.
    private func placeEdit(_ fix: Fix, placedAt: SourceLocation?) -> (Fix?, String?) {
        let unwritten = "the rendered text is not written as is in one file of the chart or overlay"
        var edits: [Fix.Edit] = []
        for edit in fix.edits {
            guard let map = maps[edit.path] else { edits.append(edit); continue }
            // An insertion's text is shaped by the rendering's indentation and neighbours, which a
            // template or patch does not have; an env entry goes to the resource file that wrote
            // the container the finding was placed in, in that file's style.
            guard !edit.bytes.isEmpty else {
                guard let entry = edit.addsEnv, let placedAt,
                      let container = includedContainers[placedAt.path]?.first(where: { $0.span.start <= placedAt.span.start && placedAt.span.start < $0.span.end }),
                      let insertion = container.envInsertion else {
                    return (nil, "a line added to the rendering has no place in the template or patch that wrote it")
                }
                if shared.contains(placedAt.path) { return (nil, "\(placedAt.path) is included by several rendered overlays") }
                edits.append(Fix.Edit(path: placedAt.path, span: Span(start: insertion.at, end: insertion.at),
                                      replacement: insertion.text(name: entry.name, value: entry.value), addsEnv: entry))
                continue
            }
            guard let rendered = renderedBytes[edit.path], edit.bytes.upperBound <= rendered.count,
                  let mapped = map(SourceLocation(path: edit.path, span: edit.span))?.location else { return (nil, unwritten) }
            if shared.contains(mapped.path) { return (nil, "\(mapped.path) is included by several rendered overlays") }
            let old = Array(rendered[edit.bytes])
            let absolute = mapped.path.hasPrefix("/") ? mapped.path : cwd + "/" + mapped.path
            guard let entry = files.load(absolute), let offset = entry.text.offset(of: mapped.span.start),
                  offset + old.count <= entry.text.bytes.count, Array(entry.text.bytes[offset..<offset + old.count]) == old else { return (nil, unwritten) }
            let start = Mark(line: Int(mapped.span.start.line), column: Int(mapped.span.start.column), offset: offset)
            let end = Mark(line: Int(mapped.span.start.line), column: Int(mapped.span.start.column) + String(decoding: old, as: UTF8.self).unicodeScalars.count,
                           offset: offset + old.count)
            edits.append(Fix.Edit(path: mapped.path, span: Span(start: start, end: end), replacement: edit.replacement, removesSeparated: edit.removesSeparated))
        }
        return (Fix(fix.applicability, fix.summary, edits: edits), nil)
    }

    /// The finding at its source, and its fix moved along (the edit follows the location: an env
    /// entry goes to the container the finding was placed in).
    private func place(_ diagnostic: Diagnostic) -> (Diagnostic, set: String?) {
        var (result, set) = placeLocation(diagnostic)
        if let fix = diagnostic.edit, fix.edits.contains(where: { maps[$0.path] != nil }) {
            let (placed, unfixable) = placeEdit(fix, placedAt: result.renderedLocation == nil ? nil : result.location)
            result.edit = placed
            if let unfixable { result.fix = result.fix.map { $0 + " (not fixed automatically: \(unfixable))" } }
        }
        return (result, set)
    }

    private func placeLocation(_ diagnostic: Diagnostic) -> (Diagnostic, set: String?) {
        var result = diagnostic
        var related: [RelatedLocation] = []
        for item in diagnostic.related {
            if let map = maps[item.location.path], let location = map(item.location)?.location {
                related.append(RelatedLocation(location, item.message))
            } else {
                related.append(item)
            }
        }
        result.related = related
        guard let map = maps[diagnostic.location.path] else { return (result, nil) }
        let set = setNames[diagnostic.location.path]
        guard let mapped = map(diagnostic.location) else { return (result, set) }
        guard let location = mapped.location else {
            result.related += mapped.related
            return (result, set)
        }
        result.renderedLocation = diagnostic.location
        result.location = location
        result.related = mapped.related + [RelatedLocation(diagnostic.location, "where the rendering has it")] + result.related
        return (result, set)
    }
}
