/// A static CEL type: what the checker knows before any container is seen. `object` is a model
/// message with named fields (a field the model does not have is an error when `.lint.yml` is
/// read); `dyn` is anything, checked when the rule runs.
public indirect enum CELType: Sendable, Equatable, CustomStringConvertible {
    case int, uint, double, bool, string, null, dyn, quantity, type
    case list(CELType)
    case map(CELType, CELType)
    case object(String, [String: CELType])

    public var description: String {
        switch self {
        case .int: "int"
        case .uint: "uint"
        case .double: "double"
        case .bool: "bool"
        case .string: "string"
        case .null: "null_type"
        case .dyn: "dyn"
        case .quantity: "kubernetes.Quantity"
        case .type: "type"
        case .list(let element): "list(\(element))"
        case .map(let key, let value): "map(\(key), \(value))"
        case .object(let name, _): name
        }
    }

    public static func == (a: CELType, b: CELType) -> Bool {
        switch (a, b) {
        case (.int, .int), (.uint, .uint), (.double, .double), (.bool, .bool), (.string, .string), (.null, .null), (.dyn, .dyn),
             (.quantity, .quantity), (.type, .type): true
        case (.list(let x), .list(let y)): x == y
        case (.map(let k1, let v1), .map(let k2, let v2)): k1 == k2 && v1 == v2
        case (.object(let x, _), .object(let y, _)): x == y
        default: false
        }
    }

    var isDyn: Bool { self == .dyn }
    var isNumeric: Bool { self == .int || self == .uint || self == .double }
}

public struct CELCheckError: Error, Sendable, Equatable {
    public var message: String
    public var offset: Int
}

/// Type-checks an expression against the variables' declared types: unknown variables, fields
/// and functions, and operators applied to types they have no overload for, are errors here,
/// before any container is evaluated. What is `dyn` is left to evaluation.
public struct CELChecker {
    private var scopes: [[String: CELType]]

    public init(variables: [String: CELType]) { scopes = [variables] }

    public static func check(_ expression: CELExpr, variables: [String: CELType]) throws(CELCheckError) -> CELType {
        var checker = CELChecker(variables: variables)
        return try checker.type(of: expression)
    }

    private func lookup(_ name: String) -> CELType? {
        for scope in scopes.reversed() { if let type = scope[name] { return type } }
        return nil
    }

    private func fail(_ message: String, _ e: CELExpr) -> CELCheckError { CELCheckError(message: message, offset: e.offset) }

    mutating func type(of e: CELExpr) throws(CELCheckError) -> CELType {
        switch e.kind {
        case .literal(let value):
            switch value {
            case .int: return .int
            case .uint: return .uint
            case .double: return .double
            case .bool: return .bool
            case .string: return .string
            case .null: return .null
            default: return .dyn
            }
        case .ident(let name):
            guard let type = lookup(name) else {
                let known = scopes.flatMap(\.keys).sorted().joined(separator: ", ")
                throw fail("undeclared reference to '\(name)' (the model has \(known))", e)
            }
            return type
        case .select(let operand, let field, let testOnly):
            let base = try type(of: operand)
            let fieldType: CELType
            switch base {
            case .object(let name, let fields):
                guard let known = fields[field] else {
                    throw fail("\(name) has no field '\(field)' (it has \(fields.keys.sorted().joined(separator: ", ")))", e)
                }
                fieldType = known
            case .map(let key, let value) where key == .string || key.isDyn: fieldType = value
            case .dyn: fieldType = .dyn
            default: throw fail("'.\(field)' selects a field, but the value is \(base)", e)
            }
            return testOnly ? .bool : fieldType
        case .index(let operand, let key):
            let base = try type(of: operand)
            let keyType = try type(of: key)
            switch base {
            case .list(let element):
                guard keyType == .int || keyType == .uint || keyType.isDyn else { throw fail("a list index must be an int, not \(keyType)", key) }
                return element
            case .map(let k, let value):
                guard keyType == k || keyType.isDyn || k.isDyn else { throw fail("this map's keys are \(k), not \(keyType)", key) }
                return value
            case .dyn: return .dyn
            default: throw fail("\(base) cannot be indexed", e)
            }
        case .list(let items):
            let types = try items.map { item throws(CELCheckError) in try type(of: item) }
            return .list(Self.join(types))
        case .map(let entries):
            var keys: [CELType] = [], values: [CELType] = []
            for (key, value) in entries {
                keys.append(try type(of: key))
                values.append(try type(of: value))
            }
            return .map(Self.join(keys), Self.join(values))
        case .not(let operand):
            try expect(.bool, operand, "'!'")
            return .bool
        case .negate(let operand):
            let t = try type(of: operand)
            guard t == .int || t == .double || t.isDyn else { throw fail("'-' does not apply to \(t)", operand) }
            return t
        case .and(let left, let right), .or(let left, let right):
            try expect(.bool, left, "'&&' and '||'")
            try expect(.bool, right, "'&&' and '||'")
            return .bool
        case .conditional(let condition, let then, let otherwise):
            try expect(.bool, condition, "the condition of '?:'")
            let a = try type(of: then), b = try type(of: otherwise)
            return a == b ? a : .dyn
        case .binary(let op, let left, let right):
            return try binary(op, try type(of: left), try type(of: right), e)
        case .call(let target, let name, let args):
            return try call(name, target: target.map { t throws(CELCheckError) in try type(of: t) }, args, e)
        case .comprehension(let macro, let range, let variable, let filter, let body):
            let rangeType = try type(of: range)
            let element: CELType
            switch rangeType {
            case .list(let t): element = t
            case .map(let k, _): element = k
            case .dyn: element = .dyn
            default: throw fail("\(macro)() needs a list or a map, not \(rangeType)", range)
            }
            scopes.append([variable: element])
            defer { scopes.removeLast() }
            if let filter { try expect(.bool, filter, "map()'s filter") }
            let bodyType = try type(of: body)
            switch macro {
            case "map": return .list(bodyType)
            case "filter":
                guard bodyType == .bool || bodyType.isDyn else { throw fail("filter() needs a bool predicate, not \(bodyType)", body) }
                return .list(element)
            default:
                guard bodyType == .bool || bodyType.isDyn else { throw fail("\(macro)() needs a bool predicate, not \(bodyType)", body) }
                return .bool
            }
        }
    }

