import Foundation
@testable import MemlintCEL
import MemlintTestSupport
import Testing

/// memlint's CEL against a reference implementation from PyPI (common-expression-language, the
/// Rust `cel` crate, which follows cel-go as Kubernetes uses it): generated expressions over
/// generated variables must give the same value, or an error of the same class, in both.
/// `scripts/get-cel-reference` installs the reference; in CI it must be there.
@Suite struct CELDifferentialTests {
    static var reference: String { TestPaths.packageRoot.appendingPathComponent(".build/tools/cel-reference").path }
    static var hasReference: Bool { FileManager.default.fileExists(atPath: reference + "/cel/__init__.py") }

    @Test func theReferenceIsPresentInCI() {
        guard ProcessInfo.processInfo.environment["CI"] == "true" else { return }
        #expect(Self.hasReference, "CI must have the reference CEL: scripts/test runs scripts/get-cel-reference")
    }

    @Test(.enabled(if: hasReference))
    func generatedExpressionsAgreeWithTheReference() throws {
        // MEMLINT_CEL_SEED / MEMLINT_CEL_CASES explore further by hand; CI runs the fixed seed.
        let environment = ProcessInfo.processInfo.environment
        var generator = ExpressionGenerator(seed: environment["MEMLINT_CEL_SEED"].flatMap(UInt64.init) ?? 20261202)
        let cases = (0..<(environment["MEMLINT_CEL_CASES"].flatMap(Int.init) ?? 3000)).map { _ in generator.next() }
        let lines = try cases.map { c -> String in
            let object: [String: Any] = ["expr": c.expression, "vars": c.variables.mapValues(\.json)]
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        let output = try Self.runReference(lines.joined(separator: "\n") + "\n")
        let results = output.split(separator: "\n").map(String.init)
        try #require(results.count == cases.count, "the reference answered \(results.count) of \(cases.count)")
        var differences: [String] = []
        var deviations: [String: Int] = [:]
        var errors = 0
        for (c, line) in zip(cases, results) {
            let reference = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let ours: Result<CELValue, CELError>
            var evaluator = CELEvaluator(variables: c.variables)
            do {
                let parsed = try CELParser.parse(c.expression)
                do throws(CELError) { ours = .success(try evaluator.eval(parsed)) } catch { ours = .failure(error) }
            } catch {
                differences.append("\(c.expression): memlint cannot parse it (\(error.message))")
                continue
            }
            switch (ours, reference["error"] as? String, reference["value"]) {
            case (.success(let value), nil, let theirs?):
                if !Self.same(value, theirs) { differences.append("\(c.expression) \(c.described): memlint \(value.literal), reference \(theirs)") }
            case (.failure(let error), let theirs?, nil):
                errors += 1
                // cel-spec: an expression with several failing parts yields one of their errors,
                // so two errors of different classes agree; counted to show how often.
                if Self.errorClass(error) != theirs { deviations["both errors, another one reported", default: 0] += 1 }
            case (.success(let value), let theirs?, _):
                // The reference's all() and exists() stop at an element's error; cel-spec (and
                // cel-go) let another element's decisive false (all) or true (exists) win.
                if case .bool = value, c.expression.contains(".all(") || c.expression.contains(".exists(") {
                    deviations["all()/exists() with an erring element", default: 0] += 1
                } else if evaluator.comparedNaN {
                    // IEEE 754 and cel-go: an ordering comparison with NaN is false; the reference errs.
                    deviations["ordering a NaN", default: 0] += 1
                } else {
                    differences.append("\(c.expression) \(c.described): memlint \(value.literal), reference error \(theirs)")
                }
            case (.failure(let error), _, let theirs):
                // Where the reference departs from cel-spec, memlint keeps to the spec; counted, not hidden.
                if let deviation = Self.referenceDeviation(error) {
                    deviations[deviation, default: 0] += 1
                } else {
                    differences.append("\(c.expression) \(c.described): memlint error \(error), reference \(theirs ?? "nothing")")
                }
            default:
                differences.append("\(c.expression): the reference gave neither a value nor an error")
            }
        }
        print("CEL differential: \(cases.count) generated expressions compared with common-expression-language 0.10.0, \(errors) of them errors in both; \(differences.count) differences; not counted as differences: \(deviations.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))")
        for difference in differences.prefix(30) { print("  " + difference) }
        #expect(differences.isEmpty, "\(differences.count) differences, first: \(differences.first ?? "")")
    }

    static func runReference(_ input: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestPaths.packageRoot.appendingPathComponent("Tests/MemlintCELTests/reference_cel.py").path]
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONPATH"] = reference
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The reference's known departures from cel-spec (checked by hand against the spec's
    /// `langdef.md`): it wraps `-(-9223372036854775808)` instead of reporting overflow, and it
    /// applies unary `-` and `!` to values that are not numbers or bools (`-true` is false).
    static func referenceDeviation(_ error: CELError) -> String? {
        if error.kind == .overflow, error.detail.hasPrefix("-(") { return "negating Int64.min" }
        if error.kind == .noSuchOverload, error.detail.hasPrefix("'-' applied to") || error.detail.hasPrefix("'!' needs") { return "unary operator on a wrong type" }
        return nil
    }

    static func errorClass(_ error: CELError) -> String {
        switch error.kind {
        case .divisionByZero, .moduloByZero: "division"
        case .overflow: "overflow"
        case .indexOutOfRange: "index"
        case .noSuchKey, .noSuchField: "key"
        case .noSuchOverload: "overload"
        case .invalidArgument: "argument"
        case .costLimit: "cost"
        }
    }

    /// Our value against the reference's typed JSON (its uints come back as ints).
    static func same(_ value: CELValue, _ theirs: Any) -> Bool {
        guard let typed = theirs as? [String: Any], let (kind, raw) = typed.first else { return false }
        switch (value, kind) {
        case (.int(let v), "int"): return String(v) == raw as? String
        case (.uint(let v), "int"): return String(v) == raw as? String
        case (.double(let v), "double"):
            guard let text = raw as? String, let d = Double(text.replacingOccurrences(of: "inf", with: "infinity")) else { return false }
            return v == d || (v.isNaN && d.isNaN) || abs(v - d) <= 1e-12 * max(abs(v), abs(d))
        case (.string(let v), "string"): return v == raw as? String
        case (.bool(let v), "bool"): return v == raw as? Bool
        case (.list(let items), "list"):
            guard let others = raw as? [Any], others.count == items.count else { return false }
            return zip(items, others).allSatisfy { same($0, $1) }
        case (.map(let map), "map"):
            guard let others = raw as? [[Any]], others.count == map.count else { return false }
            return zip(map.entries, others).allSatisfy { same($0.key, $1[0]) && same($0.value, $1[1]) }
        default: return false
        }
    }
}

/// Random expressions by type (int, double, bool, string, list of ints), mostly well typed and
/// now and then not (overload errors), with the values CEL's edge cases live at: Int64's ends,
/// zero divisors, out-of-range indexes, missing keys.
struct ExpressionGenerator {
    struct Case {
        var expression: String
        var variables: [String: CELValue]
        var described: String { "with " + variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.literal)" }.joined(separator: " ") }
    }

