import MemlintEngine
import MemlintTestSupport
import MemlintPacks
import Testing

@Suite struct SuppressionTests {
    func lint(_ text: String) -> LintResult {
        let settings = RuleSettings(rules: BuiltInPacks.rules)
        return TestLinter.make(settings: settings)
            .run([InputFile(path: "m.yaml", contents: .bytes(Array(text.utf8)))], jobs: 1)
    }

    let pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - name: app
              resources:
                requests: {memory: 1Gi}
                limits: {memory: 512Mi}

        """

    @Test func endOfLineCommentSuppresses() {
        let result = lint(pod.replacingOccurrences(of: "{memory: 1Gi}", with: "{memory: 1Gi}  # memlint:ignore K8S002 known, see OPS-1"))
        #expect(result.diagnostics.isEmpty)
        #expect(result.suppressed.map(\.diagnostic.code) == ["K8S002"])
        #expect(result.suppressed.first?.suppression.reason == "known, see OPS-1")
    }

    @Test func commentAloneOnTheLineAboveSuppressesByName() {
        let result = lint(pod.replacingOccurrences(of: "        requests:", with: "        # memlint:ignore memory-request-over-limit\n        # another comment\n        requests:"))
        #expect(result.diagnostics.isEmpty)
        #expect(result.suppressed.count == 1)
    }

    @Test func hashInsideAQuotedScalarIsNotAComment() {
        let text = pod.replacingOccurrences(of: "metadata: {name: p}", with: "metadata: {name: p, annotations: {note: \"x # memlint:ignore K8S002\"}}")
        let result = lint(text.replacingOccurrences(of: "        requests: {memory: 1Gi}", with: "        requests: {memory: 1Gi}"))
        #expect(result.diagnostics.map(\.code) == ["K8S002"])
    }

    @Test func annotationOnTheObjectOrTemplateSuppresses() {
        let onObject = pod.replacingOccurrences(of: "metadata: {name: p}", with: "metadata:\n  name: p\n  annotations:\n    ignore-check.memlint.io/K8S002: \"migrating\"")
        #expect(lint(onObject).diagnostics.isEmpty)
        let deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              template:
                metadata:
                  annotations: {ignore-check.memlint.io/memory-limit-missing: "batch sidecar"}
                spec:
                  containers: [{name: a}, {name: b}]
            """
        let result = lint(deployment)
        #expect(result.diagnostics.isEmpty)
        #expect(result.suppressed.count == 2)
    }

    @Test func unusedAndUnknownSuppressionsAreReported() {
        let text = pod.replacingOccurrences(of: "{memory: 512Mi}", with: "{memory: 512Mi}  # memlint:ignore K8S001,K8S999")
        let notes = lint(text).diagnostics.filter { $0.code == "M001" }.map(\.message)
        #expect(notes == ["suppression of K8S001 matches no finding on line 9", "suppression names unknown rule 'K8S999'"])
    }

    @Test func suppressionOfARuleThatIsOffIsNotJudged() throws {
        let text = pod.replacingOccurrences(of: "{memory: 512Mi}", with: "{memory: 512Mi}  # memlint:ignore K8S001")
        let settings = try RuleSelection.settings(rules: BuiltInPacks.rules, configuration: nil, select: nil, ignore: ["K8S001"])
        let result = TestLinter.make(settings: settings).run([InputFile(path: "m.yaml", contents: .bytes(Array(text.utf8)))], jobs: 1)
        #expect(!result.diagnostics.contains { $0.code == "M001" })
    }
}
