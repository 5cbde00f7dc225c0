import MemlintEngine

struct HelmChartNotRenderedRule: FileRule {
    static let description = RuleDescription(
        code: "E007", name: "helm-chart-not-rendered", pack: "Core", defaultSeverity: .note,
        summary: "A Helm chart's templates were not checked: they are Go templates, and memlint does not render charts yet.",
        rationale: """
            The files under a chart's `templates/` (and the subcharts under `charts/`) are Go templates: \
            parsed as YAML they are a wall of syntax errors, and what they deploy depends on the values. \
            memlint sets them aside — one note per chart, at its `Chart.yaml`, instead of an E001 per \
            template — and checks the chart's rendering when you give it one. Rendering charts with \
            `helm template` inside memlint, with findings placed at the template and values lines, is \
            planned.
            """,
        fix: "Lint the rendering: `helm template RELEASE CHART -f values.yaml | memlint check -`.",
        references: ["https://helm.sh/docs/helm/helm_template/"],
        triggering: [
            Example(files: [
                ("payments/Chart.yaml", "↓apiVersion: v2\nname: payments\nversion: 1.4.0\n"),
                ("payments/templates/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"payments.fullname\" . }}\n"),
            ]).skipping(.multiDocument),  // the note is about the file, placed at its first line
        ],
        nonTriggering: [
            Example(files: [
                ("payments/values.yaml", "resources:\n  limits: {memory: 512Mi}\n"),
                ("payments/rendered.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: payments}\n"),
            ]),
        ])

    func check(_ file: FileContext, _ sink: inout DiagnosticSink) {
        guard let skipped = file.helmTemplatesSkipped else { return }
        let folder = file.path.hasSuffix("Chart.yaml") ? String(file.path.dropLast("Chart.yaml".count)) : file.path
        let chart = folder.isEmpty ? "." : String(folder.dropLast(folder.hasSuffix("/") ? 1 : 0))
        sink.report("Helm chart '\(chart)' not rendered: \(skipped) template file\(skipped == 1 ? " was" : "s were") set aside, not checked; memlint does not render charts yet",
                    at: Span(start: Mark(line: file.firstContentLine, column: 1, offset: 0), end: Mark(line: file.firstContentLine, column: 1, offset: 0)), fix: "helm template RELEASE \(chart) | memlint check -")
    }
}
