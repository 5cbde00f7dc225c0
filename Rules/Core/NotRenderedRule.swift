import MemlintEngine

struct NotRenderedRule: FileRule {
    static let description = RuleDescription(
        code: "E007", name: "not-rendered", pack: "Core", defaultSeverity: .note,
        summary: "A Helm chart or kustomization could not be rendered, so what it deploys was not checked.",
        rationale: """
            Teams deploy a chart's rendering or an overlay's build, not the files as written: chart \
            templates are Go templates (parsed as YAML, a wall of syntax errors), and a base alone is \
            not what runs. memlint renders both with the real tools (`helm template`, `kustomize build` \
            or `kubectl kustomize`) and lints the result. When a tool is missing, or a chart's \
            dependencies are not vendored under `charts/` (memlint never runs `helm dependency build`: \
            it needs the network), the chart or kustomization gets this one note instead: its templates \
            are set aside, a kustomization's files are linted one by one. The exit code is not affected \
            unless `.lint.yml` sets `render.helm.required` or `render.kustomize.required` (then E008).
            """,
        fix: "Install helm / kubectl (or set `render.<tool>.command`), vendor the chart's dependencies, or pipe a rendering into `memlint check -`.",
        references: ["https://helm.sh/docs/helm/helm_template/", "https://kubectl.docs.kubernetes.io/references/kustomize/cmd/build/"],
        triggering: [
            Example(files: [
                ("payments/Chart.yaml", "↓apiVersion: v2\nname: payments\nversion: 1.4.0\n"),
                ("payments/templates/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"payments.fullname\" . }}\n"),
            ]).skipping(.multiDocument),  // the note is about the file, placed at its first line
            Example(files: [
                ("overlays/prod/kustomization.yaml", "↓resources:\n  - deployment.yaml\n"),
                ("overlays/prod/deployment.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n"),
            ]).skipping(.multiDocument),
        ],
        nonTriggering: [
            Example(files: [
                ("payments/values.yaml", "resources:\n  limits: {memory: 512Mi}\n"),
                ("payments/rendered.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: payments}\n"),
            ]),
        ])

    func check(_ file: FileContext, _ sink: inout DiagnosticSink) {
        for problem in file.renderProblems where problem.kind == .notRendered {
            sink.report(problem.message, at: problem.location, fix: problem.fix)
        }
    }
}
