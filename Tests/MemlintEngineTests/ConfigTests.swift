import Foundation
import MemlintEngine
import MemlintPacks
import MemlintTestSupport
import Testing

@Suite struct ConfigTests {
    func parse(_ text: String) -> Result<Configuration, ConfigErrors> {
        ConfigLoader(packs: BuiltInPacks.all).parse(Array(text.utf8), displayPath: ".lint.yml", directory: TestPaths.packageRoot.path)
    }

    func errors(_ text: String) -> [String] {
        guard case .failure(let e) = parse(text) else { return [] }
        return e.errors.map(\.description)
    }

    @Test func theDocumentedExampleAtTheRootParses() throws {
        let url = TestPaths.packageRoot.appendingPathComponent(".lint.yml")
        let result = ConfigLoader(packs: BuiltInPacks.all).load(path: url.path, displayPath: ".lint.yml")
        let configuration = try result.get()
        #expect(configuration.failOn != nil)
        #expect(!configuration.exclude.isEmpty)
        #expect(!configuration.rules.isEmpty)
        #expect(!configuration.images.isEmpty)
        #expect(configuration.render.helm.required)
        #expect(configuration.render.charts.first?.valueSets.map(\.name) == ["default", "prod"])
    }

    @Test func renderSettingsAreReadWithTheirPlaces() throws {
        let c = try parse("""
            render:
              helm: {command: tools/helm, required: true}
              kustomize: {command: [kustomize, build, --load-restrictor, LoadRestrictionsNone]}
              charts:
                - match: Fixtures/render/charts/orders
                  release: shop
                  namespace: shop
                  kubeVersion: "1.30.0"
                  values: [Fixtures/render/charts/orders/values.yaml]
                  set: {metrics.memory: 48Mi}
                  valueSets:
                    prod: {values: [Fixtures/render/charts/orders/values-prod.yaml], set: {replicaCount: "3"}}
            """).get()
        #expect(c.render.helm.command == [TestPaths.packageRoot.appendingPathComponent("tools/helm").path], "relative to .lint.yml")
        #expect(c.render.helm.required && !c.render.kustomize.required)
        #expect(c.render.kustomize.command?.count == 4)
        let chart = try #require(c.render.charts.first)
        #expect(chart.release == "shop" && chart.namespace == "shop" && chart.kubeVersion == "1.30.0")
        #expect(chart.common.set.map(\.key) == ["metrics.memory"])
        #expect(chart.common.set.first?.location.span.start.line == 10)
        #expect(chart.valueSets.first?.files.first?.hasSuffix("values-prod.yaml") == true)
    }

    @Test func renderMistakesArePositioned() {
        let found = errors("""
            render:
              helmm: {}
              helm: {required: maybe, comand: x}
              charts:
                - release: x
                - match: charts/a
                  values: [no/such/values.yaml]
                  valueSets: {"pr od": {}, dev: {valuess: []}}
                  sett: {}
            """)
        #expect(found.contains(".lint.yml:2:3: error: unknown key 'render.helmm'; did you mean 'helm'?"), "\(found)")
        #expect(found.contains(".lint.yml:3:20: error: 'render.helm.required' must be true or false; got 'maybe'"))
        #expect(found.contains(".lint.yml:3:27: error: unknown key 'render.helm.comand'; did you mean 'command'?"))
        #expect(found.contains { $0.hasPrefix(".lint.yml:5:7: error: a 'render.charts' entry needs 'match'") })
        #expect(found.contains(".lint.yml:7:16: error: no values file at 'no/such/values.yaml' (paths are relative to the configuration's folder)"))
        #expect(found.contains { $0.hasPrefix(".lint.yml:8:19: error: value set names use letters") })
        #expect(found.contains(".lint.yml:8:38: error: unknown key 'valuess' in value set 'dev'; did you mean 'values'?"))
        #expect(found.contains(".lint.yml:9:7: error: unknown key 'sett' in a 'render.charts' entry; did you mean 'set'?"))
    }

