import Foundation
import MemlintDockerfile
import MemlintSource
import MemlintTestSupport
import Testing

/// The parser against `../shared/conformance/dockerfile-parser-suite/` (BuildKit's own parser cases):
/// each `Dockerfile` must dump to exactly its `result`; each negative case must fail.
@Suite struct DockerfileConformanceTests {
    /// Cases deliberately not matched, with the reason. Empty: every case here passes.
    static let knownDifferences: [String: String] = [:]
    static let recordedPassCount = 25

    static var suite: URL? { TestPaths.shared?.appendingPathComponent("conformance/dockerfile-parser-suite") }

    @Test(.enabled(if: suite != nil, "../shared/conformance/dockerfile-parser-suite is not present"))
    func everyCaseMatchesBuildKit() throws {
        let root = try #require(Self.suite)
        let fm = FileManager.default
        var passed = 0, total = 0
        var failures: [String] = []
        for name in try fm.contentsOfDirectory(atPath: root.path).sorted() where name != "negative" {
            let folder = root.appendingPathComponent(name)
            guard fm.fileExists(atPath: folder.appendingPathComponent("result").path) else { continue }
            total += 1
            let input = try Data(contentsOf: folder.appendingPathComponent("Dockerfile"))
            let expected = try String(contentsOf: folder.appendingPathComponent("result"), encoding: .utf8)
            switch SourceText.decode(Array(input)).map({ DockerfileParser.parse($0, path: "Dockerfile") }) {
            case .success(.success(let file)):
                let dump = DockerfileDump.render(file)
                if dump == expected { passed += 1 } else { failures.append("\(name): dump differs:\n\(dump)") }
            case .success(.failure(let error)):
                failures.append("\(name): \(error)")
            case .failure(let error):
                failures.append("\(name): \(error)")
            }
        }
        let negatives = root.appendingPathComponent("negative")
        for name in try fm.contentsOfDirectory(atPath: negatives.path).sorted() {
            total += 1
            let input = try Data(contentsOf: negatives.appendingPathComponent("\(name)/Dockerfile"))
            if case .success(.success) = SourceText.decode(Array(input)).map({ DockerfileParser.parse($0, path: "Dockerfile") }) {
                failures.append("negative/\(name): parsed, but must fail")
            } else {
                passed += 1
            }
        }
        print("dockerfile-parser-suite: \(passed) of \(total) cases pass")
        let unexpected = failures.filter { failure in !Self.knownDifferences.keys.contains { failure.hasPrefix($0 + ":") } }
        #expect(unexpected.isEmpty, "\(unexpected.joined(separator: "\n"))")
        #expect(passed >= Self.recordedPassCount)
    }
}
