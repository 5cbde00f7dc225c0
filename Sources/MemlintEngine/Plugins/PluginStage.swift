import MemlintResolution
import MemlintSource

/// Runs the configured rule plugins once each, over every container of the run, and turns their
/// answers into findings: each plugin rule is selected like a built-in one, each finding placed
/// at the value its handle names. Whatever goes wrong becomes an M002 finding at the plugin's
/// entry in `.lint.yml`; the other plugins and the rest of the run go on.
public struct PluginStage {
    struct Outcome: Sendable {
        var diagnostics: [Diagnostic] = []
        /// Every rule the plugins described and memlint accepted.
        var rules: [RuleDescription] = []
        /// The rules of those that run, with the severity they run at.
        var enabled: [RuleDescription] = []
        /// `--select` / `--ignore` selectors that named no rule at all, once every plugin answered.
        var unmatchedSelectors: [(option: String, selector: String)] = []
    }

    let plugins: [PluginSpec]
    let settings: RuleSettings
    let configuration: Configuration?
    /// Codes and names already taken: memlint's rules and `customRules`.
    let taken: [RuleDescription]

    /// `subjects`: the model of every container of the run (each knows its container).
    func run(_ subjects: [ContainerModel], jobs: Int) -> Outcome {
        let ids = subjects.indices.map { "c\($0)" }
        let containers = zip(ids, subjects).map { id, subject in subject.json(id: id) }
        let answers = parallelMap(plugins, jobs: max(1, min(jobs, plugins.count))) { plugin in
            PluginCall.ask(plugin, PluginProtocol.Request(request: "check", plugin: plugin.name, containers: containers))
        }
        let byID = Dictionary(uniqueKeysWithValues: zip(ids, subjects))
        var outcome = Outcome()
        var ledger = RuleLedger(taken: taken)
        var everyPluginAnswered = true
        for (plugin, answer) in zip(plugins, answers) {
            let answered: PluginProtocol.Answer
            switch answer {
            case .failure(let failure):
                outcome.diagnostics += failed(plugin, failure.message)
                everyPluginAnswered = false
                continue
            case .success(let value): answered = value
            }
            // Each accepted rule with the severity it runs at (nil: off) and whether `.lint.yml` set it.
            var accepted: [String: (description: RuleDescription, severity: Severity?, configured: Bool)] = [:]
            for info in answered.rules {
                let code = info.code
                let description: RuleDescription
                switch ledger.admit(info, of: plugin) {
                case .success(let admitted): description = admitted
                case .failure(let failure):
                    outcome.diagnostics += failed(plugin, failure.message + "; its findings are dropped")
                    continue
                }
                let override = configuration?.pluginRuleOverrides.last { $0.selector == code || $0.selector == info.name }?.override
                let severity = RuleSelection.severity(of: description, settings: settings, override: override)
                accepted[code] = (description, severity, override?.severity != nil)
                outcome.rules.append(description)
                if severity != nil { outcome.enabled.append(description) }
            }
            var reported = Set<String>()
            for finding in answered.diagnostics ?? [] {
                guard let rule = accepted[finding.code] else {
                    // A rule dropped above was already reported; a code never described is new.
                    if !answered.rules.contains(where: { $0.code == finding.code }), reported.insert("code \(finding.code)").inserted {
                        outcome.diagnostics += failed(plugin, "plugin '\(plugin.name)' reported \(finding.code), a rule it did not describe")
                    }
                    continue
                }
                guard var severity = rule.severity else { continue }
                // The finding's own severity, unless `.lint.yml` set the rule's.
                if !rule.configured, let own = finding.severity.flatMap({ Severity(name: $0) }) { severity = own }
                switch Self.diagnostic(finding, rule: rule.description, severity: severity, subjects: byID) {
                case .success(let diagnostic): outcome.diagnostics.append(diagnostic)
                case .failure(let failure):
                    if reported.insert(failure.message).inserted {
                        outcome.diagnostics += failed(plugin, "plugin '\(plugin.name)' reported \(finding.code) \(failure.message)")
                    }
                }
            }
        }
        guard everyPluginAnswered else { return outcome }
        // Only now can a selector be known to name nothing.
        outcome.unmatchedSelectors = settings.deferredSelectors.filter { pair in !outcome.rules.contains { RuleSelection.names(pair.selector, $0) } }
        for entry in configuration?.pluginRuleOverrides ?? [] where !outcome.rules.contains(where: { $0.code == entry.selector || $0.name == entry.selector }) {
            guard let severity = failureSeverity else { break }
            let known = plugins.map { "'\($0.name)'" }.joined(separator: ", ")
            outcome.diagnostics.append(Diagnostic(
                code: PluginFailedRule.description.code, name: PluginFailedRule.description.name, severity: severity,
                message: "rules: '\(entry.selector)' names no rule of memlint or of its plugins (\(known))",
                location: entry.at, fix: "correct the code or name; `memlint rules` lists every rule, the plugins' included"))
        }
        return outcome
    }

