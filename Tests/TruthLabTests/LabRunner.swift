import Foundation
import MemlintTestSupport
import Testing

/// What every lab suite shares: the cgroup, the tools, memlint's side of the comparison, and a
/// bounded parallel map (two cores: two runtimes at a time).
enum Lab {
    /// The cgroup controller and the tool, or why the lab cannot run; in CI that is a failure.
    static func prepare(_ tool: String) -> (MemoryCgroup, String)? {
        let cgroup: MemoryCgroup
        switch MemoryCgroup.available() {
        case .success(let found): cgroup = found
        case .failure(let why):
            unavailable("\(why)")
            return nil
        }
        guard let path = TruthLab.which(tool) else {
            unavailable("\(tool) is not on PATH")
            return nil
        }
        return (cgroup, path)
    }

    static func unavailable(_ why: String) {
        if TruthLab.required {
            Issue.record("truth lab cannot run in CI: \(why)")
        } else {
            print("truth lab skipped: \(why) (it runs, and must pass, with CI=true as root)")
        }
    }

    struct Model {
        var facts: [String: String]
        /// code → (message, fix)
        var findings: [String: (message: String, fix: String, severity: String)]
    }

    /// memlint's model of `runtime` running `argv` under `limit` (`memlint debug runtime`).
    static func model(_ runtime: String, limit: String?, env: [String: String], argv: [String], image: String? = nil) throws -> [String: String] {
        try modelWithFindings(runtime, limit: limit, env: env, argv: argv, image: image).facts
    }

    static func modelWithFindings(_ runtime: String, limit: String?, env: [String: String], argv: [String], image: String? = nil,
                                  parameters: [String: String] = [:]) throws -> Model {
        var arguments = ["debug", "runtime", runtime]
        if let limit { arguments += ["--limit", limit] }
        for (key, value) in parameters.sorted(by: { $0.key < $1.key }) { arguments += ["--setting", "\(key)=\(value)"] }
        if let image { arguments += ["--image", image] }
        for (key, value) in env.sorted(by: { $0.key < $1.key }) { arguments += ["--env", "\(key)=\(value)"] }
        let result = try runMemlint(arguments + ["--"] + argv)
        guard result.status == 0, let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
              let facts = object["facts"] as? [String: String] else {
            throw LabUnavailable("memlint debug runtime failed: \(result.stderr)")
        }
        var findings: [String: (message: String, fix: String, severity: String)] = [:]
        for finding in object["findings"] as? [[String: String]] ?? [] {
            findings[finding["code"] ?? ""] = (finding["message"] ?? "", finding["fix"] ?? "", finding["severity"] ?? "")
        }
        return Model(facts: facts, findings: findings)
    }

    static func parallel<T: Sendable, R: Sendable>(_ items: [T], _ body: @Sendable (T) -> R) -> [R] {
        let results = Results<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: min(2, max(1, items.count))) { worker in
            var index = worker
            while index < items.count {
                results.set(index, body(items[index]))
                index += 2
            }
        }
        return results.values
    }
}

private final class Results<R>: @unchecked Sendable {
    private var storage: [R?]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: R) { lock.lock(); storage[index] = value; lock.unlock() }
    var values: [R] { storage.map { $0! } }
}

extension Lab {
    /// Prints how many of `outcomes` (one list of disagreements per combination) agree, and each
    /// disagreement, then expects none.
    static func report(_ what: String, _ outcomes: [[Disagreement]], sourceLocation: SourceLocation = #_sourceLocation) {
        let disagreements = outcomes.flatMap { $0 }
        let agreeing = outcomes.filter(\.isEmpty).count
        let share = String(format: "%.1f", Double(agreeing) * 100 / Double(max(outcomes.count, 1)))
        print("truth lab, \(what): \(outcomes.count) combinations, \(agreeing) agree (\(share) %)")
        for d in disagreements { print("  \(d)") }
        #expect(disagreements.isEmpty, "memlint's model disagrees with the real runtime on \(disagreements.count) figures; see the list above",
                sourceLocation: sourceLocation)
    }
}

/// One comparison that did not agree, for the report.
struct Disagreement: Sendable, CustomStringConvertible {
    var configuration: String
    var field: String
    var real: String
    var model: String
    var description: String { "\(configuration): \(field) real \(real), memlint \(model)" }
}
