import Foundation
import MemlintFuzzSupport
import MemlintTestSupport
import Testing

/// Every input a fuzzer ever crashed on goes through every fuzz entry point in-process, on each
/// run: the same code the fuzz binary calls, so a fixed crash stays fixed without a fuzzer.
@Suite struct FuzzEntryTests {
    @Test func regressionsPassThroughEveryTarget() throws {
        let folder = TestPaths.fixtures.appendingPathComponent("robustness/regressions")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(!names.isEmpty)
        #expect(Set(FuzzEntry.targets.keys) == ["yaml", "dockerfile", "values", "config"])
        for name in names {
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            for (_, entry) in FuzzEntry.targets.sorted(by: { $0.key < $1.key }) { entry(bytes) }
        }
    }
}
