@testable import MemlintCEL
import Testing

/// The parts of CEL the differential test cannot reach: the checker (errors before any container
/// is seen), Kubernetes' quantity library, the cost bound, and syntax errors with their offsets.
@Suite struct CELTests {
    static let model: [String: CELType] = [
        "container": .object("Container", ["name": .string, "memory": .object("Memory", ["limit": .int, "request": .int])]),
        "runtime": .object("Runtime", ["name": .string, "jvm": .object("JVM", ["maxHeap": .int, "options": .list(.string)])]),
    ]

    func value(_ text: String, _ variables: [String: CELValue] = [:]) throws -> CELValue {
        try CELEvaluator.evaluate(try CELParser.parse(text), variables).get()
    }

    @Test func theIssuesExampleChecksAndEvaluates() throws {
        let expression = try CELParser.parse("runtime.jvm.maxHeap > container.memory.limit * 75 / 100")
        #expect(try CELChecker.check(expression, variables: Self.model) == .bool)
        let variables: [String: CELValue] = [
            "container": .map(CELMap([("memory", .map(CELMap([("limit", .int(1 << 30))])))])),
            "runtime": .map(CELMap([("jvm", .map(CELMap([("maxHeap", .int(900 << 20))])))])),
        ]
        #expect(CELValue.equal(try value("runtime.jvm.maxHeap > container.memory.limit * 75 / 100", variables), .bool(true)))
    }

    @Test(arguments: [
        ("runtime.jvm.maxHeapp > 1", 12, "JVM has no field 'maxHeapp'"),
        ("container.memory.limit + \"Mi\"", 23, "no matching overload for '+' applied to (int, string)"),
        ("contianer.name == 'a'", 0, "undeclared reference to 'contianer'"),
        ("size(container.memory)", 0, "no matching overload for size(Memory)"),
        ("runtime.jvm.options.exists(o, o > 1)", 32, "no matching overload for '>' applied to (string, int)"),
        ("container.name.lenght()", 15, "no method 'lenght'"),
        ("container.memory.limit ? 1 : 2", 17, "the condition of '?:' needs bool, not int"),
    ])
    func typeErrorsAreFoundBeforeEvaluation(text: String, offset: Int, message: String) throws {
        let expression = try CELParser.parse(text)
        #expect(throws: CELCheckError.self) { try CELChecker.check(expression, variables: Self.model) }
        do { _ = try CELChecker.check(expression, variables: Self.model) } catch {
            #expect(error.message.hasPrefix(message), "\(error.message)")
            #expect(error.offset == offset)
        }
    }

    @Test(arguments: [("1 +", 3), ("(1", 2), ("'open", 0), ("a.b(", 4), ("1 ? 2", 5), ("x # y", 2)])
    func syntaxErrorsArePositioned(text: String, offset: Int) {
        do { _ = try CELParser.parse(text); Issue.record("\(text) parsed") } catch { #expect(error.offset == offset, "\(text): \(error.message)") }
    }

    @Test func kubernetesQuantityLibrary() throws {
        #expect(CELValue.equal(try value("quantity('1Gi').isGreaterThan(quantity('512Mi'))"), .bool(true)))
        #expect(CELValue.equal(try value("quantity('512Mi').asInteger()"), .int(536_870_912)))
        #expect(CELValue.equal(try value("quantity('1.5Gi').compareTo(quantity('1536Mi'))"), .int(0)))
        #expect(CELValue.equal(try value("isQuantity('2GB')"), .bool(false)))
        #expect(CELValue.equal(try value("quantity('100m').isInteger()"), .bool(false)))
        #expect(CELValue.equal(try value("quantity('1Gi').add(quantity('1Gi')).asInteger()"), .int(2 << 30)))
        #expect(throws: CELError.self) { try value("quantity('512mi')") }
    }

    @Test func semanticsTheSpecFixes() throws {
        #expect(CELValue.equal(try value("1 / 0 > 1 || true"), .bool(true)), "|| absorbs the error")
        #expect(CELValue.equal(try value("false && 1 / 0 > 1"), .bool(false)))
        #expect(CELValue.equal(try value("[0, 1].all(v, 1 / v > 5)"), .bool(false)), "a decisive element wins over another's error")
        #expect(throws: CELError.self) { try value("9223372036854775807 + 1") }
        #expect(throws: CELError.self) { try value("1 + 1.0") }
        #expect(CELValue.equal(try value("1 == 1.0 && 2u < 3.5"), .bool(true)), "numbers compare across types, as in cel-go")
        #expect(CELValue.equal(try value("size('한글')"), .int(2)), "size counts code points")
        #expect(CELValue.equal(try value("{'a': 1}.a + [1, 2, 3].filter(x, x > 1).size()"), .int(3)))
        #expect(CELValue.equal(try value("has({'a': 1}.b)"), .bool(false)))
        #expect(CELValue.equal(try value("'memlint'.matches('^mem.*t$')"), .bool(true)))
    }

    /// `matches` as RE2 (cel-go's engine) answers: unanchored search, code points not grapheme
    /// clusters, the syntax rules use; a pattern that does not compile is an error.
    @Test(arguments: [(String, String, Bool)]([
        ("'eclipse-temurin:17-jre'", "'^eclipse-temurin:(1[17]|2[15])'", true),
        ("'registry.example.com/api:1.2.3'", "'example'", true),
        ("'api'", "'^API$'", false),
        ("'api'", "'(?i)^API$'", true),
        ("'-Xmx512m -Xss1m'", "'-Xmx[0-9]+[kKmMgG]?'", true),
        ("'512Mi'", "'^[0-9]+(Ki|Mi|Gi)$'", true),
        ("'512MB'", "'^[0-9]+(Ki|Mi|Gi)$'", false),
        ("'a.b'", #"'a\\.b'"#, true),
        ("'axb'", #"'a\\.b'"#, false),
        ("'한'", "'^.$'", true),
        ("'e\\u0301'", "'^.$'", false),
        (#"'line1\nline2'"#, "'^line2'", false),
        (#"'line1\nline2'"#, "'(?m)^line2'", true),
        ("''", "'^$'", true),
    ]))
    func matchesAsRE2Does(subject: String, pattern: String, expected: Bool) throws {
        #expect(CELValue.equal(try value("\(subject).matches(\(pattern))"), .bool(expected)), "\(subject).matches(\(pattern))")
    }

    @Test func aPatternThatDoesNotCompileIsAnError() {
        #expect(throws: CELError.self) { try value("'a'.matches('(')") }
    }

    @Test func aRunawayExpressionIsStopped() throws {
        let expression = try CELParser.parse("[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, a + b + c + d > 0))))")
        guard case .failure(let error) = CELEvaluator.evaluate(expression, [:], costLimit: 10_000) else {
            Issue.record("the expression finished under the cost limit")
            return
        }
        #expect(error.kind == .costLimit)
    }
}
