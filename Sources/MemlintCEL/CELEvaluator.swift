import FoundationEssentials
import Synchronization
import MemlintKubernetes

/// Evaluates a CEL expression over named variables with cel-spec semantics: errors are values
/// that `&&`, `||` and `?:` absorb where the spec says so (`false && error` is false, either way
/// round), integer overflow and division by zero are errors, no implicit numeric conversions in
/// arithmetic. Every node and every comprehension step costs one unit; past `costLimit` the
/// evaluation stops with `costLimit`.
public struct CELEvaluator {
    public var costLimit: Int
    private var cost = 0
    private var scopes: [[String: CELValue]]
    /// An ordering comparison met a NaN (false, as IEEE 754 and cel-go have it): for the
    /// differential test, where the reference errs instead.
    var comparedNaN = false

    public init(variables: [String: CELValue], costLimit: Int = 100_000) {
        self.costLimit = costLimit
        self.scopes = [variables]
    }

    public static func evaluate(_ expression: CELExpr, _ variables: [String: CELValue], costLimit: Int = 100_000) -> Result<CELValue, CELError> {
        var evaluator = CELEvaluator(variables: variables, costLimit: costLimit)
        do throws(CELError) { return .success(try evaluator.eval(expression)) } catch { return .failure(error) }
    }

    private mutating func charge() throws(CELError) {
        cost += 1
        if cost > costLimit { throw CELError(.costLimit, "more than \(costLimit) evaluation steps") }
    }

    private func lookup(_ name: String) -> CELValue? {
        for scope in scopes.reversed() { if let value = scope[name] { return value } }
        return nil
    }

    mutating func eval(_ e: CELExpr) throws(CELError) -> CELValue {
        try charge()
        switch e.kind {
        case .literal(let value): return value
        case .ident(let name):
            guard let value = lookup(name) else { throw CELError(.noSuchKey, "undeclared reference to '\(name)'") }
            return value
        case .select(let operand, let field, let testOnly):
            let base = try eval(operand)
            guard case .map(let map) = base else { throw CELError(.noSuchOverload, "field selection '.\(field)' on \(base.typeName)") }
            if testOnly { return .bool(map[.string(field)] != nil) }
            guard let value = map[.string(field)] else { throw CELError(.noSuchKey, field) }
            return value
        case .index(let operand, let key):
            return try index(try eval(operand), try eval(key))
        case .list(let items):
            var values: [CELValue] = []
            for item in items { values.append(try eval(item)) }
            return .list(values)
        case .map(let entries):
            var map = CELMap()
            for (keyExpr, valueExpr) in entries {
                let key = try eval(keyExpr)
                switch key {
                case .int, .uint, .bool, .string: break
                default: throw CELError(.invalidArgument, "a map key cannot be \(key.typeName)")
                }
                guard map[key] == nil else { throw CELError(.invalidArgument, "repeated map key \(key.literal)") }
                map[key] = try eval(valueExpr)
            }
            return .map(map)
        case .not(let operand):
            guard case .bool(let b) = try eval(operand) else { throw CELError(.noSuchOverload, "'!' needs a bool") }
            return .bool(!b)
        case .negate(let operand):
            switch try eval(operand) {
            case .int(let v):
                guard v != Int64.min else { throw CELError(.overflow, "-(\(v))") }
                return .int(-v)
            case .double(let v): return .double(-v)
            case let other: throw CELError(.noSuchOverload, "'-' applied to \(other.typeName)")
            }
        case .and(let left, let right):
            return try logical(left, right, absorbing: false)
        case .or(let left, let right):
            return try logical(left, right, absorbing: true)
        case .conditional(let condition, let then, let otherwise):
            guard case .bool(let b) = try eval(condition) else { throw CELError(.noSuchOverload, "'?:' needs a bool condition") }
            return try eval(b ? then : otherwise)
        case .binary(let op, let left, let right):
            let a = try eval(left), b = try eval(right)
            if ["<", "<=", ">", ">="].contains(op), a.isNaN || b.isNaN { comparedNaN = true }
            return try CELOperators.binary(op, a, b)
        case .call(let target, let name, let args):
            var values: [CELValue] = []
            let receiver = try target.map { expr throws(CELError) in try eval(expr) }
            for arg in args { values.append(try eval(arg)) }
            return try CELFunctions.call(name, receiver: receiver, values)
        case .comprehension(let macro, let range, let variable, let filter, let body):
            return try comprehension(macro, try eval(range), variable, filter, body)
        }
    }

