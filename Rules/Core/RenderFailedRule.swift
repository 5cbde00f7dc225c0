import MemlintEngine

struct RenderFailedRule: FileRule {
    static let description = RuleDescription(
        code: "E008", name: "render-failed", pack: "Core", defaultSeverity: .error,
        summary: "Rendering a Helm chart or kustomization failed, or a renderer `.lint.yml` requires is missing.",
        rationale: """
            A chart that `helm template` cannot render, or an overlay that `kustomize build` rejects, \
            fails the deployment too — and nothing it would deploy was checked. The finding is placed \
            where the tool says the problem is (helm's `execution error at (chart/templates/x.yaml:2:9)`), \
            or at the kustomization entry that names a file that does not exist (found before the tool \
            runs), else at the chart's or kustomization's first line; the run goes on with the other \
            charts. A renderer that runs past the per-file time budget (`--file-timeout`) is stopped and \
            reported here. With `render.<tool>.required: true` a missing tool is this error, so CI cannot \
            pass without rendering.
            """,
        fix: "Fix what the tool names (a required value, a template error, a wrong path) and run memlint again.",
        references: ["https://helm.sh/docs/helm/helm_template/", "https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/resource/"],
        triggering: [
            Example(files: [
                ("overlays/prod/kustomization.yaml", "resources:\n  - ↓../base\n  - configmap.yaml\n"),
                ("overlays/prod/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n"),
            ]).skipping(.multiDocument),
        ],
        nonTriggering: [
            Example(files: [
                ("overlays/prod/kustomization.yaml", "resources:\n  - configmap.yaml\n"),
                ("overlays/prod/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n"),
            ]),
        ])

    func check(_ file: FileContext, _ sink: inout DiagnosticSink) {
        for problem in file.renderProblems where problem.kind == .failed {
            sink.report(problem.message, at: problem.location, fix: problem.fix)
        }
    }
}