    /// What `memlint rules` lists: each plugin's rules (a `describe` request, no containers), and
    /// a sentence for each plugin that could not answer or described a rule memlint refuses.
    public static func describe(_ plugins: [PluginSpec], taken: [RuleDescription]) -> (rules: [RuleDescription], failures: [String]) {
        var rules: [RuleDescription] = [], failures: [String] = []
        var ledger = RuleLedger(taken: taken)
        for plugin in plugins {
            switch PluginCall.ask(plugin, PluginProtocol.Request(request: "describe", plugin: plugin.name, containers: [])) {
            case .failure(let failure): failures.append(failure.message)
            case .success(let answer):
                for info in answer.rules {
                    switch ledger.admit(info, of: plugin) {
                    case .success(let description): rules.append(description)
                    case .failure(let failure): failures.append(failure.message)
                    }
                }
            }
        }
        return (rules, failures)
    }

    /// M002's severity in this run, nil only when `.lint.yml` or `--ignore` switches it off: a
    /// `--select` that does not name it must not hide a plugin that did not run.
    private var failureSeverity: Severity? {
        let description = PluginFailedRule.description
        if let entry = settings.entries.first(where: { $0.rule == PluginFailedRule.self }) { return entry.severity }
        let ignored = settings.ignore.contains { description.code.hasPrefix($0) || $0 == description.name }
        if ignored || configuration?.rules[description.code]?.enabled == false { return nil }
        return configuration?.rules[description.code]?.severity ?? description.defaultSeverity
    }

    private func failed(_ plugin: PluginSpec, _ message: String) -> [Diagnostic] {
        guard let severity = failureSeverity else { return [] }
        return [Diagnostic(code: PluginFailedRule.description.code, name: PluginFailedRule.description.name,
                           severity: severity, message: message, location: plugin.definedAt,
                           fix: "run `\(plugin.command.joined(separator: " "))` by hand on the request (docs/custom-rules.md), or check with --no-plugins")]
    }

    /// A finding at the place its handle names, about the container the handle belongs to.
    static func diagnostic(_ finding: PluginProtocol.Finding, rule: RuleDescription, severity: Severity,
                           subjects: [String: ContainerModel]) -> Result<Diagnostic, PluginFailure> {
        func place(_ handle: String) -> (id: String, location: SourceLocation?)? {
            let parts = handle.split(separator: "#", maxSplits: 1).map(String.init)
            guard let id = parts.first, let subject = subjects[id] else { return nil }
            let field = parts.count > 1 ? parts[1].split(separator: ".").map(String.init) : []
            return (id, subject.position(of: field))
        }
        guard let (id, location) = place(finding.at), let subject = subjects[id] else {
            return .failure(PluginFailure("at '\(finding.at)', a handle that names no container of the request"))
        }
        var related: [RelatedLocation] = []
        for item in finding.related ?? [] {
            // Any container's: a rule over several containers points at the others.
            guard let (_, where_) = place(item.at), let where_ else {
                return .failure(PluginFailure("with related '\(item.at)', a handle that names no container of the request"))
            }
            related.append(RelatedLocation(where_, item.message))
        }
        let resolved = subject.resolved
        var sink = DiagnosticSink(description: rule, severity: finding.severity.flatMap { Severity(name: $0) } ?? severity,
                                  path: resolved.path, container: resolved)
        let fallback = SourceLocation(path: resolved.path, span: resolved.spec.name?.span ?? resolved.spec.span)
        sink.report(finding.message, at: location ?? fallback, related: related, fix: finding.fix ?? (rule.fix.isEmpty ? nil : rule.fix))
        return .success(sink.diagnostics[0])
    }
}

/// The codes and names taken so far in a run: memlint's, the custom rules', and those of the
/// plugins admitted before. A plugin may not reuse any, nor a prefix of memlint's own packs.
struct RuleLedger {
    private var codes: Set<String>
    private var names: Set<String>
    private let prefixes: Set<String>

    init(taken: [RuleDescription]) {
        codes = Set(taken.map(\.code))
        names = Set(taken.map(\.name))
        prefixes = Set(taken.filter { !$0.pack.hasPrefix("Custom") }.map { String($0.code.prefix { $0.isLetter }) })
    }

    /// The rule as memlint will run it, or why it is refused.
    mutating func admit(_ info: PluginProtocol.RuleInfo, of plugin: PluginSpec) -> Result<RuleDescription, PluginFailure> {
        if let problem = problem(with: info) {
            return .failure(PluginFailure("plugin '\(plugin.name)' describes rule \(info.code): \(problem)"))
        }
        codes.insert(info.code)
        names.insert(info.name)
        return .success(RuleDescription(
            code: info.code, name: info.name, pack: "Plugin \(plugin.name)",
            defaultSeverity: info.severity.flatMap { Severity(name: $0) } ?? .warning,
            summary: info.summary, rationale: info.rationale ?? info.summary, fix: info.fix ?? "",
            references: info.references ?? [], triggering: [], nonTriggering: []))
    }

    private func problem(with info: PluginProtocol.RuleInfo) -> String? {
        let code = info.code
        let letters = String(code.prefix { $0.isLetter })
        if !RuleDescription.isWellFormedCode(code) {
            return "a code is capital letters then digits, like ACME010"
        }
        if codes.contains(code) { return "the code is already a rule's" }
        if prefixes.contains(letters) { return "the code uses the prefix of memlint's own \(letters) rules" }
        if !RuleDescription.isWellFormedName(info.name) {
            return "a name is lowercase words joined by '-'; got '\(info.name)'"
        }
        if names.contains(info.name) { return "the name \(info.name) is already a rule's" }
        if let severity = info.severity, Severity(name: severity) == nil { return "severity must be error, warning or note; got '\(severity)'" }
        return nil
    }
}
