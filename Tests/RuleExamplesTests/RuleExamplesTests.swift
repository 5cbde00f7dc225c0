import MemlintEngine
import MemlintPacks
import MemlintTestSupport
import Testing

/// Runs every registered rule's examples: a rule cannot ship without examples that pass.
///
/// Triggering examples must produce this rule's findings exactly at their `↓` markers (or somewhere,
/// when they have none); non-triggering ones must produce none. Each triggering example runs again
/// with a Hangul comment line prepended (lines shift by one, columns must not), with an unrelated
/// document prepended, with a `# memlint:ignore` comment above each marker (no finding, no M001),
/// and with the rule switched off in the configuration (no finding).
@Suite struct RuleExamplesTests {
    /// Rules whose trigger cannot be written as an example, with the test that covers them instead.
    static let exemptFromTriggering: [String: String] = [
        "E004": "needs an unreadable file: MemlintEngineTests.LinterTests.unreadableFileIsReported",
        "E003": "needs a file slower than the time budget: MemlintEngineTests.LinterTests.timeBudgetStopsAFile",
        "M002": "needs a plugin program that fails: EndToEndTests.PluginTests.everyWayAPluginFailsIsOneFindingAtItsEntry",
    ]

    static let codes = BuiltInPacks.rules.map { $0.description.code }

