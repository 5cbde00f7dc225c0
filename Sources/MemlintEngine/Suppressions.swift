import FoundationEssentials
import MemlintDockerfile
import MemlintKubernetes
import MemlintYAML

/// A place where a user silenced findings: a `# memlint:ignore CODE` comment, or an
/// `ignore-check.memlint.io/<CODE-or-name>` annotation (kube-linter's pattern).
public struct Suppression: Sendable {
    public enum Kind: String, Sendable { case comment, annotation }
    public enum Scope: Sendable {
        /// Findings whose primary location starts on one of these lines of the file.
        case lines(ClosedRange<Int>)
        /// Findings inside this object, or about its containers wherever they point.
        case object(span: Span, workload: String)
    }

    public var kind: Kind
    /// Codes or names, as written.
    public var selectors: [String]
    public var reason: String?
    /// Where the suppression is written (its M001 points here).
    public var location: SourceLocation
    public var scope: Scope
    /// An annotation on a pod template: removing it changes the template, which rolls the pods.
    public var onPodTemplate = false
}

/// A finding that a suppression silenced: kept for SARIF (`suppressions`) and the summary count.
public struct SuppressedDiagnostic: Sendable {
    public var diagnostic: Diagnostic
    public var suppression: Suppression
}

enum SuppressionFinder {
    static let commentWord = "memlint:ignore"
    static let annotationPrefix = "ignore-check.memlint.io/"

    static func comments(in text: SourceText, documents scalarRanges: [Range<Int>], path: String) -> [Suppression] {
        CommentScanner.directives(commentWord, in: text, excluding: scalarRanges).map { directive in
            var words = directive.arguments.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            let codes = words.isEmpty ? [] : words.removeFirst().split(separator: ",").map { String($0).trimmingBlanks() }.filter { !$0.isEmpty }
            let reason = words.joined(separator: " ")
            let location = SourceLocation(path: path, span: Span(start: directive.mark, end: directive.mark))
            return Suppression(kind: .comment, selectors: codes, reason: reason.isEmpty ? nil : reason,
                               location: location, scope: .lines(directive.targetLine...directive.targetLine))
        }
    }

    /// hadolint's form, on the line above an instruction: `# memlint ignore=JVM001,JVM003 reason`.
    /// It covers every line of that instruction (continuation lines included).
    static func dockerfileComments(in file: Dockerfile) -> [Suppression] {
        var result: [Suppression] = []
        for comment in file.comments where comment.text.hasPrefix("memlint ignore=") || comment.text.hasPrefix("memlint ignore =") {
            let body = comment.text.drop { $0 != "=" }.dropFirst().drop { $0 == " " }
            let codes = body.prefix { $0 != " " && $0 != "\t" }.split(separator: ",").map(String.init)
            let reason = body.drop { $0 != " " && $0 != "\t" }.trimmingBlanks()
            let next = file.instructions.first { $0.span.start.line > comment.mark.line }
            let lines = next.map { Int($0.span.start.line)...Int($0.span.end.line) } ?? Int(comment.mark.line + 1)...Int(comment.mark.line + 1)
            result.append(Suppression(
                kind: .comment, selectors: codes, reason: reason.isEmpty ? nil : reason,
                location: SourceLocation(path: file.path, span: Span(start: comment.mark, end: comment.mark)),
                scope: .lines(lines)))
        }
        return result
    }

    static func annotations(in manifest: ManifestFile, path: String) -> [Suppression] {
        var result: [Suppression] = []
        func collect(_ annotations: [String: Located<String>], meta: ObjectMeta, onPodTemplate: Bool) {
            for (key, value) in annotations.sorted(by: { $0.key < $1.key }) where key.hasPrefix(annotationPrefix) {
                let selector = String(key.dropFirst(annotationPrefix.count))
                result.append(Suppression(
                    kind: .annotation, selectors: [selector], reason: value.value.isEmpty ? nil : value.value,
                    location: SourceLocation(path: path, span: value.span),
                    scope: .object(span: meta.span, workload: meta.displayName), onPodTemplate: onPodTemplate))
            }
        }
        for object in manifest.objects { collect(object.annotations, meta: object, onPodTemplate: false) }
        for workload in manifest.workloads { collect(workload.templateAnnotations, meta: workload.meta, onPodTemplate: true) }
        return result
    }
}

