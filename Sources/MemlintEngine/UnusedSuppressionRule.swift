/// M001: the engine's own rule, emitted after suppressions are matched. It lives in the engine
/// because no pack can know which suppressions the others used.
public struct UnusedSuppressionRule: Rule {
    public static let description = RuleDescription(
        code: "M001", name: "unused-suppression", pack: "Meta", defaultSeverity: .note,
        summary: "A suppression comment or annotation silences nothing, or names no known rule.",
        rationale: """
            Suppressions outlive the problems they hid: a limit gets fixed, a rule's code is mistyped, \
            and the `# memlint:ignore` stays, ready to hide the next real finding on that line. \
            Reporting stale ones keeps them honest, like ruff's unused-noqa and SwiftLint's \
            superfluous-disable-command. A suppression for a rule that is switched off in this run \
            (by `.lint.yml`, `--select` or `--ignore`) is not reported, since it could not be judged.
            """,
        fix: """
            Remove the suppression, or correct the rule code it names. `--fix` removes a comment (safe) or \
            an object's annotation (safe; on a pod template unsafe, since a changed template rolls the \
            pods) whose every code is known and unused; a name no rule has gets no automatic fix.
            """,
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                    - name: app
                      resources:
                        ↓# memlint:ignore K8S002 the request is fine now
                        requests: {memory: 128Mi}
                        limits: {memory: 256Mi}   ↓# memlint:ignore K8S003
                """).skipping(.suppressed)  // M001 itself is not suppressible
                .fixed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                    - name: app
                      resources:
                        requests: {memory: 128Mi}
                        limits: {memory: 256Mi}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: p
                  annotations:
                    ignore-check.memlint.io/memory-limit-misssing: ↓"typo in the name"
                spec:
                  containers:
                    - name: app
                      resources: {limits: {memory: 256Mi}}
                """).skipping(.suppressed),
            Example("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: api
                  annotations:
                    owner: 플랫폼팀
                    ignore-check.memlint.io/K8S002: ↓"request lowered in OPS-12"
                spec:
                  template:
                    metadata:
                      annotations: {team: payments, ignore-check.memlint.io/K8S004: ↓"old 256m typo"}
                    spec:
                      containers:
                        - name: api
                          resources: {limits: {memory: 256Mi}}
                """).skipping(.suppressed)
                .fixed("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: api
                  annotations:
                    owner: 플랫폼팀
                spec:
                  template:
                    metadata:
                      annotations: {team: payments}
                    spec:
                      containers:
                        - name: api
                          resources: {limits: {memory: 256Mi}}
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: p
                  annotations:
                    ignore-check.memlint.io/K8S001: "debug pod, deleted after use"
                spec:
                  containers:
                    - name: debug
                      image: busybox:1.36
                    - name: app
                      resources:
                        requests: {memory: 1Gi}   # memlint:ignore K8S002 tracked in OPS-123
                        limits: {memory: 512Mi}
                """),
        ])

    public init() {}

    static func diagnostic(_ suppression: Suppression, _ selector: String, matcher: SuppressionMatcher, severity: Severity,
                           edit: Fix? = nil) -> Diagnostic {
        let message: String
        if selector.isEmpty {
            message = "memlint:ignore names no rule; write the codes to silence, e.g. # memlint:ignore K8S001"
        } else if matcher.code(for: selector) == nil {
            message = "suppression names unknown rule '\(selector)'"
        } else {
            let what = suppression.kind == .comment ? "line \(targetLine(suppression))" : "this object"
            message = "suppression of \(selector) matches no finding on \(what)"
        }
        return Diagnostic(code: description.code, name: description.name, severity: severity, message: message,
                          location: suppression.location, fix: "remove the suppression", edit: edit)
    }

    /// Deletes a comment suppression that silences nothing (safe: a comment changes no behaviour): its
    /// whole line when it stands alone, else the comment and the spaces before it. `text` is the file's
    /// decoded UTF-8, as its marks count it.
    static func removal(_ suppression: Suppression, text: [UInt8]) -> Fix? {
        guard suppression.kind == .comment else { return annotationRemoval(suppression, text: text) }
        let start = suppression.location.span.start.offset
        guard start < text.count, text[start] == UInt8(ascii: "#") else { return nil }
        var lineStart = start
        while lineStart > 0, text[lineStart - 1] != 0x0A { lineStart -= 1 }
        var lineEnd = start
        while lineEnd < text.count, text[lineEnd] != 0x0A { lineEnd += 1 }
        let before = text[lineStart..<start]
        let range: Range<Int>
        if before.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            range = lineStart..<min(text.count, lineEnd + 1)
        } else {
            var from = start
            while from > lineStart, text[from - 1] == 0x20 || text[from - 1] == 0x09 { from -= 1 }
            let to = lineEnd > start && text[lineEnd - 1] == 0x0D ? lineEnd - 1 : lineEnd
            range = from..<to
        }
        let line = Int(suppression.location.span.start.line)
        let startMark = Mark(line: line, column: 1 + (range.lowerBound - lineStart), offset: range.lowerBound)
        let endMark = Mark(line: line, column: 1 + (range.upperBound - lineStart), offset: range.upperBound)
        return Fix(.safe, "remove the suppression", edits: [Fix.Edit(path: suppression.location.path, span: Span(start: startMark, end: endMark), replacement: "")])
    }

    /// Deletes an `ignore-check.memlint.io/…` annotation that silences nothing: its `key: value`
    /// entry, found from the value back to the key on the same line, with its line (block) or its
    /// comma (flow). Safe on an object's own metadata; unsafe on a pod template, where a changed
    /// annotation rolls the pods when the manifest is applied.
    static func annotationRemoval(_ suppression: Suppression, text: [UInt8]) -> Fix? {
        let span = suppression.location.span
        guard span.start.line == span.end.line, span.end.offset <= text.count else { return nil }
        let prefix = Array(SuppressionFinder.annotationPrefix.utf8)
        var lineStart = span.start.offset
        while lineStart > 0, text[lineStart - 1] != 0x0A { lineStart -= 1 }
        guard let keyStart = (lineStart...max(lineStart, span.start.offset - prefix.count)).last(where: { start in
            start + prefix.count <= span.start.offset && Array(text[start..<(start + prefix.count)]) == prefix
        }) else { return nil }
        // A quoted key starts at its quote.
        let entryStart = keyStart > lineStart && (text[keyStart - 1] == UInt8(ascii: "\"") || text[keyStart - 1] == UInt8(ascii: "'")) ? keyStart - 1 : keyStart
        let shift = span.start.offset - entryStart
        let entry = Span(start: Mark(line: Int(span.start.line), column: Int(span.start.column) - shift, offset: entryStart), end: span.end)
        guard let widened = SeparatedRemoval.widenEntry(entry, in: text) else { return nil }
        return Fix(suppression.onPodTemplate ? .unsafe : .safe, "remove the annotation",
                   edits: [Fix.Edit(path: suppression.location.path, span: widened, replacement: "")])
    }

    private static func targetLine(_ suppression: Suppression) -> Int {
        if case .lines(let lines) = suppression.scope { return lines.lowerBound }
        return Int(suppression.location.span.start.line)
    }
}

/// The engine's own rules, for the pack registry.
public let metaPack = RulePack(name: "Meta", codePrefix: "M", rules: [UnusedSuppressionRule.self, PluginFailedRule.self])
