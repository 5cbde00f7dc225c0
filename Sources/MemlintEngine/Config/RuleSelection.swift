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

    public static func settings(rules: [any Rule.Type], configuration: Configuration?, select: [String]?, ignore: [String]) throws -> RuleSettings {
        func matches(_ selector: String, _ rule: any Rule.Type) -> Bool {
            let d = rule.description
            return d.code == selector || d.name == selector || d.code.hasPrefix(selector)
        }
        let custom = configuration?.customRules ?? []
        func matchesCustom(_ selector: String, _ rule: CustomRule) -> Bool {
            let d = rule.description
            return d.code == selector || d.name == selector || d.code.hasPrefix(selector)
        }
        for (option, selectors) in [("--select", select ?? []), ("--ignore", ignore)] {
            for selector in selectors where !rules.contains(where: { matches(selector, $0) }) && !custom.contains(where: { matchesCustom(selector, $0) }) {
                throw UnknownSelector(selector: selector, option: option)
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
}