    /// `&&` (absorbing false) and `||` (absorbing true): the absorbing value wins over an error on
    /// either side; otherwise the first error.
    private mutating func logical(_ left: CELExpr, _ right: CELExpr, absorbing: Bool) throws(CELError) -> CELValue {
        var firstError: CELError?
        for side in [left, right] {
            do throws(CELError) {
                let value = try eval(side)
                guard case .bool(let b) = value else { throw CELError(.noSuchOverload, "'\(absorbing ? "||" : "&&")' needs bools, got \(value.typeName)") }
                if b == absorbing { return .bool(absorbing) }
            } catch {
                if error.kind == .costLimit { throw error }
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
        return .bool(!absorbing)
    }

    private func index(_ base: CELValue, _ key: CELValue) throws(CELError) -> CELValue {
        switch base {
        case .list(let items):
            let position: Int
            switch key {
            case .int(let i): position = Int(exactly: i) ?? -1
            case .uint(let u): position = Int(exactly: u) ?? -1
            default: throw CELError(.noSuchOverload, "a list index must be a number, not \(key.typeName)")
            }
            guard position >= 0, position < items.count else { throw CELError(.indexOutOfRange, "index \(key) of a list of \(items.count)") }
            return items[position]
        case .map(let map):
            if let value = map[key] { return value }
            throw CELError(.noSuchKey, key.literal)
        default:
            throw CELError(.noSuchOverload, "indexing \(base.typeName)")
        }
    }

    private mutating func comprehension(_ macro: String, _ range: CELValue, _ variable: String, _ filter: CELExpr?, _ body: CELExpr) throws(CELError) -> CELValue {
        let elements: [CELValue]
        switch range {
        case .list(let items): elements = items
        case .map(let map): elements = map.entries.map(\.key)
        default: throw CELError(.noSuchOverload, "\(macro)() over \(range.typeName)")
        }
        scopes.append([:])
        defer { scopes.removeLast() }
        var matches = 0
        var results: [CELValue] = []
        var firstError: CELError?
        for element in elements {
            try charge()
            scopes[scopes.count - 1][variable] = element
            switch macro {
            case "all", "exists":
                // Like && / ||: a decisive element wins over another element's error.
                do throws(CELError) {
                    let value = try eval(body)
                    guard case .bool(let b) = value else { throw CELError(.noSuchOverload, "\(macro)() needs a bool predicate") }
                    if b == (macro == "exists") { return .bool(b) }
                } catch {
                    if error.kind == .costLimit { throw error }
                    if firstError == nil { firstError = error }
                }
            case "exists_one":
                guard case .bool(let b) = try eval(body) else { throw CELError(.noSuchOverload, "exists_one() needs a bool predicate") }
                if b { matches += 1 }
            case "filter":
                guard case .bool(let b) = try eval(body) else { throw CELError(.noSuchOverload, "filter() needs a bool predicate") }
                if b { results.append(element) }
            default:  // map
                if let filter {
                    guard case .bool(let keep) = try eval(filter) else { throw CELError(.noSuchOverload, "map()'s filter must be a bool") }
                    if !keep { continue }
                }
                results.append(try eval(body))
            }
        }
        switch macro {
        case "all", "exists":
            if let firstError { throw firstError }
            return .bool(macro == "all")
        case "exists_one": return .bool(matches == 1)
        default: return .list(results)
        }
    }
}

enum CELOperators {
    static func binary(_ op: String, _ a: CELValue, _ b: CELValue) throws(CELError) -> CELValue {
        switch op {
        case "==": return .bool(CELValue.equal(a, b))
        case "!=": return .bool(!CELValue.equal(a, b))
        case "<", "<=", ">", ">=":
            let order: Int
            switch (a, b) {
            case (.string(let x), .string(let y)): order = x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) ? -1 : (x == y ? 0 : 1)
            case (.bool(let x), .bool(let y)): order = x == y ? 0 : (x ? 1 : -1)
            default:
                guard let numeric = CELValue.numericOrder(a, b) else {
                    if case .double(let x) = a, x.isNaN, b.isNumber { return .bool(false) }
                    if case .double(let y) = b, y.isNaN, a.isNumber { return .bool(false) }
                    throw CELError(.noSuchOverload, "'\(op)' applied to (\(a.typeName), \(b.typeName))")
                }
                order = numeric
            }
            switch op {
            case "<": return .bool(order < 0)
            case "<=": return .bool(order <= 0)
            case ">": return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case "in":
            switch b {
            case .list(let items): return .bool(items.contains { CELValue.equal($0, a) })
            case .map(let map): return .bool(map[a] != nil || map.entries.contains { CELValue.equal($0.key, a) })
            default: throw CELError(.noSuchOverload, "'in' applied to \(b.typeName)")
            }
        default:
            return try arithmetic(op, a, b)
        }
    }

    static func arithmetic(_ op: String, _ a: CELValue, _ b: CELValue) throws(CELError) -> CELValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (value, overflow): (Int64, Bool)
            switch op {
            case "+": (value, overflow) = x.addingReportingOverflow(y)
            case "-": (value, overflow) = x.subtractingReportingOverflow(y)
            case "*": (value, overflow) = x.multipliedReportingOverflow(by: y)
            case "/":
                guard y != 0 else { throw CELError(.divisionByZero) }
                (value, overflow) = x.dividedReportingOverflow(by: y)
            default:
                guard y != 0 else { throw CELError(.moduloByZero) }
                (value, overflow) = x.remainderReportingOverflow(dividingBy: y)
            }
            if overflow { throw CELError(.overflow, "\(x) \(op) \(y)") }
            return .int(value)
        case (.uint(let x), .uint(let y)):
            let (value, overflow): (UInt64, Bool)
            switch op {
            case "+": (value, overflow) = x.addingReportingOverflow(y)
            case "-": (value, overflow) = x.subtractingReportingOverflow(y)
            case "*": (value, overflow) = x.multipliedReportingOverflow(by: y)
            case "/":
                guard y != 0 else { throw CELError(.divisionByZero) }
                (value, overflow) = x.dividedReportingOverflow(by: y)
            default:
                guard y != 0 else { throw CELError(.moduloByZero) }
                (value, overflow) = x.remainderReportingOverflow(dividingBy: y)
            }
            if overflow { throw CELError(.overflow, "\(x)u \(op) \(y)u") }
            return .uint(value)
        case (.double(let x), .double(let y)):
            switch op {
            case "+": return .double(x + y)
            case "-": return .double(x - y)
            case "*": return .double(x * y)
            case "/": return .double(x / y)
            default: throw CELError(.noSuchOverload, "'%' applied to (double, double)")
            }
        case (.string(let x), .string(let y)) where op == "+": return .string(x + y)
        case (.list(let x), .list(let y)) where op == "+": return .list(x + y)
        default:
            throw CELError(.noSuchOverload, "'\(op)' applied to (\(a.typeName), \(b.typeName))")
        }
    }
}

