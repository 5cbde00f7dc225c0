import Foundation
import MemlintTestSupport
import Testing

/// `memlint check` on the rendering fixtures as a user runs it (helm from .build/tools, kubectl).
@Suite struct RenderCommandTests {
    @Test(.enabled(if: RenderSupport.hasHelm && RenderSupport.hasKubectl))
    func verboseNamesTheRenderersAndTheirVersions() throws {
        let result = try runMemlint(["check", "-v", "Fixtures/render"])
        #expect(result.stderr.contains("renderers:\n  helm: "), "\(result.stderr)")
        #expect(result.stderr.contains("v4."), "helm's version is shown")
        #expect(result.stderr.contains("  kustomize: ") && result.stderr.contains("Kustomize Version"))
        #expect(result.stderr.contains("rendered: Fixtures/render/kustomize/overlays/prod@kustomize"))
        #expect(result.stderr.contains("rendered: Fixtures/render/charts/orders@helm-prod"))
        #expect(!result.stderr.contains("rendered: Fixtures/render/kustomize/base@kustomize"), "the base is linted through its overlays")
    }

    /// The base both overlays build on is never edited for one overlay's sake: not in the first
    /// round, and not in a later one after the other overlay's patch changed (`--diff` stops at a
    /// changed render source, `--fix` renders again from disk).
    @Test(.enabled(if: RenderSupport.hasKubectl), arguments: [["--diff"], ["--fix"]])
    func fixesNeverEditTheSharedBase(flags: [String]) throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("memlint-render-fix-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("render/kustomize"), to: work)
        let base = try Data(contentsOf: work.appendingPathComponent("base/deployment.yaml"))
        let staging = try Data(contentsOf: work.appendingPathComponent("overlays/staging/kustomization.yaml"))
        let result = try runMemlint(["check", "--no-config", "--unsafe-fixes"] + flags + ["."], in: work)
        #expect(!result.stdout.contains("+++ b/base/"), "\(result.stdout)")
        #expect(try Data(contentsOf: work.appendingPathComponent("base/deployment.yaml")) == base)
        if flags == ["--diff"] {
            #expect(result.stdout.contains("+++ b/overlays/staging/kustomization.yaml"), "\(result.stdout)")
        } else {
            #expect(try Data(contentsOf: work.appendingPathComponent("overlays/staging/kustomization.yaml")) != staging, "the overlay's own patch is fixed")
        }
    }

    @Test func noRenderSetsChartsAsideWithANote() throws {
        let result = try runMemlint(["check", "--no-render", "--format", "json", "Fixtures/render/charts"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = json["diagnostics"] as? [[String: Any]] ?? []
        let notes = findings.filter { $0["code"] as? String == "E007" }
        #expect(notes.count == 3)
        #expect(notes.allSatisfy { ($0["message"] as? String ?? "").contains("--no-render was given") || ($0["message"] as? String ?? "").contains("dependency") })
        #expect(!findings.contains { $0["code"] as? String == "E001" })
    }

    @Test(.enabled(if: RenderSupport.hasHelm))
    func theChartFromTheIssueReportsJVM001AtTheValuesLine() throws {
        // values.yaml sets -Xmx480m under a 512Mi limit.
        let result = try runMemlint(["check", "Fixtures/render/charts/orders"])
        #expect(result.stdout.contains("Fixtures/render/charts/orders/values.yaml:6:19: error: JVM needs 648.5Mi"), "\(result.stdout)")
        #expect(result.stdout.contains("[values set 'default'] [JVM001]"))
        #expect(result.stdout.contains("Fixtures/render/charts/orders/values-prod.yaml:6:19: warning:"))
    }

    @Test(.enabled(if: RenderSupport.hasKubectl))
    func theOverlayFromTheIssueReportsGO002WithTheOtherPlaceRelated() throws {
        let result = try runMemlint(["check", "--format", "sarif", "Fixtures/render/kustomize"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let run = try #require((json["runs"] as? [[String: Any]])?.first)
        let results = run["results"] as? [[String: Any]] ?? []
        let go002 = try #require(results.first { ($0["ruleId"] as? String) == "GO002" && "\($0)".contains("base/deployment.yaml") })
        let related = "\(go002["relatedLocations"] ?? "")"
        #expect(related.contains("overlays/prod/memory.yaml"), "the patch's limit line is related: \(related)")
        #expect(related.contains("overlays/prod@kustomize"), "the rendering is related")
    }
}
