import MemlintKubernetes
import MemlintYAML
import Testing

/// A value a fix inserts is written plain where YAML reads it back as the same string, and
/// quoted where it would read as something else (Kubernetes rejects a number as an env value).
@Suite struct YAMLScalarTests {
    static let plain = ["921MiB", "--max-old-space-size=768", "-XX:MaxRAMPercentage=83.3", "-Xmx236m", "450MiB", "a:b", "한글"]
    static let quoted = ["4096", "1.5", "-3", "0x1F", "1e3", ".5", "true", "On", "no", "null", "~", "", " x", "a: b", "x #y", "#x",
                         "*ref", "&a", "!tag", "- x", "-", "[x]", "{x}", "'s", "\"q\"", "x:", "tab\there"]

    /// The env value a manifest with `written` in it reads back.
    func readBack(_ written: String, flow: Bool) -> String? {
        let text = flow
            ? "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: a, env: [{name: A, value: \(written)}]}\n"
            : "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      env:\n        - name: A\n          value: \(written)\n"
        var extractor = ManifestExtractor()
        YAMLLoader().load(SourceText(text)) { extractor.add($0) }
        guard case .value(let located)? = extractor.file.workloads.first?.containers.first?.env.first?.source else { return nil }
        return located.value
    }

    @Test(arguments: plain + quoted, [false, true])
    func writtenValuesReadBackAsTheSameString(value: String, flow: Bool) {
        #expect(readBack(YAMLScalar.written(value, inFlow: flow), flow: flow) == value)
    }

    @Test func quotesOnlyWhereYAMLNeedsThem() {
        for value in Self.plain { #expect(YAMLScalar.written(value, inFlow: true) == value) }
        for value in Self.quoted { #expect(YAMLScalar.written(value, inFlow: false).hasPrefix("\""), "\(value)") }
        #expect(YAMLScalar.written("a,b", inFlow: false) == "a,b")
        #expect(YAMLScalar.written("a,b", inFlow: true) == "\"a,b\"")
    }
}
