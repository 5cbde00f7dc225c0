/// Turns the configuration and `--select` / `--ignore` into the rules that run.
///
/// Start from every rule, or from those `--select` names (ruff's semantics: codes, names, or
/// prefixes such as `K8S` or `JVM00`); remove what `--ignore` names; then apply `.lint.yml`:
/// `off` removes a rule unless `--select` named it explicitly (the command line wins), a severity
/// or parameters change it.
public enum RuleSelection {
    public struct UnknownSelector: Error, CustomStringConvertible {
        public var selector: String
        public var option: String
        public var description: String { "\(option): '\(selector)' matches no rule code, prefix or name" }
    }

    /// With `plugins` on, a selector no built-in or custom rule matches may name a plugin's rule:
    /// it is kept in `deferredSelectors` and judged once the plugins have described their rules.
    public static func settings(rules: [any Rule.Type], configuration: Configuration?, select: [String]?, ignore: [String],
                                plugins: Bool = false) throws -> RuleSettings {
        func matches(_ selector: String, _ rule: any Rule.Type) -> Bool {
            let d = rule.description
            return d.code == selector || d.name == selector || d.code.hasPrefix(selector)
        }
        let custom = configuration?.customRules ?? []
        func matchesCustom(_ selector: String, _ rule: CustomRule) -> Bool {
            let d = rule.description
            return d.code == selector || d.name == selector || d.code.hasPrefix(selector)
        }
        var deferred: [(String, String)] = []
        for (option, selectors) in [("--select", select ?? []), ("--ignore", ignore)] {
            for selector in selectors where !rules.contains(where: { matches(selector, $0) }) && !custom.contains(where: { matchesCustom(selector, $0) }) {
                guard plugins, !(configuration?.plugins.isEmpty ?? true) else { throw UnknownSelector(selector: selector, option: option) }
                deferred.append((option, selector))
            }
        }
        var entries: [RuleSettings.Entry] = []
        for rule in rules {
            let description = rule.description
            let parameters = ParameterValues(description.parameters, written: configuration?.rules[description.code]?.parameters ?? [:])
            let selected = select.map { list in list.contains { matches($0, rule) } } ?? true
            guard selected, !ignore.contains(where: { matches($0, rule) }) else { continue }
            let override = configuration?.rules[description.code]
            let explicitlySelected = select?.contains { $0 == description.code || $0 == description.name } ?? false
            if override?.enabled == false && !explicitlySelected { continue }
            entries.append(RuleSettings.Entry(
                rule: rule, severity: override?.severity ?? description.defaultSeverity,
                parameters: parameters))
        }
        var settings = RuleSettings(entries: entries)
        settings.select = select
        settings.ignore = ignore
        settings.deferredSelectors = deferred
        for rule in custom {
            let description = rule.description
            let selected = select.map { list in list.contains { matchesCustom($0, rule) } } ?? true
            guard selected, !ignore.contains(where: { matchesCustom($0, rule) }) else { continue }
            let override = configuration?.rules[description.code]
            let explicitlySelected = select?.contains { $0 == description.code || $0 == description.name } ?? false
            if override?.enabled == false && !explicitlySelected { continue }
            settings.customEntries.append((rule, override?.severity ?? description.defaultSeverity))
        }
        return settings
    }

    /// The severity a plugin's rule runs at, or nil when it is not selected or switched off, by
    /// the same steps as built-in rules; `override` is its `rules:` entry in `.lint.yml`.
    static func severity(of description: RuleDescription, settings: RuleSettings, override: RuleOverride?) -> Severity? {
        func matches(_ selector: String) -> Bool {
            description.code == selector || description.name == selector || description.code.hasPrefix(selector)
        }
        let selected = settings.select.map { $0.contains(where: matches) } ?? true
        guard selected, !settings.ignore.contains(where: matches) else { return nil }
        let explicitlySelected = settings.select?.contains { $0 == description.code || $0 == description.name } ?? false
        if override?.enabled == false && !explicitlySelected { return nil }
        return override?.severity ?? description.defaultSeverity
    }
}
