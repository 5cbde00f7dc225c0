import MemlintResolution
import MemlintSource

/// `.lint.yml` `render:` — how charts and kustomizations are rendered.
public struct RenderConfiguration: Sendable {
    public var helm = ToolSettings()
    public var kustomize = ToolSettings()
    /// Per-chart settings; the first entry whose `match` matches the chart's folder wins.
    public var charts: [ChartSettings] = []

    public init() {}

    public struct ToolSettings: Sendable {
        /// The command to run instead of the one found on PATH (`[kubectl, kustomize]`, `[/opt/helm]`).
        public var command: [String]?
        /// A missing tool is an error (E008) instead of a note, so CI cannot pass without rendering.
        public var required = false
        /// Where `required` is written, for the finding.
        public var requiredAt: SourceLocation?
        public init() {}
    }

    public struct ChartSettings: Sendable {
        /// The chart's folder, relative to the configuration's folder.
        public var match: Glob
        public var release: String?
        public var namespace: String?
        public var kubeVersion: String?
        /// Values every set starts from (files relative to the configuration's folder, `--set` pairs).
        public var common = ValueSet(name: "default")
        /// Named sets, each rendered and linted on its own; none means one rendering with `common`.
        public var valueSets: [ValueSet] = []
        public init(match: Glob) { self.match = match }
    }

    public struct ValueSet: Sendable {
        public var name: String
        /// Absolute paths of values files, in the order helm applies them.
        public var files: [String] = []
        /// `--set key=value` pairs, each where it is written in `.lint.yml`.
        public var set: [(key: String, value: String, location: SourceLocation)] = []
        public init(name: String) { self.name = name }

        /// `common` first, then this set's own files and values.
        func after(_ common: ValueSet) -> ValueSet {
            var merged = self
            merged.files = common.files + files
            merged.set = common.set + set
            return merged
        }
    }

    /// The settings for the chart in `relativeFolder` (relative to the configuration's folder).
    func chart(_ relativeFolder: String) -> ChartSettings? {
        charts.first { $0.match.matches(path: relativeFolder) || $0.match.matches(path: relativeFolder + "/") }
    }
}
