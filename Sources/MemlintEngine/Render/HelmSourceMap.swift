import FoundationEssentials
import MemlintSource
import MemlintYAML

/// Places a finding on a chart's rendering where it was written: the template line that produced the
/// rendered line (from the document's `# Source:` comment), and — when that line, or a `toYaml` of a
/// values subtree, takes the value from `.Values` — the values file line (or `--set`) that set it.
/// Every step must be certain: a template line only when exactly one line of the template (or its
/// helpers) can produce the rendered line, a values line only when exactly one `.Values` key the
/// template reads holds exactly the rendered value. Otherwise the finding stays on the rendering.
struct HelmSourceMap {
    let chart: RenderPlan.Chart
    let values: RenderConfiguration.ValueSet
    let rendered: RenderedText
    let files: YAMLFileCache
    let cwd: String
    /// `# Source:` comments by line.
    private let sources: [(line: Int32, path: String)]

    init(chart: RenderPlan.Chart, values: RenderConfiguration.ValueSet, rendered: RenderedText, files: YAMLFileCache, cwd: String) {
        self.chart = chart
        self.values = values
        self.rendered = rendered
        self.files = files
        self.cwd = cwd
        var sources: [(Int32, String)] = []
        for (index, line) in rendered.lines.enumerated() where line.hasPrefix("# Source: ") {
            sources.append((Int32(index + 1), String(line.dropFirst("# Source: ".count)).trimmingBlanks()))
        }
        self.sources = sources
    }

    func map(_ location: SourceLocation) -> MappedLocation? {
        let mark = location.span.start
        guard let point = rendered.point(at: mark),
              let source = sources.last(where: { $0.line < mark.line })?.path,
              let template = templatePath(source) else { return nil }
        let displayTemplate = FileDiscovery.displayPath(template.path, cwd: cwd)
        let renderedLine = rendered.line(mark.line)
        let candidates = candidateLines(for: renderedLine, in: template, point: point)
        let width = Self.width(location.span)

        var templateLocation: SourceLocation?
        if candidates.count == 1, let only = candidates.first {
            templateLocation = SourceLocation(path: FileDiscovery.displayPath(only.file, cwd: cwd),
                                              span: Self.span(line: only.number, column: only.column(for: point, renderedLine: renderedLine), width: nil))
        }
        // A value read from .Values on the producing line, or from a toYaml of a values subtree.
        if let value = point.value {
            var hits: [(SourceLocation, String)] = []
            for candidate in candidates {
                for reference in candidate.references {
                    if let hit = lookup(reference, suffix: [], equalTo: value, point: point, width: width, prefix: template.valuesPrefix) {
                        hits.append(hit)
                    }
                }
            }
            if hits.isEmpty {
                for line in template.yamlInsertions {
                    for reference in line.references {
                        for length in 1...max(1, point.steps.count) where length <= point.steps.count {
                            if let hit = lookup(reference, suffix: Array(point.steps.suffix(length)), equalTo: value, point: point,
                                                width: width, prefix: template.valuesPrefix) {
                                hits.append(hit)
                                if templateLocation == nil, template.yamlInsertions.filter({ $0.references.contains(reference) }).count == 1 {
                                    templateLocation = SourceLocation(path: FileDiscovery.displayPath(line.file, cwd: cwd),
                                                                      span: Self.span(line: line.number, column: line.firstActionColumn, width: nil))
                                }
                            }
                        }
                    }
                }
            }
            let distinct = Dictionary(hits.map { ("\($0.0.path):\($0.0.span.start)", $0) }, uniquingKeysWith: { a, _ in a })
            if distinct.count == 1, let (valuesLocation, how) = distinct.values.first {
                var related: [RelatedLocation] = []
                if let templateLocation { related.append(RelatedLocation(templateLocation, "the template line that reads \(how)")) }
                return MappedLocation(location: valuesLocation, related: related)
            }
        }
        guard var templateLocation else {
            // Which line wrote it is not certain: the finding stays on the rendering, with the template named.
            let file = SourceLocation(path: displayTemplate, span: Self.span(line: 1, column: 1, width: nil))
            return MappedLocation(location: nil, related: [RelatedLocation(file, "rendered from this template (which of its lines wrote the value is not certain)")])
        }
        if let literalColumn = literalValueColumn(point, renderedLine: renderedLine, in: candidates[0]) {
            templateLocation.span = Self.span(line: candidates[0].number, column: literalColumn, width: width)
        }
        return MappedLocation(location: templateLocation)
    }

