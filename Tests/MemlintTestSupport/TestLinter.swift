import MemlintEngine
import MemlintPacks

/// The one way tests build a linter: the real registry (every pack, so runtime rules fire as in
/// a user's run), an optional configuration, every rule on unless settings say otherwise.
public enum TestLinter {
    public static func make(configuration: Configuration? = nil, settings: RuleSettings? = nil,
                            packs: [RulePack] = BuiltInPacks.all) -> Linter {
        Linter(settings: settings ?? RuleSettings(rules: packs.flatMap { $0.rules }), packs: packs, configuration: configuration)
    }

    /// Lints in-memory files (`name`, `text`); `jobs` > 1 exercises the parallel paths.
    public static func run(_ files: [(name: String, text: String)], configuration: Configuration? = nil, settings: RuleSettings? = nil,
                           jobs: Int = 1) -> LintResult {
        make(configuration: configuration, settings: settings)
            .run(files.map { InputFile(path: $0.name, contents: .bytes(Array($0.text.utf8))) }, jobs: jobs)
    }

    /// Lints one manifest named `name`.
    public static func run(yaml text: String, name: String = "m.yaml", configuration: Configuration? = nil,
                           settings: RuleSettings? = nil) -> LintResult {
        run([(name, text)], configuration: configuration, settings: settings)
    }

    /// Settings as `--select` / `--ignore` and `.lint.yml` would give them.
    public static func settings(configuration: Configuration? = nil, select: [String]? = nil, ignore: [String] = []) -> RuleSettings {
        (try? RuleSelection.settings(rules: BuiltInPacks.rules, configuration: configuration, select: select, ignore: ignore))
            ?? RuleSettings(rules: BuiltInPacks.rules)
    }
}
