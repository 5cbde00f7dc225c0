import FoundationEssentials
import MemlintKubernetes
import MemlintSource
import MemlintYAML

/// Places a finding on a kustomization's rendering at the last layer that set the value: going from
/// the rendered kustomization down, its `images:` entry (for an image), its patches (last first;
/// strategic merge by kind, name and container name, JSON 6902 by path), its components, then the
/// resource the object comes from, names stripped of each layer's `namePrefix` / `nameSuffix`. A
/// layer whose value is not exactly the rendered one means something else changed it: no mapping.
struct KustomizeSourceMap {
    let root: RenderPlan.KustomizeRoot
    let rendered: RenderedText
    let files: YAMLFileCache
    let cwd: String

    func map(_ location: SourceLocation) -> MappedLocation? {
        guard let point = rendered.point(at: location.span.start), let kind = point.kind, let name = point.name else { return nil }
        var visited = 0
        // A container's (an env entry's) `name` is its identity, not a value a patch sets: a patch names
        // the item to change it. The layer that created the item is the place, patches only if one added it.
        let steps = point.namedSteps
        let identity = steps.count >= 2 && steps[steps.count - 1] == .key("name") && { if case .named = steps[steps.count - 2] { return true }; return false }()
        let created = identity ? locate(kustomizationFile: root.file.absolutePath, name: name, kind: kind, point: point, depth: 0, visited: &visited, identity: true) : nil
        guard let found = created ?? locate(kustomizationFile: root.file.absolutePath, name: name, kind: kind, point: point, depth: 0, visited: &visited, identity: false)
        else { return nil }
        var mapped = found
        if let width = HelmSourceMap.width(location.span), point.offsetInValue != nil, mapped.span.start.line == mapped.span.end.line {
            mapped.span.end = Mark(line: Int(mapped.span.start.line), column: Int(mapped.span.start.column) + width, offset: 0)
        }
        return MappedLocation(location: mapped)
    }

    private func kustomization(_ path: String) -> Kustomization? {
        guard let entry = files.load(path), let document = entry.documents.first else { return nil }
        return Kustomization(document, text: entry.text)
    }

    private func locate(kustomizationFile path: String, name: String, kind: String, point: RenderedText.Point, depth: Int,
                        visited: inout Int, identity: Bool) -> SourceLocation? {
        visited += 1
        guard depth < 16, visited < 512, let kustomization = kustomization(path) else { return nil }
        let folder = PathText.deletingLastComponent(path)
        let display = FileDiscovery.displayPath(path, cwd: cwd)
        // The name this kustomization's resources give the object, before its own prefix and suffix.
        var inner = name
        if let prefix = kustomization.namePrefix, inner.hasPrefix(prefix) { inner.removeFirst(prefix.count) }
        if let suffix = kustomization.nameSuffix, inner.hasSuffix(suffix) { inner.removeLast(suffix.count) }

        // What the layers below wrote, needed to tell whether an `images:` entry applies.
        func below() -> (SourceLocation?, String?) {
            for component in kustomization.components.reversed() where !Kustomization.isRemote(component.value) {
                guard let file = kustomizationFile(in: RenderPlan.join(folder, component.value)) else { continue }
                if let found = locate(kustomizationFile: file, name: inner, kind: kind, point: point, depth: depth + 1, visited: &visited, identity: identity) {
                    return (found, nil)
                }
            }
            return resource(kustomization, folder: folder, name: inner, kind: kind, point: point, depth: depth, visited: &visited, identity: identity)
        }

        for patch in kustomization.patches.reversed() where !identity {
            switch patchedValue(patch, folder: folder, display: display, names: [name, inner], kind: kind, point: point) {
            case .set(let location): return location
            case .conflict: return nil
            case .untouched: continue
            }
        }
        if case .key("image")? = point.namedSteps.last, let value = point.value, !kustomization.images.isEmpty {
            let (location, original) = below()
            if let original, let entry = kustomization.images.first(where: { ImageReference(original).repository == $0.name || original.hasPrefix($0.name + ":") || original == $0.name }) {
                let target = entry.newTag.flatMap { value.hasSuffix(":" + $0.value) ? $0 : nil }
                    ?? entry.newName.flatMap { value.hasPrefix($0.value) ? $0 : nil }
                    ?? entry.digest.flatMap { value.hasSuffix($0.value) ? $0 : nil }
                if let target { return SourceLocation(path: display, span: target.span) }
                return nil
            }
            return location
        }
        return below().0
    }

    /// The resource that holds the object: a file (the object's document) or a folder (recursing).
    /// Also returns the value written there, for the `images:` check.
    private func resource(_ kustomization: Kustomization, folder: String, name: String, kind: String, point: RenderedText.Point,
                          depth: Int, visited: inout Int, identity: Bool) -> (SourceLocation?, String?) {
        for entry in kustomization.resources where !Kustomization.isRemote(entry.value) {
            let target = RenderPlan.join(folder, entry.value)
            if let file = kustomizationFile(in: target) {
                if let found = locate(kustomizationFile: file, name: name, kind: kind, point: point, depth: depth + 1, visited: &visited, identity: identity) {
                    return (found, writtenValue(at: found))
                }
                continue
            }
            guard let loaded = files.load(target) else { continue }
            for document in loaded.documents {
                guard let root = document.root, document.string("kind", in: root) == kind,
                      document.value("metadata", in: root).flatMap({ document.string("name", in: $0) }) == name else { continue }
                guard let node = document.node(at: point.namedSteps, from: root) else { return (nil, nil) }
                let written = document.kind(document.resolve(node)) == .scalar ? document.string(node) : nil
                let display = FileDiscovery.displayPath(target, cwd: cwd)
                if case .key("image")? = point.namedSteps.last { return (document.location(of: node, path: display, offset: nil), written) }
                guard written == point.value else { return (nil, written) }
                return (document.location(of: node, path: display, offset: point.offsetInValue), written)
            }
        }
        return (nil, nil)
    }