    // MARK: Templates

    struct Template {
        var path: String
        /// For a subchart's template, the key its values live under in the parent's values.
        var valuesPrefix: [String]
        var subchartFolder: String?
        var lines: [TemplateLine]
        var helpers: [TemplateLine]
        var yamlInsertions: [TemplateLine] { (lines + helpers).filter(\.insertsYAML) }
    }

    /// Templates read and parsed once per rendering, whatever number of findings point into them.
    private final class Templates {
        var bySource: [String: Template?] = [:]
    }
    private let templates = Templates()

    private func templatePath(_ source: String) -> Template? {
        if let known = templates.bySource[source] { return known }
        let template = readTemplate(source)
        templates.bySource[source] = template
        return template
    }

    /// `payments/templates/x.yaml` → the file under the chart's folder; `payments/charts/redis/templates/x.yaml`
    /// → the vendored subchart's file, whose values sit under `redis:` in the parent's.
    private func readTemplate(_ source: String) -> Template? {
        let parts = source.split(separator: "/").map(String.init)
        guard parts.count >= 3 else { return nil }
        let relative = parts.dropFirst().joined(separator: "/")
        let path = chart.folder + "/" + relative
        guard let lines = files.lines(path) else { return nil }
        var prefix: [String] = []
        var folder = chart.folder
        var rest = Array(parts.dropFirst())
        while rest.count > 2, rest[0] == "charts" {
            prefix.append(rest[1])
            folder += "/charts/" + rest[1]
            rest.removeFirst(2)
        }
        return Template(path: path, valuesPrefix: prefix, subchartFolder: prefix.isEmpty ? nil : folder,
                        lines: TemplateLine.parse(lines, file: path), helpers: helpers(in: folder + "/templates"))
    }