extension CELValue {
    var isNaN: Bool {
        if case .double(let d) = self { return d.isNaN }
        return false
    }

    var isNumber: Bool {
        switch self {
        case .int, .uint, .double: true
        default: false
        }
    }
}

/// The functions rules call: cel-spec's standard ones memlint's model needs, and Kubernetes'
/// quantity library (`k8s.io/apiserver/pkg/cel/library/quantity.go`).
enum CELFunctions {
    static let global: Set<String> = ["size", "int", "uint", "double", "string", "bool", "quantity", "isQuantity", "type"]
    static let methods: Set<String> = [
        "size", "contains", "startsWith", "endsWith", "matches", "lowerAscii", "upperAscii",
        "isGreaterThan", "isLessThan", "compareTo", "asInteger", "asApproximateFloat", "isInteger", "sign", "add", "sub",
    ]

    static func call(_ name: String, receiver: CELValue?, _ args: [CELValue]) throws(CELError) -> CELValue {
        var all = args
        if let receiver { all.insert(receiver, at: 0) }
        func bad() -> CELError { CELError(.noSuchOverload, "\(name)(\(all.map(\.typeName).joined(separator: ", ")))") }
        switch (name, all.count) {
        case ("size", 1):
            switch all[0] {
            case .string(let s): return .int(Int64(s.unicodeScalars.count))
            case .list(let items): return .int(Int64(items.count))
            case .map(let map): return .int(Int64(map.count))
            default: throw bad()
            }
        case ("contains", 2), ("startsWith", 2), ("endsWith", 2):
            guard receiver != nil, case .string(let s) = all[0], case .string(let t) = all[1] else { throw bad() }
            // By code points, as CEL compares strings (not by Swift's grapheme clusters).
            let a = s.unicodeScalars, b = t.unicodeScalars
            switch name {
            case "contains":
                if b.isEmpty { return .bool(true) }
                var index = a.startIndex
                while index != a.endIndex {
                    if a[index...].starts(with: b) { return .bool(true) }
                    index = a.index(after: index)
                }
                return .bool(false)
            case "startsWith": return .bool(a.starts(with: b))
            default: return .bool(a.reversed().starts(with: b.reversed()))
            }
        case ("matches", 2):
            guard case .string(let s) = all[0], case .string(let pattern) = all[1] else { throw bad() }
            guard let regex = RegexCache.shared.compiled(pattern) else { throw CELError(.invalidArgument, "bad regular expression \(pattern)") }
            return .bool((try? regex.firstMatch(in: s)) != nil)
        case ("lowerAscii", 1), ("upperAscii", 1):
            guard receiver != nil, case .string(let s) = all[0] else { throw bad() }
            return .string(String(String.UnicodeScalarView(s.unicodeScalars.map { c in
                let v = c.value
                if name == "lowerAscii", v >= 65, v <= 90 { return Unicode.Scalar(v + 32)! }
                if name == "upperAscii", v >= 97, v <= 122 { return Unicode.Scalar(v - 32)! }
                return c
            })))
        case ("int", 1):
            switch all[0] {
            case .int: return all[0]
            case .uint(let u): guard let v = Int64(exactly: u) else { throw CELError(.overflow, "int(\(u)u)") }; return .int(v)
            case .double(let d):
                guard d.isFinite, d > -9.223372036854775808e18 - 1, d < 9.223372036854775807e18 else { throw CELError(.overflow, "int(\(d))") }
                return .int(Int64(d.rounded(.towardZero)))
            case .string(let s): guard let v = Int64(s) else { throw CELError(.invalidArgument, "int(\"\(s)\")") }; return .int(v)
            default: throw bad()
            }
        case ("uint", 1):
            switch all[0] {
            case .uint: return all[0]
            case .int(let i): guard let v = UInt64(exactly: i) else { throw CELError(.overflow, "uint(\(i))") }; return .uint(v)
            case .double(let d):
                guard d.isFinite, d > -1, d < 1.8446744073709552e19 else { throw CELError(.overflow, "uint(\(d))") }
                return .uint(UInt64(d.rounded(.towardZero)))
            case .string(let s): guard let v = UInt64(s) else { throw CELError(.invalidArgument, "uint(\"\(s)\")") }; return .uint(v)
            default: throw bad()
            }
        case ("double", 1):
            switch all[0] {
            case .double: return all[0]
            case .int(let i): return .double(Double(i))
            case .uint(let u): return .double(Double(u))
            case .string(let s): guard let v = Double(s) else { throw CELError(.invalidArgument, "double(\"\(s)\")") }; return .double(v)
            default: throw bad()
            }
        case ("string", 1):
            switch all[0] {
            case .string: return all[0]
            case .int(let i): return .string(String(i))
            case .uint(let u): return .string(String(u))
            case .double(let d): return .string(CELValue.format(d))
            case .quantity(let q): return .string(q.text)
            default: throw bad()
            }
        case ("bool", 1):
            switch all[0] {
            case .bool: return all[0]
            case .string(let s):
                if ["true", "True", "TRUE", "t", "1"].contains(s) { return .bool(true) }
                if ["false", "False", "FALSE", "f", "0"].contains(s) { return .bool(false) }
                throw CELError(.invalidArgument, "bool(\"\(s)\")")
            default: throw bad()
            }
        case ("type", 1): return .type(all[0].typeName)
        case ("quantity", 1):
            guard receiver == nil, case .string(let s) = all[0] else { throw bad() }
            guard case .success(let q) = Quantity.parse(s) else { throw CELError(.invalidArgument, "quantity(\"\(s)\") is not a Kubernetes quantity") }
            return .quantity(q)
        case ("isQuantity", 1):
            guard receiver == nil, case .string(let s) = all[0] else { throw bad() }
            if case .success = Quantity.parse(s) { return .bool(true) }
            return .bool(false)
        default:
            return try quantityMethod(name, all, bad)
        }
    }

