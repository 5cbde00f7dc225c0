import ExamplePack
import MemlintEngine
import MemlintPacks
import MemlintTestSupport
import Testing

/// A pack written outside the engine registers by being listed: its runtime is detected, declared
/// in `.lint.yml` and annotations, its settings reach its rule, and its docs are generated.
@Suite struct ExamplePackTests {
    let packs = BuiltInPacks.all + [dotnetPack]

    @Test func itsRuleExamplesHold() throws {
        let rule = try #require(dotnetPack.rules.first)
        for example in rule.description.triggering {
            let (text, markers) = ExampleRunner.stripMarkers(example.files[0].text, file: "example.yaml")
            let found = ExampleRunner.run(rule, files: [("example.yaml", text)], parameters: [:], packs: packs).filter { $0.code == "NET001" }
            #expect(found.map { MarkerPosition(file: $0.location.path, line: Int($0.location.span.start.line), column: Int($0.location.span.start.column)) } == markers)
        }
        for example in rule.description.nonTriggering {
            let found = ExampleRunner.run(rule, files: example.files, parameters: [:], packs: packs).filter { $0.code == "NET001" }
            #expect(found.isEmpty)
        }
    }

    @Test func itsRuntimeIsDetectedAndCanBeDeclared() throws {
        let pod = """
            apiVersion: v1
            kind: Pod
            metadata: {name: api, annotations: {memlint.io/runtime: dotnet}}
            spec:
              containers:
                - {name: api, image: registry.example.com/api:1.0, env: [{name: DOTNET_GCHeapHardLimitPercent, value: "80"}]}
            """
        let result = TestLinter.make(packs: packs).run([InputFile(path: "p.yaml", contents: .bytes(Array(pod.utf8)))], jobs: 1)
        #expect(result.containers.first?.runtime?.id == DotNetRuntime.id)
        #expect(result.diagnostics.map(\.code) == ["K8S001", "NET001"])
        // Without the pack, the same annotation names no runtime.
        let without = TestLinter.make().run([InputFile(path: "p.yaml", contents: .bytes(Array(pod.utf8)))], jobs: 1)
        #expect(without.diagnostics.contains { $0.code == "E006" && $0.message.contains("'dotnet'") })
    }

    @Test func configurationAndDocsKnowIt() throws {
        let text = "images: [{match: \"registry.example.com/*\", runtime: dotnet}]\nrules: {NET001: warning}\n"
        let configuration = try ConfigLoader(packs: packs).parse(Array(text.utf8), displayPath: ".lint.yml", directory: "/").get()
        #expect(configuration.images.first?.runtime == .runtime(DotNetRuntime.id))
        guard case .failure = ConfigLoader(packs: BuiltInPacks.all).parse(Array(text.utf8), displayPath: ".lint.yml", directory: "/") else {
            Issue.record("without the pack, dotnet is not a runtime")
            return
        }
        #expect(RuleDocRenderer.markdownFiles(packs).contains { $0.name == "NET001.md" })
    }
}
