/// M002: a rule plugin (`plugins:` in `.lint.yml`) could not run or answered outside the protocol.
/// The engine reports it, at the plugin's entry, because only the engine starts plugins.
public struct PluginFailedRule: Rule {
    public static let description = RuleDescription(
        code: "M002", name: "plugin-failed", pack: "Meta", defaultSeverity: .error,
        summary: "A rule plugin could not run, or its answer broke the plugin protocol.",
        rationale: """
            A plugin's rules are checks the team relies on. When its program is missing, crashes, \
            runs past its time limit, writes something that is not the protocol's JSON, or claims a \
            code that memlint's own rules (or another plugin) use, none of its findings can be trusted, \
            and a run that passed quietly would say those checks passed. memlint reports it once, at the \
            plugin's entry in `.lint.yml`, with what the program said on stderr, and goes on with the \
            rest of the run. The same finding names a `rules:` entry in `.lint.yml` that matches no \
            rule of memlint or of any plugin. It is an error by default, so a CI gate notices.
            """,
        fix: """
            Run the plugin's command by hand with the request on stdin (`memlint explain --format json` \
            prints the containers it gets; docs/custom-rules.md gives the protocol), fix what it reports, \
            or raise its `timeout:`. `--no-plugins` runs memlint without plugins.
            """,
        triggering: [],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                    - name: app
                      resources: {limits: {memory: 256Mi}}
                """),
        ])

    public init() {}
}
