import Foundation
import MemlintEngine
import MemlintPacks
import MemlintTestSupport
import Testing

/// Keeps the registry, the rule metadata and the generated docs honest.
@Suite struct RegistryTests {
    let rules = BuiltInPacks.rules.map { $0.description }

    @Test func codesAndNamesAreUniqueAndWellFormed() {
        #expect(Set(rules.map(\.code)).count == rules.count)
        #expect(Set(rules.map(\.name)).count == rules.count)
        for pack in BuiltInPacks.all {
            for rule in pack.rules {
                let d = rule.description
                #expect(d.code.hasPrefix(pack.codePrefix), "\(d.code) is not in pack prefix \(pack.codePrefix)")
                #expect(d.pack == pack.name, "\(d.code) says pack \(d.pack), is listed in \(pack.name)")
                #expect(d.code.wholeMatch(of: /[A-Z0-9]*[A-Z][0-9]{3}/) != nil, "\(d.code)")
                #expect(d.name.wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) != nil, "\(d.name) is not kebab-case")
                #expect(!d.name.hasPrefix("no-") && !d.name.hasPrefix("disallow-"), "\(d.name)")
            }
        }
    }

    @Test func textsAreComplete() {
        for d in rules {
            #expect(d.summary.hasSuffix(".") && !d.summary.contains("\n"), "\(d.code): summary must be one line ending with a period")
            #expect(d.fix.hasSuffix("."), "\(d.code): fix must be a sentence ending with a period")
            #expect(d.rationale.count > 80, "\(d.code): rationale too thin")
            for p in d.parameters {
                #expect(!p.summary.isEmpty, "\(d.code).\(p.key) has no doc")
            }
        }
    }

    /// Every `*Rule.swift` under Rules/ is registered, and every registered rule has its file.
    @Test func everyRuleFileIsRegistered() throws {
        let rulesDir = TestPaths.packageRoot.appendingPathComponent("Rules")
        let enumerator = FileManager.default.enumerator(atPath: rulesDir.path)
        var files = Set<String>()
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix("Rule.swift") else { continue }
            files.insert(URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
        }
        // The Meta rules live in the engine: only it knows suppressions and plugins.
        let registered = Set(BuiltInPacks.rules.filter { $0 != UnusedSuppressionRule.self && $0 != PluginFailedRule.self }.map { String(describing: $0) })
        #expect(files == registered, "files without registration: \(files.subtracting(registered)); registered without file: \(registered.subtracting(files))")
    }

    @Test func generatedDocsAreCurrent() throws {
        let dir = TestPaths.packageRoot.appendingPathComponent("docs/rules")
        let expected = RuleDocRenderer.markdownFiles(BuiltInPacks.all)
        for file in expected {
            let committed = try? String(contentsOf: dir.appendingPathComponent(file.name), encoding: .utf8)
            #expect(committed == file.content, "docs/rules/\(file.name) is stale: run `swift run memlint rules --format markdown --output docs/rules`")
        }
        let readme = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(RuleDocRenderer.replacingReadmeTable(in: readme, packs: BuiltInPacks.all) == readme,
                "README.md's rule table is stale: run `swift run memlint rules --format markdown --output docs/rules --readme README.md`")
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(present == Set(expected.map(\.name)), "docs/rules/ has pages for rules that no longer exist")
    }
}