    enum Kind: CaseIterable { case int, double, bool, string, list }

    private var generator: SeededRandom

    init(seed: UInt64) { generator = SeededRandom(seed: seed) }

    private mutating func random() -> UInt64 { generator.next() }

    private mutating func pick<T>(_ items: [T]) -> T { items[Int(random() % UInt64(items.count))] }
    private mutating func chance(_ percent: UInt64) -> Bool { random() % 100 < percent }

    mutating func next() -> Case {
        let variables: [String: CELValue] = [
            "x": .int(pick([0, 1, -1, 3, 7, 100, -42, Int64.max, Int64.min, 1 << 40])),
            "y": .double(pick([0.0, 0.5, -2.5, 1.0, 3.75, 1e10, -0.0])),
            "s": .string(pick(["", "a", "abc", "bca", "ab", "Mi"])),
            "b": .bool(chance(50)),
            "l": .list(pick([[], [1], [1, 2, 3], [0, -1, 5, 2]].map { $0.map { CELValue.int($0) } })),
            "m": .map(CELMap(pick([[], [("a", CELValue.int(1))], [("a", .int(2)), ("b", .int(0))]]))),
        ]
        return Case(expression: expression(pick(Kind.allCases), depth: 0), variables: variables)
    }

    private mutating func expression(_ kind: Kind, depth: Int) -> String {
        // Now and then an operand of the wrong type, to compare overload errors.
        let kind = chance(6) ? pick(Kind.allCases) : kind
        let leaf = depth >= 3 || chance(25)
        switch kind {
        case .int:
            if leaf { return pick(["0", "1", "-1", "2", "7", "100", "9223372036854775807", "-9223372036854775807", "3000000000", "x", "x", "size(s)", "size(l)"]) }
            switch random() % 9 {
            case 0, 1, 2: return "(\(expression(.int, depth: depth + 1)) \(pick(["+", "-", "*", "/", "%"])) \(expression(.int, depth: depth + 1)))"
            case 3: return "-\(expression(.int, depth: depth + 1))"
            case 4: return "l[\(expression(.int, depth: depth + 1))]"
            case 5: return pick(["m.a", "m[\"b\"]", "m[s]"])
            case 6: return "int(\(expression(.double, depth: depth + 1)))"
            case 7: return "(\(expression(.bool, depth: depth + 1)) ? \(expression(.int, depth: depth + 1)) : \(expression(.int, depth: depth + 1)))"
            default: return "\(expression(.list, depth: depth + 1)).size()"
            }
        case .double:
            if leaf { return pick(["0.0", "0.5", "-2.5", "1.0", "1e10", "y", "y"]) }
            switch random() % 4 {
            case 0, 1: return "(\(expression(.double, depth: depth + 1)) \(pick(["+", "-", "*", "/"])) \(expression(.double, depth: depth + 1)))"
            case 2: return "double(\(expression(.int, depth: depth + 1)))"
            default: return "-\(expression(.double, depth: depth + 1))"
            }
        case .bool:
            if leaf { return pick(["true", "false", "b", "has(m.a)", "\"a\" in m"]) }
            switch random() % 10 {
            case 0, 1:
                let a = pick([Kind.int, .double, .string]), c = chance(70) ? a : pick([Kind.int, .double])
                return "(\(expression(a, depth: depth + 1)) \(pick(["<", "<=", ">", ">=", "==", "!="])) \(expression(c, depth: depth + 1)))"
            case 2: return "(\(expression(.bool, depth: depth + 1)) \(pick(["&&", "||"])) \(expression(.bool, depth: depth + 1)))"
            case 3: return "!\(expression(.bool, depth: depth + 1))"
            case 4: return "(\(expression(.int, depth: depth + 1)) in \(expression(.list, depth: depth + 1)))"
            case 5: return "\(expression(.string, depth: depth + 1)).\(pick(["contains", "startsWith", "endsWith"]))(\(expression(.string, depth: depth + 1)))"
            case 6, 7:
                let body = pick(["v > 1", "v / x > 0", "v == 2", "v % 2 == 0", "v < x"])
                return "\(expression(.list, depth: depth + 1)).\(pick(["all", "exists", "exists_one"]))(v, \(body))"
            case 8: return "(\(expression(.list, depth: depth + 1)) == \(expression(.list, depth: depth + 1)))"
            default: return "(\(expression(.bool, depth: depth + 1)) ? \(expression(.bool, depth: depth + 1)) : \(expression(.bool, depth: depth + 1)))"
            }
        case .string:
            if leaf { return pick(["\"\"", "\"a\"", "\"abc\"", "'b'", "s", "s"]) }
            switch random() % 3 {
            case 0: return "(\(expression(.string, depth: depth + 1)) + \(expression(.string, depth: depth + 1)))"
            case 1: return "string(\(expression(.int, depth: depth + 1)))"
            default: return "(\(expression(.bool, depth: depth + 1)) ? \(expression(.string, depth: depth + 1)) : \(expression(.string, depth: depth + 1)))"
            }
        case .list:
            if leaf { return pick(["l", "l", "[]", "[1, 2]", "[x]"]) }
            switch random() % 4 {
            case 0: return "\(expression(.list, depth: depth + 1)).map(v, v \(pick(["*", "+", "-", "/"])) \(expression(.int, depth: depth + 2)))"
            case 1: return "\(expression(.list, depth: depth + 1)).filter(v, \(pick(["v > 1", "v % 2 == 0", "v != x"])))"
            case 2: return "(\(expression(.list, depth: depth + 1)) + \(expression(.list, depth: depth + 1)))"
            default: return "[\(expression(.int, depth: depth + 1)), \(expression(.int, depth: depth + 1))]"
            }
        }
    }
}

extension CELValue {
    /// The typed JSON the reference harness reads.
    var json: Any {
        switch self {
        case .int(let v): ["int": String(v)]
        case .uint(let v): ["uint": String(v)]
        case .double(let v): ["double": String(v)]
        case .string(let v): ["string": v]
        case .bool(let v): ["bool": v]
        case .list(let items): ["list": items.map(\.json)]
        case .map(let map): ["map": map.entries.map { [$0.key.json, $0.value.json] }]
        default: ["string": description]
        }
    }
}
