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
        let custom = configuration?.customRules ?? []
        let known = rules.map { $0.description } + custom.map(\.description)
        var deferred: [(String, String)] = []
        for (option, selectors) in [("--select", select ?? []), ("--ignore", ignore)] {
            for selector in selectors where !known.contains(where: { names(selector, $0) }) {
                guard plugins, !(configuration?.plugins.isEmpty ?? true) else { throw UnknownSelector(selector: selector, option: option) }
                deferred.append((option, selector))
            }
        }
        var settings = RuleSettings(entries: [])
        settings.select = select
        settings.ignore = ignore
        settings.deferredSelectors = deferred
        for rule in rules {
            let description = rule.description
            guard let severity = severity(of: description, settings: settings, override: configuration?.rules[description.code]) else { continue }
            let parameters = ParameterValues(description.parameters, written: configuration?.rules[description.code]?.parameters ?? [:])
            settings.entries.append(RuleSettings.Entry(rule: rule, severity: severity, parameters: parameters))
        }
        for rule in custom {
            guard let severity = severity(of: rule.description, settings: settings, override: configuration?.rules[rule.description.code]) else { continue }
            settings.customEntries.append((rule, severity))
        }
        return settings
    }

    /// True when `selector` names the rule: its code, its name, or a prefix of its code.
    static func names(_ selector: String, _ description: RuleDescription) -> Bool {
        description.code == selector || description.name == selector || description.code.hasPrefix(selector)
    }

    /// The severity a rule (built-in, custom or a plugin's) runs at, or nil when `--select` leaves
    /// it out, `--ignore` names it, or `.lint.yml` (`override`) switches it off and `--select` does
    /// not name it explicitly (the command line wins).
    static func severity(of description: RuleDescription, settings: RuleSettings, override: RuleOverride?) -> Severity? {
        let selected = settings.select.map { $0.contains { names($0, description) } } ?? true
        guard selected, !settings.ignore.contains(where: { names($0, description) }) else { return nil }
        let explicitlySelected = settings.select?.contains { $0 == description.code || $0 == description.name } ?? false
        if override?.enabled == false && !explicitlySelected { return nil }
        return override?.severity ?? description.defaultSeverity
    }
}