    private mutating func expect(_ wanted: CELType, _ e: CELExpr, _ what: String) throws(CELCheckError) {
        let t = try type(of: e)
        guard t == wanted || t.isDyn else { throw fail("\(what) needs \(wanted), not \(t)", e) }
    }

    private static func join(_ types: [CELType]) -> CELType {
        guard let first = types.first else { return .dyn }
        return types.allSatisfy { $0 == first } ? first : .dyn
    }

    private func binary(_ op: String, _ a: CELType, _ b: CELType, _ e: CELExpr) throws(CELCheckError) -> CELType {
        let noOverload = fail("no matching overload for '\(op)' applied to (\(a), \(b))", e)
        switch op {
        case "==", "!=": return .bool
        case "<", "<=", ">", ">=":
            if a.isDyn || b.isDyn || (a.isNumeric && b.isNumeric) || (a == b && (a == .string || a == .bool)) { return .bool }
            throw noOverload
        case "in":
            switch b {
            case .list(let element): guard a == element || a.isDyn || element.isDyn || (a.isNumeric && element.isNumeric) else { throw noOverload }
            case .map(let key, _): guard a == key || a.isDyn || key.isDyn else { throw noOverload }
            case .dyn: break
            default: throw noOverload
            }
            return .bool
        default:
            if a.isDyn || b.isDyn { return a.isDyn ? b : a }
            guard a == b else { throw noOverload }
            switch a {
            case .int, .uint: return a
            case .double: guard op != "%" else { throw noOverload }; return a
            case .string, .list: guard op == "+" else { throw noOverload }; return a
            default: throw noOverload
            }
        }
    }

    private mutating func call(_ name: String, target: CELType?, _ args: [CELExpr], _ e: CELExpr) throws(CELCheckError) -> CELType {
        let types = try args.map { arg throws(CELCheckError) in try type(of: arg) }
        let all = (target.map { [$0] } ?? []) + types
        let known = target == nil ? CELFunctions.global : CELFunctions.methods
        guard known.contains(name) else {
            throw fail(target == nil ? "undeclared function '\(name)'" : "no method '\(name)' (methods: \(CELFunctions.methods.sorted().joined(separator: ", ")))", e)
        }
        func arity(_ n: Int) throws(CELCheckError) {
            guard all.count == n else { throw fail("\(name)() takes \(n - (target == nil ? 0 : 1)) argument\(n - (target == nil ? 0 : 1) == 1 ? "" : "s")", e) }
        }
        func accepts(_ t: CELType, _ allowed: [CELType]) -> Bool { t.isDyn || allowed.contains(t) || allowed.contains { if case .list = $0, case .list = t { true } else if case .map = $0, case .map = t { true } else { false } } }
        func argument(_ i: Int, _ allowed: [CELType]) throws(CELCheckError) {
            guard accepts(all[i], allowed) else { throw fail("no matching overload for \(name)(\(all.map(\.description).joined(separator: ", ")))", e) }
        }
        switch name {
        case "size":
            try arity(1); try argument(0, [.string, .list(.dyn), .map(.dyn, .dyn)]); return .int
        case "contains", "startsWith", "endsWith", "matches":
            try arity(2); try argument(0, [.string]); try argument(1, [.string]); return .bool
        case "lowerAscii", "upperAscii":
            try arity(1); try argument(0, [.string]); return .string
        case "int": try arity(1); try argument(0, [.int, .uint, .double, .string]); return .int
        case "uint": try arity(1); try argument(0, [.int, .uint, .double, .string]); return .uint
        case "double": try arity(1); try argument(0, [.int, .uint, .double, .string]); return .double
        case "string": try arity(1); try argument(0, [.int, .uint, .double, .string, .quantity]); return .string
        case "bool": try arity(1); try argument(0, [.bool, .string]); return .bool
        case "type": try arity(1); return .type
        case "quantity": try arity(1); try argument(0, [.string]); return .quantity
        case "isQuantity": try arity(1); try argument(0, [.string]); return .bool
        case "isGreaterThan", "isLessThan":
            try arity(2); try argument(0, [.quantity]); try argument(1, [.quantity]); return .bool
        case "compareTo": try arity(2); try argument(0, [.quantity]); try argument(1, [.quantity]); return .int
        case "asInteger", "sign": try arity(1); try argument(0, [.quantity]); return .int
        case "isInteger": try arity(1); try argument(0, [.quantity]); return .bool
        case "asApproximateFloat": try arity(1); try argument(0, [.quantity]); return .double
        default:  // add, sub
            try arity(2); try argument(0, [.quantity]); try argument(1, [.quantity, .int]); return .quantity
        }
    }
}
