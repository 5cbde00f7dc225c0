import FoundationEssentials
import MemlintKubernetes

/// A CEL value (cel-spec "Values"): the types rules over the container model need, plus
/// Kubernetes' quantity. Maps keep their keys' order, as the model writes them.
public indirect enum CELValue: Sendable, CustomStringConvertible {
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case bool(Bool)
    case string(String)
    case null
    case list([CELValue])
    case map(CELMap)
    case quantity(Quantity)
    case type(String)

    public var typeName: String {
        switch self {
        case .int: "int"
        case .uint: "uint"
        case .double: "double"
        case .bool: "bool"
        case .string: "string"
        case .null: "null_type"
        case .list: "list"
        case .map: "map"
        case .quantity: "kubernetes.Quantity"
        case .type: "type"
        }
    }

    /// How a value reads in a message (`{{ … }}`): strings bare, the rest as CEL literals.
    public var description: String {
        switch self {
        case .int(let v): String(v)
        case .uint(let v): "\(v)u"
        case .double(let v): CELValue.format(v)
        case .bool(let v): String(v)
        case .string(let v): v
        case .null: "null"
        case .list(let items): "[" + items.map(\.literal).joined(separator: ", ") + "]"
        case .map(let map): "{" + map.entries.map { "\($0.key.literal): \($0.value.literal)" }.joined(separator: ", ") + "}"
        case .quantity(let q): q.text
        case .type(let name): name
        }
    }

    /// A double as `string()` writes it: shortest digits, a whole number without ".0" (what the
    /// reference implementation and cel-go print).
    static func format(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-inf" : "+inf" }
        // Shortest round-trip digits, written out in plain decimal (no exponent).
        var text = String(d.magnitude)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        var digits = text.filter { $0 != "." }
        var point = (text.firstIndex(of: ".").map { text.distance(from: text.startIndex, to: $0) } ?? text.count) + exponent
        while digits.count > 1, digits.first == "0", point > 1 { digits.removeFirst(); point -= 1 }
        if point <= 0 { digits = String(repeating: "0", count: 1 - point) + digits; point = 1 }
        if point > digits.count { digits += String(repeating: "0", count: point - digits.count) }
        var whole = String(digits.prefix(point))
        var fraction = String(digits.dropFirst(point))
        while fraction.last == "0" { fraction.removeLast() }
        if whole.isEmpty { whole = "0" }
        return (d.sign == .minus ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// Strings quoted, for lists and maps in messages.
    var literal: String {
        if case .string(let s) = self { return "\"" + s + "\"" }
        return description
    }
}

/// A CEL map: keys are ints, uints, bools or strings; lookups compare by CEL equality.
public struct CELMap: Sendable {
    public private(set) var entries: [(key: CELValue, value: CELValue)] = []
    /// String keys' places, only once the map is larger than a scan is cheap: the model's maps
    /// are small and built for every container.
    private var byString: [String: Int]?
    private static let indexedFrom = 16

    public init() {}

    public init(_ pairs: [(String, CELValue)]) {
        for (key, value) in pairs { self[.string(key)] = value }
    }

    public var count: Int { entries.count }

    private func index(of key: CELValue) -> Int? {
        if case .string(let s) = key {
            if let byString { return byString[s] }
            return entries.firstIndex { if case .string(let k) = $0.key { k == s } else { false } }
        }
        return entries.firstIndex { CELValue.equal($0.key, key) }
    }

    public subscript(key: CELValue) -> CELValue? {
        get { index(of: key).map { entries[$0].value } }
        set {
            let index = index(of: key)
            if let index {
                if let newValue { entries[index].value = newValue }
                return
            }
            guard let newValue else { return }
            entries.append((key, newValue))
            if byString == nil, entries.count >= Self.indexedFrom {
                var index: [String: Int] = [:]
                for (place, entry) in entries.enumerated() { if case .string(let k) = entry.key { index[k] = place } }
                byString = index
            } else if case .string(let s) = key {
                byString?[s] = entries.count - 1
            }
        }
    }
}

/// An evaluation error (cel-spec's error values): the kind is what differential tests compare.
public struct CELError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case noSuchOverload = "no such overload"
        case noSuchKey = "no such key"
        case noSuchField = "no such field"
        case divisionByZero = "division by zero"
        case moduloByZero = "modulus by zero"
        case overflow = "overflow"
        case indexOutOfRange = "index out of range"
        case invalidArgument = "invalid argument"
        case costLimit = "cost limit exceeded"
    }

    public var kind: Kind
    public var detail: String

    public init(_ kind: Kind, _ detail: String = "") {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { detail.isEmpty ? kind.rawValue : "\(kind.rawValue): \(detail)" }
}

extension CELValue {
    /// CEL equality: numbers compare by value across int, uint and double (cel-spec's
    /// heterogeneous equality), lists and maps element by element, other types never equal.
    public static func equal(_ a: CELValue, _ b: CELValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        case (.type(let x), .type(let y)): return x == y
        case (.quantity(let x), .quantity(let y)): return x.compare(y) == 0
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.map(let x), .map(let y)):
            return x.count == y.count && x.entries.allSatisfy { entry in y[entry.key].map { equal(entry.value, $0) } ?? false }
        default:
            if let order = numericOrder(a, b) { return order == 0 }
            return false
        }
    }

    /// -1, 0, 1 for two numbers of any numeric types; nil if either is not a number (or NaN).
    static func numericOrder(_ a: CELValue, _ b: CELValue) -> Int? {
        func order<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x > y ? 1 : 0) }
        switch (a, b) {
        case (.int(let x), .int(let y)): return order(x, y)
        case (.uint(let x), .uint(let y)): return order(x, y)
        case (.double(let x), .double(let y)): return x.isNaN || y.isNaN ? nil : order(x, y)
        case (.int(let x), .uint(let y)): return x < 0 ? -1 : order(UInt64(x), y)
        case (.uint(let x), .int(let y)): return y < 0 ? 1 : order(x, UInt64(y))
        case (.int(let x), .double(let y)): return y.isNaN ? nil : compare(x, y)
        case (.double(let x), .int(let y)): return x.isNaN ? nil : -compare(y, x)
        case (.uint(let x), .double(let y)): return y.isNaN ? nil : (y < 0 ? 1 : compare(x, y))
        case (.double(let x), .uint(let y)): return x.isNaN ? nil : (x < 0 ? -1 : -compare(y, x))
        default: return nil
        }
    }

    /// An integer against a double, exactly (no rounding of the integer to a double).
    private static func compare(_ x: Int64, _ y: Double) -> Int {
        if y >= 9.223372036854775807e18 { return -1 }
        if y < -9.223372036854775808e18 { return 1 }
        let whole = y.rounded(.down)
        let w = Int64(whole)
        if x != w { return x < w ? -1 : 1 }
        return whole == y ? 0 : -1
    }

    private static func compare(_ x: UInt64, _ y: Double) -> Int {
        if y >= 1.8446744073709552e19 { return -1 }
        let whole = y.rounded(.down)
        let w = UInt64(whole)
        if x != w { return x < w ? -1 : 1 }
        return whole == y ? 0 : -1
    }
}

extension Quantity {
    /// Compares two quantities by value (exactly for the sizes memory rules meet).
    func compare(_ other: Quantity) -> Int {
        let a = signedValue, b = other.signedValue
        if a.exact && b.exact { return a.value < b.value ? -1 : (a.value > b.value ? 1 : 0) }
        let x = approximate * (isNegative ? -1 : 1), y = other.approximate * (other.isNegative ? -1 : 1)
        return x < y ? -1 : (x > y ? 1 : 0)
    }

    /// The value as a whole number when it is one and fits an Int64.
    var signedValue: (value: Int64, exact: Bool) {
        let magnitude = roundedUp
        return (isNegative ? -magnitude : magnitude, !isFractional && magnitude < Int64.max)
    }
}