    /// The README's Fixing table lists exactly the rules whose examples show a fix.
    @Test func theFixingTableListsEveryFixableRule() throws {
        let readme = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "### Fixing").dropFirst().first?.components(separatedBy: "\n### ").first)
        let listed = Set(section.split(separator: "\n").filter { $0.hasPrefix("| [") }.compactMap { line in
            line.dropFirst(3).split(separator: "]").first.map(String.init)
        })
        let fixable = Set(BuiltInPacks.rules.filter { rule in rule.description.triggering.contains { !$0.fixed.isEmpty } }.map { $0.description.code })
        #expect(listed == fixable, "README Fixing table \(listed.sorted()) vs rules with fixed examples \(fixable.sorted())")
    }

    @Test(arguments: codes)
    func examplesHold(code: String) throws {
        let rule = try #require(ExampleRunner.rule(code: code))
        let description = rule.description
        if Self.exemptFromTriggering[code] == nil {
            #expect(!description.triggering.isEmpty, "\(code) has no triggering example")
        }
        #expect(!description.nonTriggering.isEmpty, "\(code) has no non-triggering example")

        for example in description.nonTriggering {
            let files = example.files.map { (name: $0.name, text: ExampleRunner.stripMarkers($0.text, file: $0.name).0) }
            let found = ExampleRunner.run(rule, files: files, parameters: example.parameters).filter { $0.code == code }
            #expect(found.isEmpty, "non-triggering example of \(code) triggered: \(found.map(render))",
                    sourceLocation: location(example))
        }

        for example in description.triggering {
            check(example, of: rule, mutation: nil)
            let hasMarkers = example.files.contains { $0.text.contains(Example.marker) }
            for mutation in Example.Mutation.allCases where !example.skippedMutations.contains(mutation) {
                if mutation == .suppressed && !hasMarkers { continue }
                check(example, of: rule, mutation: mutation)
            }
        }
    }

    private func check(_ example: Example, of rule: any Rule.Type, mutation: Example.Mutation?) {
        let code = rule.description.code
        var files: [(name: String, text: String)] = []
        var expected: [MarkerPosition] = []
        for (index, file) in example.files.enumerated() {
            // Markers are found after the prefix is added, so expected lines shift with it.
            var text = file.text
            if mutation == .suppressed {
                text = Self.insertingSuppressions(of: code, into: text, dockerfile: InputFile.isDockerfileName(file.name))
            } else if index == 0, file.name.hasSuffix(".yaml") {
                switch mutation {
                case .multiByte?:
                    text = "# 메모리 한도 설정 — 한글 주석\n" + text
                case .multiDocument?:
                    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: unrelated}\ndata: {k: v}\n---\n" + text
                case .suppressed?, .disabled?, nil:
                    break
                }
            }
            let (clean, markers) = ExampleRunner.stripMarkers(text, file: file.name)
            files.append((file.name, clean))
            expected += markers
        }
        let disabled: Set<String> = mutation == .disabled ? [code] : []
        let all = ExampleRunner.run(rule, files: files, parameters: example.parameters, disabled: disabled)
        let found = all.filter { $0.code == code }
        let label = mutation.map { " (mutation: \($0.rawValue))" } ?? ""
        if mutation == nil || mutation == .multiByte || mutation == .multiDocument {
            checkFixes(example, of: rule, files: files, found: found, mutation: mutation, label: label)
        }
        if mutation == .suppressed || mutation == .disabled {
            let unused = all.filter { $0.code == "M001" && code != "M001" }
            #expect(found.isEmpty && unused.isEmpty, "\(code)\(label): expected nothing, got \((found + unused).map(render))",
                    sourceLocation: location(example))
            return
        }
        if expected.isEmpty {
            #expect(!found.isEmpty, "triggering example of \(code) did not trigger\(label)", sourceLocation: location(example))
            return
        }
        let actual = Set(found.map {
            MarkerPosition(file: $0.location.path, line: Int($0.location.span.start.line), column: Int($0.location.span.start.column))
        })
        #expect(actual == Set(expected),
                "\(code)\(label): expected findings at \(expected.sorted { $0.description < $1.description }), got \(found.map(render))",
                sourceLocation: location(example))
    }

    /// Applies the rule's fixes (safe and unsafe) to the example's files: the result must be the
    /// example's `fixed` text (under the same mutation), the finding must be gone, and fixing again must
    /// change nothing. A finding with a fix and no expected text is a failure: every fix is shown.
    private func checkFixes(_ example: Example, of rule: any Rule.Type, files: [(name: String, text: String)], found: [Diagnostic],
                            mutation: Example.Mutation?, label: String) {
        let code = rule.description.code
        let fixable = found.filter { $0.edit != nil }
        guard !example.fixed.isEmpty else {
            #expect(fixable.isEmpty, "\(code)\(label): a finding has a fix but the example has no .fixed(…) text", sourceLocation: location(example))
            return
        }
        #expect(!fixable.isEmpty, "\(code)\(label): the example expects a fix but no finding has one", sourceLocation: location(example))
        let names = Set(files.map(\.name))
        func fix(_ files: [(name: String, text: String)], _ diagnostics: [Diagnostic]) -> [(name: String, text: String)] {
            let plan = FixPlan(diagnostics, allowing: .unsafe) { names.contains($0) }
            return files.map { file in
                guard let edits = plan.edits[file.name], let bytes = FixPlan.apply(edits, to: Array(file.text.utf8)) else { return file }
                return (file.name, String(decoding: bytes, as: UTF8.self))
            }
        }
        let fixed = fix(files, fixable)
        for (index, file) in fixed.enumerated() {
            var expected = example.fixed[file.name] ?? files[index].text
            if example.fixed[file.name] != nil, index == 0, file.name.hasSuffix(".yaml") {
                if mutation == .multiByte { expected = "# 메모리 한도 설정 — 한글 주석\n" + expected }
                if mutation == .multiDocument { expected = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: unrelated}\ndata: {k: v}\n---\n" + expected }
            }
            #expect(file.text == expected, "\(code)\(label): fixed \(file.name) differs:\n\(file.text)", sourceLocation: location(example))
        }
        // Every fixed finding is gone; findings without a fix stay.
        let again = ExampleRunner.run(rule, files: fixed, parameters: example.parameters).filter { $0.code == code }
        #expect(again.count == found.count - fixable.count && !again.contains { $0.edit != nil },
                "\(code)\(label): a fixed finding remains: \(again.map(render))", sourceLocation: location(example))
        let twice = fix(fixed, again)
        #expect(twice.map(\.text) == fixed.map(\.text), "\(code)\(label): a second fix changed the files", sourceLocation: location(example))
    }

    /// Adds `# memlint:ignore CODE` alone on a line above every line holding a marker, with that line's indentation.
    /// In a Dockerfile, hadolint's form above the instruction that holds the marker.
    static func insertingSuppressions(of code: String, into text: String, dockerfile: Bool) -> String {
        var lines: [String] = []
        var instructionStart = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if dockerfile {
                if let previous = lines.last, previous.hasSuffix("\\") {} else { instructionStart = lines.count }
                if line.contains(Example.marker) {
                    lines.insert("# memlint ignore=\(code) example mutation", at: instructionStart)
                }
            } else if line.contains(Example.marker) {
                let indent = line.prefix { $0 == " " }
                lines.append("\(indent)# memlint:ignore \(code) example mutation")
            }
            lines.append(String(line))
        }
        return lines.joined(separator: "\n")
    }

    private func render(_ d: Diagnostic) -> String {
        "\(d.location.path):\(d.location.span.start.line):\(d.location.span.start.column): \(d.message)"
    }

    private func location(_ example: Example) -> Testing.SourceLocation {
        Testing.SourceLocation(fileID: "memlint/\(example.sourceFile)", filePath: example.sourceFile, line: example.sourceLine, column: 1)
    }
}
