import Foundation
import MemlintEngine
import MemlintPacks
import MemlintTestSupport
import Testing

/// Charts and kustomizations rendered with the real helm and kubectl, findings placed at the lines
/// that wrote them. In CI the tools must be there (`toolsArePresentInCI`).
@Suite struct RenderingTests {
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          template:
            spec:
              containers:
                - name: server
                  image: openjdk:17-jre
                  env:
                    - name: JAVA_TOOL_OPTIONS
                      value: "-Xmx300m"
                  resources:
                    limits: {memory: 512Mi}
        """

    @Test func toolsArePresentInCI() {
        guard RenderSupport.isCI else { return }
        #expect(RenderSupport.hasHelm, "CI must have helm: scripts/test runs scripts/get-helm")
        #expect(RenderSupport.hasKubectl, "CI must have kubectl (kustomize)")
    }

    @Test(.enabled(if: RenderSupport.hasKubectl))
    func overlayPatchesAreFoundByKindNameAndContainer() throws {
        let root = try RenderSupport.write([
            "base/kustomization.yaml": "resources: [deployment.yaml]\n",
            "base/deployment.yaml": Self.deployment,
            "prod/kustomization.yaml": """
                resources: [../base]
                namePrefix: prod-
                patches:
                  - path: heap.yaml
                  - path: limit.json.yaml
                    target: {kind: Deployment, name: api}
                """,
            // A strategic merge patch: found by kind, name and container name.
            "prod/heap.yaml": """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: api}
                spec:
                  template:
                    spec:
                      containers:
                        - name: server
                          env:
                            - name: JAVA_TOOL_OPTIONS
                              value: "-Xmx480m"   # 운영 힙
                """,
            // A JSON 6902 patch in a file: found by its path.
            "prod/limit.json.yaml": "- op: replace\n  path: /spec/template/spec/containers/0/resources/limits/memory\n  value: 500Mi\n",
        ])
        let result = try RenderSupport.lint(root)
        #expect(result.statistics.renderings.map { $0.hasSuffix("/prod@kustomize") } == [true])
        let jvm001 = try #require(result.diagnostics.first { $0.code == "JVM001" })
        #expect(RenderSupport.place(jvm001.location, in: root) == "prod/heap.yaml:11:23", "at -Xmx480m in the patch")
        #expect(jvm001.related.contains { RenderSupport.place($0.location, in: root) == "prod/limit.json.yaml:3:10" && $0.message == "limit set here" })
        #expect(jvm001.related.contains { $0.location.path.hasSuffix("prod@kustomize") })
        #expect(jvm001.workload == "Deployment/prod-api")
        // The base is linted through the overlay only.
        #expect(!result.diagnostics.contains { $0.workload == "Deployment/api" })
    }

    /// An env entry a fix adds on a kustomize rendering goes into the resource file that wrote the
    /// container, in that file's style; not when two overlays build on that file.
    @Test(.enabled(if: RenderSupport.hasKubectl))
    func anAddedEnvEntryGoesToTheResourceThatWroteTheContainer() throws {
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    spec:\n      containers:\n        - name: api   # 서버\n          image: golang:1.22\n          command: [/api]\n          env:\n            - name: PORT\n              value: \"8080\"\n          resources: {limits: {memory: 256Mi}}\n"
        let root = try RenderSupport.write(["app/kustomization.yaml": "resources: [deployment.yaml]\nnamePrefix: prod-\n", "app/deployment.yaml": deployment])
        let result = try RenderSupport.lint(root + "/app")
        let go001 = try #require(result.diagnostics.first { $0.code == "GO001" })
        let edit = try #require(go001.edit?.edits.first, "\(go001.fix ?? "")")
        #expect(RenderSupport.place(SourceLocation(path: edit.path, span: edit.span), in: root) == "app/deployment.yaml:14:1")
        #expect(edit.replacement == "            - name: GOMEMLIMIT\n              value: 230MiB\n")

        let shared = try RenderSupport.write([
            "base/kustomization.yaml": "resources: [deployment.yaml]\n", "base/deployment.yaml": deployment,
            "a/kustomization.yaml": "resources: [../base]\nnamePrefix: a-\n", "b/kustomization.yaml": "resources: [../base]\nnamePrefix: b-\n",
        ])
        let both = try RenderSupport.lint(shared)
        let findings = both.diagnostics.filter { $0.code == "GO001" }
        #expect(!findings.isEmpty && findings.allSatisfy { $0.edit == nil && $0.fix?.contains("included by several rendered overlays") == true },
                "\(findings.map { $0.fix ?? "" })")
    }

    /// A rendering's fixes reach the chart only where they replace text a values entry holds: an
    /// inserted env entry is shaped by the rendering, not the template, so it stays a suggestion;
    /// a removal placed in values.yaml still takes its separator with it.
    @Test(.enabled(if: RenderSupport.hasHelm))
    func chartFixesAreReplacementsOfValuesNeverInsertionsIntoTemplates() throws {
        let root = try RenderSupport.write([
            "chart/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
            "chart/values.yaml": "image: node:22-alpine\nmemory: 128Mi\njavaOpts: \"-Xmx300m -XX:MaxRAMPercentage=75\"   # 힙\n",
            "chart/templates/web.yaml": """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: {{ .Release.Name }}-web}
                spec:
                  template:
                    spec:
                      containers:
                      - name: web
                        image: {{ .Values.image }}
                        resources: {limits: {memory: {{ .Values.memory }}}}
                      - name: batch
                        image: eclipse-temurin:21-jre
                        command: [java, -jar, /app.jar]
                        env:
                        - name: JAVA_TOOL_OPTIONS
                          value: {{ .Values.javaOpts | quote }}
                        resources: {limits: {memory: 1Gi}}

                """,
        ])
        let result = try RenderSupport.lint(root)
        let node = try #require(result.diagnostics.first { $0.code == "NODE003" })
        #expect(node.edit == nil, "no insertion into a template: \(String(describing: node.edit))")
        #expect(node.fix?.contains("not fixed automatically") == true, "\(node.fix ?? "")")
        let ignored = try #require(result.diagnostics.first { $0.code == "JVM009" })
        let edit = try #require(ignored.edit?.edits.first)
        #expect(RenderSupport.place(SourceLocation(path: edit.path, span: edit.span), in: root) == "chart/values.yaml:3:20")
        let values = try String(contentsOfFile: root + "/chart/values.yaml", encoding: .utf8)
        let bytes = Array(values.utf8)
        #expect(String(decoding: bytes[..<edit.span.start.offset] + bytes[edit.span.end.offset...], as: UTF8.self)
                == "image: node:22-alpine\nmemory: 128Mi\njavaOpts: \"-Xmx300m\"   # 힙\n")
    }

    @Test(.enabled(if: RenderSupport.hasKubectl))
    func anImagesEntryIsWhereTheTagWasWritten() throws {
        // The images transformer writes the tag that makes the JDK too old to see the limit.
        let root = try RenderSupport.write([
            "base/kustomization.yaml": "resources: [deployment.yaml]\n",
            "base/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    spec:\n      containers:\n        - name: server\n          image: openjdk:17-jre\n          resources: {limits: {memory: 512Mi}}\n",
            "prod/kustomization.yaml": "resources: [../base]\nimages:\n  - name: openjdk\n    newTag: 8u181-jre\n",
        ])
        let result = try RenderSupport.lint(root)
        let jvm005 = try #require(result.diagnostics.first { $0.code == "JVM005" })
        #expect(RenderSupport.place(jvm005.location, in: root) == "prod/kustomization.yaml:4:13")
    }

    @Test(.enabled(if: RenderSupport.hasKubectl))
    func aBaseNoOverlayUsesIsRenderedOnItsOwn() throws {
        let root = try RenderSupport.write(["base/kustomization.yaml": "resources: [deployment.yaml]\n", "base/deployment.yaml": Self.deployment])
        let result = try RenderSupport.lint(root + "/base")
        #expect(result.statistics.renderings.count == 1)
        let finding = try #require(result.diagnostics.first { $0.code == "JVM005" || $0.code == "JVM007" || $0.code == "JVM001" || $0.code == "JVM006" })
        #expect(finding.location.path.hasSuffix("base/deployment.yaml"), "placed in the base resource: \(finding.location)")
    }

    @Test(.enabled(if: RenderSupport.hasHelm))
    func aValueReadTwiceWithTheSameTextStaysOnTheRendering() throws {
        // Two containers take equal limits from two keys: no line can be named for certain.
        let root = try RenderSupport.write([
            "chart/Chart.yaml": "apiVersion: v2\nname: twins\nversion: 0.1.0\n",
            "chart/values.yaml": "a: {memory: 64Mi}\nb: {memory: 64Mi}\n",
            "chart/templates/pod.yaml": """
                apiVersion: v1
                kind: Pod
                metadata: {name: twins}
                spec:
                  containers:
                    - name: a
                      image: node:20
                      resources:
                        limits:
                          memory: {{ .Values.a.memory }}
                    - name: b
                      image: node:20
                      resources:
                        limits:
                          memory: {{ .Values.b.memory }}
                """,
        ])
        let result = try RenderSupport.lint(root)
        let node = result.diagnostics.filter { $0.code == "NODE003" }
        #expect(node.count == 2)
        for finding in node {
            let related = finding.related.map { RenderSupport.place($0.location, in: root) }
            #expect(!finding.related.contains { $0.location.path.hasSuffix("values.yaml") && $0.message == "limit set here" }, "\(related)")
        }
        #expect(!result.diagnostics.contains { $0.location.path.hasSuffix("values.yaml") })
    }

    @Test(.enabled(if: RenderSupport.hasHelm))
    func helpersRangesAndConditionalsMapToTheirLines() throws {
        let root = try RenderSupport.write([
            "chart/Chart.yaml": "apiVersion: v2\nname: workers\nversion: 0.1.0\n",
            "chart/values.yaml": """
                # 작업자 목록
                workers:
                  - name: resize
                    heap: 900
                    memory: 1Gi
                  - name: thumbs
                    heap: 200
                    memory: 512Mi
                debug: false
                """,
            "chart/templates/_helpers.tpl": "{{- define \"workers.name\" -}}\n{{ .Release.Name }}-workers\n{{- end }}\n",
            "chart/templates/workers.yaml": """
                {{- range .Values.workers }}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ include "workers.name" $ }}-{{ .name }}
                spec:
                  template:
                    spec:
                      containers:
                        - name: {{ .name }}
                          image: node:20
                          command: ["node", "--max-old-space-size={{ .heap }}", "worker.js"]
                          resources:
                            limits:
                              memory: {{ .memory }}
                        {{- if $.Values.debug }}
                        - name: shell
                          image: busybox
                        {{- end }}
                {{- end }}
                """,
        ])
        let result = try RenderSupport.lint(root)
        #expect(!result.diagnostics.contains { $0.code == "E001" || $0.code == "E008" }, "\(result.diagnostics.map(\.message))")
        // The heap of 'resize' (900 of 1Gi) leaves too little: the finding is on the template's command line.
        let heap = result.diagnostics.filter { $0.code.hasPrefix("NODE") && $0.container == "resize" }
        #expect(!heap.isEmpty)
        for finding in heap {
            #expect(finding.location.path.hasSuffix("chart/templates/workers.yaml") || finding.location.path.hasSuffix("@helm"), "\(finding.location)")
        }
    }

    @Test(.enabled(if: RenderSupport.hasHelm))
    func suppressionsInValuesFilesApplyToTheFindingsPlacedThere() throws {
        let root = try RenderSupport.write([
            "chart/Chart.yaml": "apiVersion: v2\nname: orders\nversion: 0.1.0\n",
            "chart/values.yaml": "javaOpts: \"-Xmx480m\"   # memlint:ignore JVM001 measured under load\nlimit: 512Mi\n",
            "chart/templates/deployment.yaml": """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: orders}
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          image: eclipse-temurin:21-jre
                          env:
                            - name: JAVA_TOOL_OPTIONS
                              value: {{ .Values.javaOpts | quote }}
                          resources:
                            limits: {memory: {{ .Values.limit }}}
                """,
        ])
        let result = try RenderSupport.lint(root)
        #expect(!result.diagnostics.contains { $0.code == "JVM001" })
        let suppressed = try #require(result.suppressed.first { $0.diagnostic.code == "JVM001" })
        #expect(RenderSupport.place(suppressed.diagnostic.location, in: root) == "chart/values.yaml:1:12")
        #expect(!result.diagnostics.contains { $0.code == "M001" })
    }

    @Test func withoutToolsEachChartAndOverlayGetsOneNote() throws {
        let root = try RenderSupport.write([
            "chart/Chart.yaml": "# 차트\napiVersion: v2\nname: orders\nversion: 0.1.0\n",
            "chart/templates/a.yaml": "metadata:\n  name: {{ .Release.Name }}\n",
            "chart/templates/b.yaml": "{{- if .Values.x }}\nkind: ConfigMap\n{{- end }}\n",
            "base/kustomization.yaml": "resources: [deployment.yaml]\n",
            "base/deployment.yaml": Self.deployment,
            "prod/kustomization.yaml": "resources: [../base]\n",
        ])
        let result = try RenderSupport.lint(root, path: "/nonexistent")
        let notes = result.diagnostics.filter { $0.code == "E007" }.map { RenderSupport.place($0.location, in: root) }
        #expect(notes == ["chart/Chart.yaml:2:1", "prod/kustomization.yaml:1:1"])
        #expect(result.diagnostics.filter { $0.code == "E007" }.allSatisfy { $0.severity == .note })
        #expect(!result.diagnostics.contains { $0.code == "E001" })
        // Unrendered, the base's files are linted one by one.
        #expect(result.diagnostics.contains { $0.workload == "Deployment/api" })
    }

    @Test func aRequiredToolThatIsMissingIsAnError() throws {
        let root = try RenderSupport.write([
            ".lint.yml": "render:\n  helm: {required: true}\n",
            "chart/Chart.yaml": "apiVersion: v2\nname: orders\nversion: 0.1.0\n",
            "chart/templates/a.yaml": "kind: ConfigMap\n",
        ])
        let configuration = try ConfigLoader(packs: BuiltInPacks.all).load(path: root + "/.lint.yml", displayPath: ".lint.yml").get()
        let result = try RenderSupport.lint(root, configuration: configuration, path: "/nonexistent")
        let error = try #require(result.diagnostics.first { $0.code == "E008" })
        #expect(error.severity == .error)
        #expect(error.message.contains("render.helm.required"))
    }

    @Test func aHungRendererIsStoppedByTheTimeBudget() throws {
        let root = try RenderSupport.write([
            "bin/helm": "#!/bin/sh\nsleep 30\n",
            ".lint.yml": "render:\n  helm: {command: bin/helm}\n",
            "chart/Chart.yaml": "apiVersion: v2\nname: slow\nversion: 0.1.0\n",
            "chart/templates/a.yaml": "kind: ConfigMap\n",
        ])
        chmod(root + "/bin/helm", 0o755)
        let configuration = try ConfigLoader(packs: BuiltInPacks.all).load(path: root + "/.lint.yml", displayPath: ".lint.yml").get()
        var linter = TestLinter.make(configuration: configuration)
        linter.renderTools = RenderTools.find(configuration.render, path: "/nonexistent")
        linter.loader.timeBudget = 1_000_000_000
        let started = Date()
        let result = linter.run(try FileDiscovery().files(under: [root]), jobs: 2)
        #expect(Date().timeIntervalSince(started) < 15)
        let error = try #require(result.diagnostics.first { $0.code == "E008" })
        #expect(error.message.contains("ran longer than 1 s"))
    }

    @Test(.enabled(if: RenderSupport.hasHelm))
    func aLibraryChartIsANoteNotARenderFailure() throws {
        // helm template says "library charts are not installable": not the chart's fault.
        let root = try RenderSupport.write([
            "common/Chart.yaml": "apiVersion: v2\nname: common\ntype: library\nversion: 1.0.0\n",
            "common/templates/_labels.tpl": "{{- define \"common.labels\" -}}\napp: {{ .Chart.Name }}\n{{- end }}\n",
        ])
        let result = try RenderSupport.lint(root)
        #expect(!result.diagnostics.contains { $0.code == "E008" || $0.code == "E001" }, "\(result.diagnostics.map(\.message))")
        #expect(result.diagnostics.contains { $0.code == "E007" && $0.message.contains("library chart") })
    }

    @Test func missingDependenciesAndRemoteBasesAreNotesAtTheirLines() throws {
        let root = try RenderSupport.write([
            "chart/Chart.yaml": "apiVersion: v2\nname: gateway\nversion: 1.0.0\ndependencies:\n  - name: redis\n    version: 19.x.x\n  - name: common\n    version: 2.x.x\n",
            "chart/charts/common/Chart.yaml": "apiVersion: v2\nname: common\nversion: 2.0.0\n",
            "chart/templates/a.yaml": "kind: ConfigMap\n",
            "remote/kustomization.yaml": "resources:\n  - https://github.com/example/base?ref=v1\n  - local.yaml\n",
            "remote/local.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
        ])
        let result = try RenderSupport.lint(root)
        let notes = result.diagnostics.filter { $0.code == "E007" }
        #expect(notes.map { RenderSupport.place($0.location, in: root) }.sorted() == ["chart/Chart.yaml:5:11", "remote/kustomization.yaml:2:5"])
        #expect(notes.contains { $0.message.contains("dependency 'redis'") && !$0.message.contains("common") })
    }

    @Test(.enabled(if: RenderSupport.hasHelm && RenderSupport.hasKubectl))
    func changedFilesAloneBringTheirChartAndKustomization() throws {
        // pre-commit passes only what changed: a template, a patch. Their chart and overlay are rendered.
        let root = try RenderSupport.write([
            "chart/Chart.yaml": "apiVersion: v2\nname: api\nversion: 0.1.0\n",
            "chart/values.yaml": "limit: 64Mi\n",
            "chart/templates/pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: {{ .Release.Name }}}\nspec:\n  containers:\n    - name: web\n      image: node:20\n      resources: {limits: {memory: {{ .Values.limit }}}}\n",
            "base/kustomization.yaml": "resources: [deployment.yaml]\n",
            "base/deployment.yaml": Self.deployment,
            "prod/kustomization.yaml": "resources: [../base]\npatches: [{path: heap.yaml}]\n",
            "prod/heap.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    spec:\n      containers:\n        - name: server\n          env: [{name: JAVA_TOOL_OPTIONS, value: \"-Xmx490m\"}]\n",
        ])
        var linter = TestLinter.make()
        linter.renderTools = RenderTools.find(RenderConfiguration(), path: RenderSupport.toolsPath)
        let changed = try FileDiscovery().files(under: [root + "/chart/templates/pod.yaml", root + "/prod/heap.yaml"])
        let result = linter.run(changed, jobs: 2)
        #expect(!result.diagnostics.contains { $0.code == "E001" }, "\(result.diagnostics.map(\.message))")
        #expect(result.statistics.renderings.count == 2)
        let node = try #require(result.diagnostics.first { $0.code == "NODE003" })
        #expect(node.location.path.hasSuffix("chart/templates/pod.yaml"), "at the container, on its template line")
        #expect(node.related.contains { $0.location.path.hasSuffix("chart/values.yaml") && $0.message == "limit set here" })
        #expect(result.diagnostics.contains { $0.code == "JVM001" && $0.location.path.hasSuffix("prod/heap.yaml") })
    }

    @Test(.enabled(if: RenderSupport.hasHelm))
    func templateCommentsAndRenderedAnnotationsSuppress() throws {
        let root = try RenderSupport.write([
            "chart/Chart.yaml": "apiVersion: v2\nname: api\nversion: 0.1.0\n",
            "chart/values.yaml": "limit: 64Mi\n",
            "chart/templates/pods.yaml": """
                apiVersion: v1
                kind: Pod
                metadata: {name: commented}
                spec:
                  containers:
                    # memlint:ignore NODE003 a tiny script
                    - name: web
                      image: node:20
                      resources: {limits: {memory: {{ .Values.limit }}}}
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: annotated
                  annotations:
                    ignore-check.memlint.io/NODE003: "a tiny script"
                spec:
                  containers:
                    - name: web
                      image: node:20
                      resources: {limits: {memory: 96Mi}}
                """,
        ])
        let result = try RenderSupport.lint(root)
        #expect(!result.diagnostics.contains { $0.code == "NODE003" }, "\(result.diagnostics.map { "\($0.location) \($0.message)" })")
        #expect(result.suppressed.filter { $0.diagnostic.code == "NODE003" }.count == 2)
        #expect(!result.diagnostics.contains { $0.code == "M001" })
    }
}
