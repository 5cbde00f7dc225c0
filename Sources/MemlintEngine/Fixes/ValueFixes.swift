import MemlintKubernetes
import MemlintResolution
import MemlintSource

extension Fix {
    /// Sets an environment variable's whole value to `text`, when every character of the value was
    /// written in one place, one after another (a plain or quoted scalar without escapes, an ENV
    /// value): the quotes, the key and everything around stay as they are.
    public static func settingValue(of variable: EnvValue, to text: String, _ applicability: Applicability, _ summary: String) -> Fix? {
        guard let location = variable.value?.contiguousLocation else { return nil }
        return .replacing(location, with: text, applicability, summary)
    }

    /// Replaces the characters `range` of a traced value (a flag inside JAVA_OPTS, a size in args).
    public static func replacing(_ range: Range<Int>, of value: TracedText, with text: String, _ applicability: Applicability, _ summary: String) -> Fix? {
        guard let location = value.contiguousLocation(of: range) else { return nil }
        return .replacing(location, with: text, applicability, summary)
    }
}

extension Fix {
    /// Replaces a manifest scalar's value (inside its quotes, if any) when it is written verbatim.
    public static func replacing(_ value: Located<String>, in path: String, with text: String, _ applicability: Applicability,
                                 _ summary: String) -> Fix? {
        guard let start = value.verbatimStart else { return nil }
        let end = Mark(line: Int(start.line), column: Int(start.column) + value.value.unicodeScalars.count, offset: start.offset + value.value.utf8.count)
        return .replacing(SourceLocation(path: path, span: Span(start: start, end: end)), with: text, applicability, summary)
    }
}

extension Fix {
    /// Adds `option` to the options variable `name` (NODE_OPTIONS, JAVA_TOOL_OPTIONS): at the end of
    /// its value where the container sets it in one piece, else as a new env entry in the file's
    /// style (`Container.envInsertion`). A variable set where memlint cannot append safely gets no
    /// fix, and the reason: a Dockerfile `ENV` (unquoted, `ENV A=--a --b` would set a second
    /// variable `--b`), a Secret or a value not written in one piece; a new entry would replace it.
    public static func addingOption(_ option: String, to name: String, in context: ContainerContext,
                                    _ applicability: Applicability) -> (fix: Fix?, unfixable: String?) {
        let summary = "add \(option) to \(name)"
        if let variable = context.process.environment[name] {
            if variable.mechanism == .imageEnv { return (nil, "\(name) comes from \(variable.describeOrigin); add it to that line") }
            guard let value = variable.value, let location = value.contiguousLocation else {
                return (nil, "\(name) comes from \(variable.describeOrigin), not written in one piece")
            }
            // The whole value is replaced (not an insertion at its end), so a rendering's value maps
            // to the values entry that holds it.
            let separator = value.text.last.map { $0 == " " || $0 == "\t" } == true ? "" : " "
            return (.replacing(location, with: value.text + separator + option, applicability, summary), nil)
        }
        guard let fix = addingEnv(name, option, in: context, applicability, summary) else {
            return (nil, "the container's env is written in a shape memlint does not edit")
        }
        return (fix, nil)
    }

    /// A new env entry `name=value` for the container, in the file's style (`Container.envInsertion`).
    public static func addingEnv(_ name: String, _ value: String, in context: ContainerContext, _ applicability: Applicability,
                                 _ summary: String) -> Fix? {
        context.container.envInsertion.map { place in
            Fix(applicability, summary, edits: [Edit(path: context.path, span: Span(start: place.at, end: place.at),
                                                     replacement: place.text(name: name, value: value), addsEnv: EnvEntry(name: name, value: value))])
        }
    }
}