    /// The scalar at a location found in a file (for an image found through a nested kustomization).
    private func writtenValue(at location: SourceLocation) -> String? {
        let path = location.path.hasPrefix("/") ? location.path : cwd + "/" + location.path
        guard let entry = files.load(path) else { return nil }
        let index = Int(location.span.start.line) - 1
        guard index >= 0, index < entry.lines.count else { return nil }
        let line = entry.lines[index]
        let start = line.index(line.startIndex, offsetBy: min(line.count, Int(location.span.start.column) - 1))
        let quotesAndBlanks: Set<Character> = [" ", "\"", "'", "\r"]
        return String(line[start...].drop { quotesAndBlanks.contains($0) }.reversed().drop { quotesAndBlanks.contains($0) }.reversed())
    }

    private func kustomizationFile(in folder: String) -> String? {
        Kustomization.fileNames.map { folder + "/" + $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }

    enum PatchResult { case set(SourceLocation), conflict, untouched }

    private func patchedValue(_ patch: KustomizePatch, folder: String, display: String, names: [String], kind: String,
                              point: RenderedText.Point) -> PatchResult {
        if let targetKind = patch.targetKind, targetKind != kind { return .untouched }
        if let targetName = patch.targetName, !names.contains(targetName) { return .untouched }
        // The patch's documents and the file they are in (an inline patch is mapped into the kustomization).
        var documents: [Document]
        var path: String
        var shift: (line: Int, column: Int)?
        if let file = patch.path {
            let absolute = RenderPlan.join(folder, file.value)
            guard let loaded = files.load(absolute) else { return .untouched }
            documents = loaded.documents
            path = FileDiscovery.displayPath(absolute, cwd: cwd)
        } else if let inline = patch.inline, case .success(let text) = SourceText.decode(Array(inline.text.utf8)) {
            documents = YAMLLoader(maxDepth: 256).loadAll(text).documents
            path = display
            if inline.line > 0 { shift = (inline.line, inline.indent) }
        } else {
            return .untouched
        }
        func place(_ document: Document, _ node: NodeID, offset: Int?) -> SourceLocation {
            var location = document.location(of: node, path: path, offset: offset)
            if let shift {
                location.span.start = Mark(line: Int(location.span.start.line) + shift.line, column: Int(location.span.start.column) + shift.column, offset: 0)
                location.span.end = Mark(line: Int(location.span.end.line) + shift.line, column: Int(location.span.end.column) + shift.column, offset: 0)
            } else if patch.path == nil, let span = patch.inlineSpan {
                // A folded or quoted inline patch: its lines do not map one to one; the patch entry is the place.
                location.span = span
            }
            return location
        }
        for document in documents.reversed() {
            guard let root = document.root else { continue }
            if let operations = document.sequence(root) {
                guard patch.targetKind != nil || patch.targetName != nil else { continue }
                if let result = jsonPatch(operations, document: document, point: point, place: place) { return result }
                continue
            }
            // Strategic merge: the patch names its object, unless `target` selects them.
            if patch.targetKind == nil {
                guard document.string("kind", in: root) == kind else { continue }
                let patchName = document.value("metadata", in: root).flatMap { document.string("name", in: $0) }
                guard patchName.map(names.contains) ?? false else { continue }
            }
            guard let node = document.node(at: point.namedSteps, from: root) else { continue }
            let written = document.kind(document.resolve(node)) == .scalar ? document.string(node) : nil
            if let value = point.value, written != value { return .conflict }
            return .set(place(document, node, offset: point.offsetInValue))
        }
        return .untouched
    }

    /// The last `add`/`replace` whose path is the value's or one of its parents'.
    private func jsonPatch(_ operations: ArraySlice<NodeID>, document: Document, point: RenderedText.Point,
                           place: (Document, NodeID, Int?) -> SourceLocation) -> PatchResult? {
        for operation in operations.reversed() {
            guard let op = document.string("op", in: operation), op == "add" || op == "replace",
                  let pointer = document.string("path", in: operation), let value = document.value("value", in: operation) else { continue }
            let steps = pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part -> RenderedText.NamedStep in
                let key = String(part.replacing("~1", with: "/").replacing("~0", with: "~"))
                return Int(key).map { .index($0) } ?? .key(key)
            }
            let rendered = point.steps.map { step -> RenderedText.NamedStep in
                switch step { case .key(let k): .key(k); case .index(let i): .index(i) }
            }
            guard steps.count <= rendered.count, Array(rendered.prefix(steps.count)) == steps,
                  let node = document.node(at: rendered.dropFirst(steps.count), from: value) else { continue }
            let written = document.kind(document.resolve(node)) == .scalar ? document.string(node) : nil
            if let expected = point.value, written != expected { return .conflict }
            return .set(place(document, node, point.offsetInValue))
        }
        return nil
    }
}
