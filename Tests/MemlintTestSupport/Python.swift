import Foundation
import Testing

/// Runs `python3` with `arguments` in `directory` (the plugin and schema tests need it; this
/// machine and CI have it, with jsonschema).
public func runPython(_ arguments: [String], in directory: URL, stdin: String? = nil) throws -> ProcessResult {
    try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments, in: directory, stdin: stdin)
}

/// Checks a SARIF log with ../shared/tools/validate-sarif (the schema and code scanning's rules).
/// Without ../shared (a checkout alone) there is nothing to check against, and CI has it.
public func validateSARIF(_ sarif: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    guard let shared = TestPaths.shared else { return }
    let tool = shared.appendingPathComponent("tools/validate-sarif").path
    let result = try runPython([tool, "-"], in: TestPaths.packageRoot, stdin: sarif)
    #expect(result.status == 0, "validate-sarif: \(result.stdout)\(result.stderr)", sourceLocation: sourceLocation)
}