    private func helpers(in folder: String) -> [TemplateLine] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { $0.hasPrefix("_") && ($0.hasSuffix(".tpl") || $0.hasSuffix(".yaml")) }.sorted().flatMap { name -> [TemplateLine] in
            let path = folder + "/" + name
            return files.lines(path).map { TemplateLine.parse($0, file: path) } ?? []
        }
    }

    private func candidateLines(for renderedLine: String, in template: Template, point: RenderedText.Point) -> [TemplateLine] {
        guard !renderedLine.isEmpty else { return [] }
        let own = template.lines.filter { $0.canProduce(renderedLine) }
        let lines = own.isEmpty ? template.helpers.filter { $0.canProduce(renderedLine) } : own
        // The keys above the rendered value (without its own key) must end with the line's enclosing keys.
        var keys = point.steps.compactMap { step -> String? in if case .key(let k) = step { return k }; return nil }
        if case .key? = point.steps.last { keys.removeLast() }
        let placed = lines.filter { $0.sits(under: keys) }
        return placed.isEmpty ? lines : placed
    }

    /// When the template writes the value literally, the column of the offending character in it.
    private func literalValueColumn(_ point: RenderedText.Point, renderedLine: String, in line: TemplateLine) -> Int? {
        guard let value = point.value, !value.isEmpty, line.references.isEmpty, line.text.contains(value) else { return nil }
        let trimmed = line.text.drop { $0 == " " }
        let indent = line.text.count - trimmed.count
        guard let range = trimmed.firstRange(of: value) else { return nil }
        return indent + trimmed.distance(from: trimmed.startIndex, to: range.lowerBound) + 1 + (point.offsetInValue ?? 0)
    }

    // MARK: Values

    /// The place that set `.Values.<reference>.<suffix>` last, if it holds exactly `value` (or, inside a
    /// longer rendered string, a part of it that holds the finding's position).
    private func lookup(_ reference: [String], suffix: [PathStep], equalTo value: String, point: RenderedText.Point, width: Int?,
                        prefix: [String]) -> (SourceLocation, String)? {
        let dotted = (reference + suffix.map(\.description)).joined(separator: ".").replacing(".[", with: "[")
        let how = ".Values.\(dotted)"
        // --set wins over every file.
        let fullKey = (prefix + reference).joined(separator: ".") + suffix.map { step -> String in
            switch step { case .key(let k): "." + k; case .index(let i): "[\(i)]" }
        }.joined()
        if let pair = values.set.last(where: { $0.key == fullKey }) {
            return pair.value == value ? (pair.location, how) : nil
        }
        for layer in valuesLayers(prefix: prefix).reversed() {
            guard let entry = files.load(layer.path), let document = entry.documents.first, let root = document.root else { continue }
            var steps = (layer.prefix + reference).map { RenderedText.NamedStep.key($0) }
            steps += suffix.map { step in
                switch step { case .key(let k): .key(k); case .index(let i): .index(i) }
            }
            guard let node = document.node(at: steps, from: root) else { continue }
            // The top layer that has the key decides; if it does not hold the value, the value came from elsewhere.
            guard document.kind(document.resolve(node) ) == .scalar, let written = document.string(node) else { return nil }
            let display = FileDiscovery.displayPath(layer.path, cwd: cwd)
            if written == value {
                var location = document.location(of: node, path: display, offset: point.offsetInValue)
                if let width, point.offsetInValue != nil, location.span.start.line == location.span.end.line {
                    location.span.end = Mark(line: Int(location.span.start.line), column: Int(location.span.start.column) + width, offset: 0)
                }
                return (location, how)
            }
            // `-Xmx{{ .Values.heap }}`: the values text is one part of the rendered value.
            if written.count >= 2, let offset = point.offsetInValue, let start = Self.onlyOccurrence(of: written, in: value),
               offset >= start, offset < start + written.unicodeScalars.count {
                return (document.location(of: node, path: display, offset: offset - start), how)
            }
            return nil
        }
        return nil
    }

    /// The values files in the order helm merges them, lowest first: the chart's (for a subchart, its
    /// own under no prefix, then the parent's under its name), then the value set's files.
    private func valuesLayers(prefix: [String]) -> [(path: String, prefix: [String])] {
        var layers: [(String, [String])] = []
        if !prefix.isEmpty {
            layers.append((chart.folder + "/charts/" + prefix.joined(separator: "/charts/") + "/values.yaml", []))
        }
        layers.append((chart.folder + "/values.yaml", prefix))
        layers += values.files.map { ($0, prefix) }
        return layers
    }

    static func onlyOccurrence(of needle: String, in haystack: String) -> Int? {
        let h = Array(haystack.unicodeScalars), n = Array(needle.unicodeScalars)
        guard n.count <= h.count else { return nil }
        var found: Int?
        for start in 0...(h.count - n.count) where Array(h[start..<start + n.count]) == n {
            if found != nil { return nil }
            found = start
        }
        return found
    }

    static func width(_ span: Span) -> Int? {
        span.start.line == span.end.line && span.end.column > span.start.column ? Int(span.end.column - span.start.column) : nil
    }

    static func span(line: Int, column: Int, width: Int?) -> Span {
        let start = Mark(line: line, column: column, offset: 0)
        return Span(start: start, end: Mark(line: line, column: column + (width ?? 0), offset: 0))
    }
}

/// One line of a template: its literal text and its `{{ … }}` actions.
struct TemplateLine {
    var file: String
    var number: Int
    var text: String
    /// The literal pieces between actions, in order, with `{{-` / `-}}` trimming applied.
    var literals: [String]
    var actionCount: Int
    /// `.Values.a.b` paths the line's actions read (`$.Values` too).
    var references: [[String]]
    /// `toYaml` / `toJson` of a values subtree: the rendered lines below it come from values.
    var insertsYAML: Bool
    var firstActionColumn: Int

    /// The keys of the literal lines above it that hold it, found by indentation (`containers`, `spec`, …).
    var ancestors: [String] = []

    static func parse(_ lines: [String], file: String) -> [TemplateLine] {
        var parsed = lines.enumerated().map { TemplateLine(file: file, number: $0.offset + 1, text: $0.element) }
        // Indentation in a template is literal (nindent only shifts what it inserts): a stack of the
        // keys of enclosing lines gives each line its place in the document.
        var stack: [(indent: Int, key: String)] = []
        for index in parsed.indices {
            let text = parsed[index].text
            let body = text.drop { $0 == " " }
            guard !body.isEmpty, !body.hasPrefix("#"), !body.hasPrefix("{{") else { continue }
            var indent = text.count - body.count
            var rest = body
            if rest.hasPrefix("- ") {
                indent += 2
                rest = rest.dropFirst(2).drop { $0 == " " }
            }
            while let last = stack.last, last.indent >= indent { stack.removeLast() }
            parsed[index].ancestors = stack.map(\.key)
            if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains("{{"), !rest[..<colon].contains(" ") {
                stack.append((indent, String(rest[..<colon])))
            }
        }
        return parsed
    }