    private static func quantityMethod(_ name: String, _ all: [CELValue], _ bad: () -> CELError) throws(CELError) -> CELValue {
        guard case .quantity(let q) = all.first else { throw bad() }
        switch (name, all.count) {
        case ("isGreaterThan", 2), ("isLessThan", 2), ("compareTo", 2):
            guard case .quantity(let other) = all[1] else { throw bad() }
            let order = q.compare(other)
            if name == "compareTo" { return .int(Int64(order)) }
            return .bool(name == "isGreaterThan" ? order > 0 : order < 0)
        case ("asInteger", 1):
            let (value, exact) = q.signedValue
            guard exact else { throw CELError(.overflow, "\(q.text) is not an integer that fits int") }
            return .int(value)
        case ("isInteger", 1):
            return .bool(q.signedValue.exact)
        case ("asApproximateFloat", 1):
            return .double(q.approximate * (q.isNegative ? -1 : 1))
        case ("sign", 1):
            let (value, _) = q.signedValue
            return .int(value == 0 && q.approximate == 0 ? 0 : (q.isNegative ? -1 : 1))
        case ("add", 2), ("sub", 2):
            let (x, exactX) = q.signedValue
            let y: Int64
            switch all[1] {
            case .int(let i): y = i
            case .quantity(let other):
                let (value, exact) = other.signedValue
                guard exact else { throw CELError(.invalidArgument, "\(other.text) is not whole") }
                y = value
            default: throw bad()
            }
            guard exactX else { throw CELError(.invalidArgument, "\(q.text) is not whole") }
            let (sum, overflow) = name == "add" ? x.addingReportingOverflow(y) : x.subtractingReportingOverflow(y)
            guard !overflow, case .success(let result) = Quantity.parse(String(sum)) else { throw CELError(.overflow, "\(q.text) \(name) \(y)") }
            return .quantity(result)
        default:
            throw bad()
        }
    }
}

/// Compiled `matches` patterns: a rule's pattern is compiled once per run, not once per container.
/// Swift's Regex, matching Unicode scalars as RE2 does (not grapheme clusters); a compiled Regex is
/// a value that threads may share.
final class RegexCache: Sendable {
    static let shared = RegexCache()
    private let compiled = Mutex<[String: Regex<AnyRegexOutput>?]>([:])

    func compiled(_ pattern: String) -> Regex<AnyRegexOutput>? {
        compiled.withLock { compiled in
            if let known = compiled[pattern] { return known }
            let regex = (try? Regex(pattern))?.matchingSemantics(.unicodeScalar)
            // Patterns built from data could grow it without end: keep a bounded set.
            if compiled.count < 1024 { compiled[pattern] = regex }
            return regex
        }
    }
}