    @Test func everyKeyIsRead() throws {
        let c = try parse("""
            failOn: error
            include: ["k8s/**"]
            exclude: ["**/vendor/**", "*.tmp.yaml"]
            rules:
              K8S001: off
              memory-request-over-limit: warning
              K8S003: {severity: note}
            images:
              - {match: "registry.example.com/shop/*", runtime: jvm, dockerfile: Fixtures/services/cart/Dockerfile, target: app}
            """).get()
        #expect(c.failOn == .error)
        #expect(c.admits(relativePath: "k8s/app/deploy.yaml"))
        #expect(!c.admits(relativePath: "k8s/vendor/x.yaml"))
        #expect(!c.admits(relativePath: "k8s/a.tmp.yaml"))
        #expect(!c.admits(relativePath: "other/a.yaml"))
        #expect(c.rules["K8S001"]?.enabled == false)
        #expect(c.rules["K8S002"]?.severity == .warning)
        #expect(c.rules["K8S003"]?.severity == .note)
        #expect(c.images.first?.runtime == .runtime(RuntimeID("jvm")))
        #expect(c.images.first?.dockerfile == TestPaths.packageRoot.appendingPathComponent("Fixtures/services/cart/Dockerfile").standardizedFileURL.path)
        #expect(c.images.first?.target == "app")
    }

    @Test func errorsNameTheKeyAndItsPosition() {
        let found = errors("""
            failOn: sometimes
            exlude: []
            rules:
              K8S010: off
              K8S001: loud
              K8S002: {severity: warning, ratio: 2}
            include: "k8s/**"
            images:
              - {match: "a*", runtime: rust}
              - {runtime: go}
            """)
        #expect(found == [
            ".lint.yml:1:9: error: failOn must be one of error, warning, note, never; got 'sometimes'",
            ".lint.yml:2:1: error: unknown key 'exlude'; did you mean 'exclude'?",
            ".lint.yml:4:3: error: unknown rule 'K8S010'; did you mean 'K8S001'?",
            ".lint.yml:5:11: error: rule K8S001 takes off, error, warning, note, or a mapping of settings; got 'loud'",
            ".lint.yml:6:31: error: unknown setting 'ratio' for K8S002 (K8S002 has no parameters; it takes only severity)",
            ".lint.yml:7:10: error: 'include' must be a list of glob patterns, e.g. [\"charts/**\"]",
            ".lint.yml:9:28: error: runtime must be one of jvm, go, node, python, none; got 'rust'",
            ".lint.yml:10:5: error: image entry needs 'match' (a glob on the image reference, e.g. \"registry.example.com/shop/*\", or a list of them)",
        ])
    }

    @Test func missingDockerfileIsReported() {
        #expect(errors("images: [{match: \"a*\", dockerfile: no/such/Dockerfile}]") ==
                [".lint.yml:1:36: error: no Dockerfile at 'no/such/Dockerfile' (paths are relative to the configuration's folder)"])
    }

    @Test func badGlobsAreReported() {
        #expect(errors("exclude: [\"a[\"]").first?.hasPrefix(".lint.yml:1:11: error: bad glob 'a['") == true)
    }

    @Test func hostileConfigurationsFailCleanly() {
        #expect(errors("a: &a [*a]").count == 1)
        #expect(errors(String(repeating: "[", count: 5000)).first?.contains("nested deeper") == true)
        #expect(errors("- 1\n- 2").first == ".lint.yml:1:1: error: the configuration must be a mapping of keys (failOn, include, exclude, rules, images, runtimes, render, customRules, plugins)")
        #expect(errors("failOn: [1, 2]").first == ".lint.yml:1:9: error: 'failOn' must be a single value")
        #expect(errors("rules: [K8S001]").count == 1)
        #expect(errors("a: 1\n---\nb: 2").count == 1)
        if case .success = parse("") {} else { Issue.record("an empty configuration is valid") }
    }

    @Test func discoveryStopsAtTheRepositoryRoot() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("memlint-config-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let repo = root.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repo.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: repo.appendingPathComponent("a/b"), withIntermediateDirectories: true)
        try Data().write(to: root.appendingPathComponent(".lint.yml"))   // above the repository: not used
        #expect(ConfigLoader.discover(from: repo.appendingPathComponent("a/b").path) == nil)
        try Data().write(to: repo.appendingPathComponent(".lint.yml"))
        #expect(ConfigLoader.discover(from: repo.appendingPathComponent("a/b").path)?.hasSuffix("repo/.lint.yml") == true)
    }
}

@Suite struct GlobTests {
    @Test(arguments: [
        ("*.yaml", "a/b/c.yaml", true), ("*.yaml", "c.yml", false),
        ("charts/**", "charts/x/y.yaml", true), ("charts/**", "other/charts/x.yaml", false),
        ("**/vendor/**", "a/vendor/b.yaml", true), ("**/vendor/**", "vendor/b.yaml", true),
        ("a/**/b.yaml", "a/b.yaml", true), ("a/**/b.yaml", "a/x/y/b.yaml", true),
        ("charts/vendor", "charts/vendor/x.yaml", true), ("k8s/*.yaml", "k8s/sub/x.yaml", false),
        ("[ab].yaml", "b.yaml", true), ("[!ab].yaml", "b.yaml", false), ("?.yaml", "ab.yaml", false),
    ])
    func matching(pattern: String, path: String, expected: Bool) throws {
        #expect(try Glob(pattern).matches(path: path) == expected)
    }
}

