import Foundation
@testable import MemlintEngine
import Testing

/// Reporters on a fixed list of findings: escaping and structure.
@Suite struct ReporterTests {
    static let diagnostic = Diagnostic(
        code: "K8S002", name: "memory-request-over-limit", severity: .error,
        message: "50% done, line\nbreak: a,b <&> \"q\"",
        location: SourceLocation(path: "dir/a b.yaml", span: Span(start: Mark(line: 3, column: 5, offset: 20), end: Mark(line: 3, column: 9, offset: 24))),
        fix: "lower it", workload: "Pod/p", container: "app", workloadPath: "dir/a b.yaml")

    static var result: LintResult {
        LintResult(diagnostics: [diagnostic], suppressed: [], statistics: LintStatistics(), containers: [], files: ["dir/a b.yaml", "ok.yaml"])
    }

    static let context = ReportContext(toolVersion: "0.0.0", informationURI: "https://example.invalid/memlint", rules: [], root: "/repo", exitCode: 1)

    @Test func githubEscapesDataAndProperties() {
        let line = GitHubReporter.render(Self.result, context: Self.context)
        #expect(line == "::error file=dir/a b.yaml,line=3,col=5,endLine=3,endColumn=9,title=memlint K8S002::50%25 done, line%0Abreak: a,b <&> \"q\". Fix: lower it\n")
    }

    @Test func junitHasASuitePerFileAndEscapesXML() {
        let xml = JUnitReporter.render(Self.result, context: Self.context)
        #expect(xml.contains("<testsuite name=\"dir/a b.yaml\" tests=\"1\" failures=\"1\" errors=\"0\">"))
        #expect(xml.contains("<testsuite name=\"ok.yaml\" tests=\"1\" failures=\"0\" errors=\"0\">"))
        // A line break inside an attribute is a character reference: XML parsers turn a raw one into a space.
        #expect(xml.contains("message=\"50% done, line&#10;break: a,b &lt;&amp;&gt; &quot;q&quot;\""))
        #expect(!xml.contains("line\nbreak"))
        #expect(xml.contains("K8S002 memory-request-over-limit (Pod/p container app)"))
    }

    @Test func sarifURIsAreRelativeAndEncoded() {
        #expect(SARIFReporter.relativeURI("dir/a b.yaml", root: "/repo") == "dir/a%20b.yaml")
        #expect(SARIFReporter.relativeURI("/elsewhere/x.yaml", root: "/repo/sub") == "../../elsewhere/x.yaml")
        #expect(SARIFReporter.directoryURI("/repo") == "file:///repo/")
    }
}
