import MemlintSource

/// A parsed Dockerfile: its parser directives, its instructions in order, and its comments (for
/// suppressions). Only syntax: no variables are expanded, nothing is known of images or runtimes.
public struct Dockerfile: Sendable {
    public var path: String
    public var directives: [Directive] = []
    /// `\` unless `# escape=` says `` ` ``.
    public var escape: Unicode.Scalar = "\\"
    public var instructions: [Instruction] = []
    /// Comment lines outside instructions' text, in order.
    public var comments: [Comment] = []

    public struct Directive: Sendable {
        public var name: String
        public var value: String
        public var mark: Mark
    }

    public struct Comment: Sendable {
        /// The text after `#`, trimmed.
        public var text: String
        public var mark: Mark
    }
}

public struct Instruction: Sendable {
    /// The keyword as written (`run`, `RUN`, `Run`).
    public var keyword: TracedText
    /// Lower-cased keyword.
    public var name: String
    /// From the keyword to the end of the instruction's last line.
    public var span: Span
    /// Leading `--flag` words, quotes removed (`--chown=app`).
    public var flags: [TracedText]
    /// Arguments in BuildKit's notation (see the conformance suite's README): JSON elements, or
    /// the shell-form text, or name/value/marker triples for ENV and LABEL.
    public var arguments: [TracedText]
    /// `CMD ["java", "-jar"]` rather than `CMD java -jar`.
    public var isJSONForm: Bool
    /// For ONBUILD: the instruction it carries.
    public var nested: [Instruction]
    public var heredocs: [Heredoc]

    public var keywordString: String { keyword.text }

    /// ENV and LABEL arguments as (name, raw value) pairs; the value keeps quotes and escapes.
    public var keyValuePairs: [(name: TracedText, value: TracedText)] {
        guard name == "env" || name == "label" else { return [] }
        return stride(from: 0, to: arguments.count - 2, by: 3).map { (arguments[$0], arguments[$0 + 1]) }
    }
}

public struct Heredoc: Sendable {
    public var name: String
    /// `<<-`: leading tabs are removed from the body lines and the terminator.
    public var stripsTabs: Bool
    /// The body with its line ends, without the terminator line.
    public var body: String
    public var startLine: Int
}

public struct DockerfileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var mark: Mark
    public var description: String { "\(mark.line):\(mark.column): \(message)" }

    public init(message: String, mark: Mark) {
        self.message = message
        self.mark = mark
    }
}