/// Applies suppressions to findings and reports the ones that silenced nothing.
struct SuppressionMatcher {
    private let byPath: [String: [Suppression]]
    /// Annotation suppressions by "path of the workload \0 Kind/name", for findings about a
    /// workload's containers that point into another file (a Dockerfile).
    private let byWorkload: [String: [Suppression]]
    private let enabledCodes: Set<String>
    private let codesBySelector: [String: String]

    init(_ suppressions: [Suppression], settings: RuleSettings, allRules: [any Rule.Type],
         pluginRules: [RuleDescription] = [], enabledPluginRules: [RuleDescription] = []) {
        byPath = Dictionary(grouping: suppressions, by: \.location.path)
        var byWorkload: [String: [Suppression]] = [:]
        for suppression in suppressions {
            if case .object(_, let workload) = suppression.scope {
                byWorkload[suppression.location.path + "\u{0}" + workload, default: []].append(suppression)
            }
        }
        self.byWorkload = byWorkload
        enabledCodes = Set((settings.descriptions + enabledPluginRules).map(\.code))
        var codes: [String: String] = [:]
        for description in allRules.map({ $0.description }) + settings.customEntries.map(\.rule.description) + pluginRules {
            codes[description.name] = description.code
            codes[description.code] = description.code
        }
        codesBySelector = codes
    }

    func code(for selector: String) -> String? { codesBySelector[selector] }

    /// Splits findings into kept and suppressed; `unused` lists the (suppression, selector) pairs
    /// that silenced nothing although their rule ran (or that name no rule at all).
    func apply(_ diagnostics: [Diagnostic]) -> (kept: [Diagnostic], suppressed: [SuppressedDiagnostic], unused: [(Suppression, String)]) {
        var used = Set<String>()
        var kept: [Diagnostic] = []
        var suppressed: [SuppressedDiagnostic] = []
        for diagnostic in diagnostics {
            // A finding moved from a rendering to its source is matched at both places.
            var match = suppression(of: diagnostic)
            if match == nil, let rendered = diagnostic.renderedLocation {
                var there = diagnostic
                there.location = rendered
                match = suppression(of: there)
            }
            guard let match else {
                kept.append(diagnostic)
                continue
            }
            for selector in match.selectors where code(for: selector) == diagnostic.code {
                used.insert(Self.key(match, selector))
            }
            suppressed.append(SuppressedDiagnostic(diagnostic: diagnostic, suppression: match))
        }
        var unused: [(Suppression, String)] = []
        for path in byPath.keys.sorted() {
            for suppression in byPath[path]! {
                if suppression.selectors.isEmpty { unused.append((suppression, "")) }
                for selector in suppression.selectors where !used.contains(Self.key(suppression, selector)) {
                    // A suppression of a rule that did not run in this invocation cannot be judged.
                    if let code = code(for: selector), !enabledCodes.contains(code) { continue }
                    unused.append((suppression, selector))
                }
            }
        }
        return (kept, suppressed, unused)
    }

    /// The suppression that covers the finding where it is, if any.
    private func suppression(of diagnostic: Diagnostic) -> Suppression? {
        var candidates = byPath[diagnostic.location.path] ?? []
        if let workload = diagnostic.workload, let path = diagnostic.workloadPath, path != diagnostic.location.path {
            candidates += byWorkload[path + "\u{0}" + workload] ?? []
        }
        return candidates.first { suppression in
            covers(suppression, diagnostic) && suppression.selectors.contains { code(for: $0) == diagnostic.code }
        }
    }

    private static func key(_ s: Suppression, _ selector: String) -> String {
        "\(s.location.path)\u{0}\(s.location.span.start.line):\(s.location.span.start.column)\u{0}\(selector)"
    }

    private func covers(_ suppression: Suppression, _ diagnostic: Diagnostic) -> Bool {
        let start = diagnostic.location.span.start
        switch suppression.scope {
        case .lines(let lines):
            return suppression.location.path == diagnostic.location.path && lines.contains(Int(start.line))
        case .object(let span, let workload):
            if suppression.location.path == diagnostic.location.path, span.start <= start, start < span.end { return true }
            return diagnostic.workload == workload && diagnostic.workloadPath == suppression.location.path
        }
    }
}