@Suite struct RuleSelectionTests {
    func codes(select: [String]? = nil, ignore: [String] = [], config: String? = nil) throws -> [String] {
        let configuration = try config.map {
            try ConfigLoader(packs: BuiltInPacks.all).parse(Array($0.utf8), displayPath: ".lint.yml", directory: "/").get()
        }
        return try RuleSelection.settings(rules: BuiltInPacks.rules, configuration: configuration, select: select, ignore: ignore)
            .entries.map { $0.rule.description.code }
    }

    @Test func selectAndIgnoreTakeCodesPrefixesAndNames() throws {
        #expect(try codes(select: ["K8S"]) == ["K8S001", "K8S002", "K8S003", "K8S004"])
        #expect(try codes(select: ["K8S"], ignore: ["K8S00"]) == [])
        #expect(try codes(select: ["memory-limit-missing", "E001"]) == ["E001", "K8S001"])
        #expect(try codes(ignore: ["K8S", "M", "JVM", "GO", "NODE", "PY"]) == ["E001", "E002", "E003", "E004", "E005", "E006", "E007", "E008"])
    }

    @Test func unknownSelectorIsAnError() {
        #expect(throws: RuleSelection.UnknownSelector.self) { try codes(select: ["XYZ"]) }
    }

    @Test func theCommandLineWinsOverTheFile() throws {
        let config = "rules: {K8S001: off, K8S002: note}"
        #expect(try !codes(config: config).contains("K8S001"))
        #expect(try codes(select: ["K8S001"], config: config) == ["K8S001"])
        let settings = try RuleSelection.settings(
            rules: BuiltInPacks.rules,
            configuration: ConfigLoader(packs: BuiltInPacks.all).parse(Array(config.utf8), displayPath: "c", directory: "/").get(),
            select: nil, ignore: [])
        #expect(settings.entries.first { $0.rule.description.code == "K8S002" }?.severity == .note)
    }
}

@Suite struct TypedSettingsTests {
    func errors(_ text: String) -> [String] {
        guard case .failure(let e) = ConfigLoader(packs: BuiltInPacks.all).parse(Array(text.utf8), displayPath: ".lint.yml", directory: "/") else { return [] }
        return e.errors.map(\.description)
    }

    @Test func runtimeSettingsAndRuleParametersAreTypedAndPositioned() {
        let found = errors("""
            rules:
              GO003: {maxRatio: 1.5}
              JVM001: {threads: 200}
              NODE002: {maxRatoi: 0.5}
            runtimes:
              jvm: {threads: many, metaspace: 128Mi, stacks: 2}
              pyhton: {perWorker: 150Mi}
              python: {perWorker: -1Mi}
            """)
        #expect(found == [
            ".lint.yml:2:21: error: GO003 maxRatio: 1.5 is out of range: between 0 and 1",
            ".lint.yml:3:12: error: 'threads' is not a setting of JVM001 but of the jvm runtime, shared by its rules and its budget: write it under runtimes: {jvm: {threads: …}}",
            ".lint.yml:4:13: error: unknown setting 'maxRatoi' for NODE002; did you mean 'maxRatio'?",
            ".lint.yml:6:18: error: jvm threads: 'many' is not a whole number",
            ".lint.yml:6:42: error: unknown setting 'stacks' for the jvm runtime",
            ".lint.yml:7:3: error: unknown runtime 'pyhton'; did you mean 'python'?",
            ".lint.yml:8:23: error: python perWorker: must not be negative",
        ])
    }

    @Test func runtimeSettingsReachTheBudget() throws {
        let configuration = try ConfigLoader(packs: BuiltInPacks.all)
            .parse(Array("runtimes: {jvm: {threads: 200}}".utf8), displayPath: ".lint.yml", directory: "/").get()
        let result = TestLinter.run(yaml: """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
                - {name: app, image: eclipse-temurin:21-jre, command: [java, -Xmx256m, -jar, /a.jar], resources: {limits: {memory: 1Gi}}}
            """, configuration: configuration)
        let stacks = try #require(result.containers.first?.runtime?.budget?.components.first { $0.name == "thread stacks" })
        #expect(stacks.bytes == 50 << 20, "200 threads × 256Ki resident")
    }
}
