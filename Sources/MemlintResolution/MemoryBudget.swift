import MemlintYAML
import MemlintKubernetes
import MemlintSource
/// A runtime's memory, as named components with sizes and origins: what `memlint explain` prints
/// and what budget rules compare with the limit.
public struct MemoryBudget: Sendable {
    public enum Origin: Sendable {
        /// A flag or variable, with where it was written.
        case setting(String, SourceLocation?)
        /// The runtime's own default (a documented number).
        case runtimeDefault(String)
        /// An assumption memlint makes, tunable as a rule parameter (or a per-workload annotation).
        case assumption(parameter: String, value: String)
        /// Computed from other values (ergonomics).
        case derived(String)

        public var text: String {
            switch self {
            case .setting(let flag, let location):
                location.map { "\(flag) at \($0.path):\($0.span.start.line):\($0.span.start.column)" } ?? flag
            case .runtimeDefault(let what): "default: \(what)"
            case .assumption(let parameter, let value): "assumption \(parameter)=\(value)"
            case .derived(let how): how
            }
        }

        public var location: SourceLocation? {
            if case .setting(_, let location) = self { return location }
            return nil
        }
    }

    public struct Component: Sendable {
        public var name: String
        public var bytes: Int64
        public var origin: Origin
        public init(_ name: String, _ bytes: Int64, _ origin: Origin) {
            self.name = name
            self.bytes = bytes
            self.origin = origin
        }
    }

    public var runtime: RuntimeID
    public var components: [Component]
    /// When the limit is not known, the budget still lists what the runtime was told.
    public var limit: ResolvedMemory?
    /// Facts worth showing next to the table (JDK version, regime of the default heap, guidance).
    public var notes: [String]
    /// When comparing the total with the limit would mislead (a Go container with no soft limit).
    public var verdictOverride: String?

    public init(runtime: RuntimeID, components: [Component], limit: ResolvedMemory?, notes: [String] = [], verdict: String? = nil) {
        self.runtime = runtime
        self.components = components
        self.limit = limit
        self.notes = notes
        self.verdictOverride = verdict
    }

    public var total: Int64 { components.map(\.bytes).saturatingSum() }

    /// Limit minus total (negative when over).
    public var headroom: Int64? { limit.map { $0.bytes.saturatingAdd(-total) } }

    public var verdict: String {
        if let verdictOverride { return verdictOverride }
        guard let headroom else { return "no memory limit: nothing to compare with" }
        return headroom >= 0 ? "fits, \(ByteFormat.mib(headroom)) to spare" : "over the limit by \(ByteFormat.mib(-headroom))"
    }
}