    /// True when the line's enclosing keys end the rendered value's enclosing keys.
    func sits(under keys: [String]) -> Bool {
        ancestors.count <= keys.count && Array(keys.suffix(ancestors.count)) == ancestors
    }

    init(file: String, number: Int, text: String) {
        self.file = file
        self.number = number
        self.text = text
        var literals: [String] = []
        var actions: [String] = []
        var current = ""
        var rest = Substring(text)
        var firstAction: Int?
        while let open = rest.firstRange(of: "{{") {
            current += rest[rest.startIndex..<open.lowerBound]
            if firstAction == nil { firstAction = text.distance(from: text.startIndex, to: open.lowerBound) + 1 }
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else {
                rest = rest[rest.endIndex...]
                actions.append("")
                current = ""
                break
            }
            let inner = rest[open.upperBound..<close.lowerBound]
            if inner.hasPrefix("-") { current = String(current.reversed().drop { $0 == " " || $0 == "\t" }.reversed()) }
            literals.append(current)
            actions.append(String(inner))
            current = ""
            rest = rest[close.upperBound...]
            if inner.hasSuffix("-") { rest = rest.drop { $0 == " " || $0 == "\t" } }
        }
        current += rest
        literals.append(current)
        // Leading and trailing whitespace is indentation (nindent, the rendered line is trimmed too).
        if !literals.isEmpty {
            literals[0] = String(literals[0].drop { $0 == " " || $0 == "\t" })
            literals[literals.count - 1] = String(literals[literals.count - 1].reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
        }
        self.literals = literals
        actionCount = actions.count
        references = actions.flatMap(Self.valuesReferences)
        insertsYAML = actions.contains { $0.contains("toYaml") || $0.contains("toJson") || $0.contains("toPrettyJson") }
        firstActionColumn = firstAction ?? 1
    }

    /// True when the line, with every action standing for any text, can be the rendered line. A line
    /// that is nothing but actions (`{{- if … }}`, `{{ toYaml … }}`) is never taken for a rendered line.
    func canProduce(_ rendered: String) -> Bool {
        guard literals.contains(where: { $0.contains { !$0.isWhitespace } }) else { return false }
        if actionCount == 0 { return literals[0] == rendered }
        guard rendered.hasPrefix(literals[0]), rendered.hasSuffix(literals[literals.count - 1]) else { return false }
        var cursor = rendered.index(rendered.startIndex, offsetBy: literals[0].count)
        let end = rendered.index(rendered.endIndex, offsetBy: -literals[literals.count - 1].count)
        guard cursor <= end else { return false }
        for literal in literals.dropFirst().dropLast() where !literal.isEmpty {
            guard let found = rendered[cursor..<end].firstRange(of: literal) else { return false }
            cursor = found.upperBound
        }
        return true
    }

    /// The column of the value on this line for a finding on `point`: the first action after the key.
    func column(for point: RenderedText.Point, renderedLine: String) -> Int {
        if case .key(let key)? = point.steps.last, let range = text.firstRange(of: key + ":") {
            let after = text[range.upperBound...]
            if let open = after.firstRange(of: "{{") { return text.distance(from: text.startIndex, to: open.lowerBound) + 1 }
            if let first = after.firstIndex(where: { $0 != " " }) { return text.distance(from: text.startIndex, to: first) + 1 }
        }
        return (text.firstIndex { $0 != " " }.map { text.distance(from: text.startIndex, to: $0) } ?? 0) + 1
    }

    static func valuesReferences(_ action: String) -> [[String]] {
        var found: [[String]] = []
        var rest = Substring(action)
        while let range = rest.firstRange(of: ".Values.") {
            let before = rest[rest.startIndex..<range.lowerBound].last
            rest = rest[range.upperBound...]
            // `$.Values.x` and ` .Values.x`, not `.Values` inside a longer name.
            guard before == nil || before == " " || before == "$" || before == "(" || before == "\t" else { continue }
            let path = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }
            let keys = path.split(separator: ".", omittingEmptySubsequences: true).map(String.init)
            if !keys.isEmpty { found.append(keys) }
        }
        return found
    }
}
