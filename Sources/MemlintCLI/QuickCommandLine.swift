import MemlintEngine

/// A parser for the command lines memlint meets most — `check` (or no command), paths, and
/// check's own options — that costs nothing at start-up. ArgumentParser finds a command's options
/// by reflecting over the properties of every command, which costs more than linting one small
/// manifest does (docs/performance.md). This parser knows check's options by name and gives up —
/// returns nil, so ArgumentParser parses the line and reports any error exactly as before — on
/// anything else: another command or help, `--`, a short option other than `-o` and `-v`, an
/// unknown or repeated option, a value that is missing, empty, looks like an option or does not
/// convert, or a line that check's validation refuses. MemlintCLITests checks that for every line
/// it accepts, ArgumentParser makes the same request.
enum QuickCommandLine {
    enum Parsed: Equatable {
        case version
        case check(CheckRequest)
    }

    /// Words ArgumentParser reads as a command, never as a path: the root's subcommands, and help.
    private static let commandWords = Set(Memlint.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"])

    static func parse(_ arguments: [String]) -> Parsed? {
        if arguments == ["--version"] { return .version }
        var rest = arguments[...]
        if rest.first == "check" { rest = rest.dropFirst() }
        var request = CheckRequest()
        var seen: Set<String> = []
        while let argument = rest.popFirst() {
            if argument == "-" || !argument.hasPrefix("-") {
                guard !argument.isEmpty, !commandWords.contains(argument) else { return nil }
                request.lint.paths.append(argument)
                continue
            }
            var name = longName(argument)
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard seen.insert(name).inserted else { return nil }
            if setFlag(name, in: &request) {
                if inlineValue != nil { return nil }
                continue
            }
            guard let value = inlineValue ?? rest.popFirst(), !value.isEmpty, !value.hasPrefix("-"),
                  setValue(name, value, in: &request) else { return nil }
        }
        guard (try? request.validate()) != nil else { return nil }
        return .check(request)
    }

    private static func longName(_ argument: String) -> String {
        switch argument {
        case "-o": "--output"
        case "-v": "--verbose"
        default: argument
        }
    }

    /// Sets check's flag `name`; false when `name` is no such flag.
    private static func setFlag(_ name: String, in request: inout CheckRequest) -> Bool {
        switch name {
        case "--no-config": request.lint.noConfig = true
        case "--no-render": request.lint.noRender = true
        case "--no-plugins": request.lint.noPlugins = true
        case "--exit-zero": request.exitZero = true
        case "--no-color": request.noColor = true
        case "--verbose": request.verbose = true
        case "--fix": request.fix = true
        case "--unsafe-fixes": request.unsafeFixes = true
        case "--diff": request.diff = true
        default: return false
        }
        return true
    }

    /// Sets check's option `name` to `value`, converted as ArgumentParser converts it; false when
    /// `name` is no such option or `value` does not convert.
    private static func setValue(_ name: String, _ value: String, in request: inout CheckRequest) -> Bool {
        switch name {
        case "--stdin-filename": request.lint.stdinFilename = value
        case "--config": request.lint.config = value
        case "--select": request.lint.select = value
        case "--ignore": request.lint.ignore = value
        case "--output": request.output = value
        case "--jobs":
            guard let jobs = Int(value) else { return false }
            request.lint.jobs = jobs
        case "--file-timeout":
            guard let seconds = Double(value) else { return false }
            request.lint.fileTimeout = seconds
        case "--fail-on":
            guard let threshold = FailThreshold(rawValue: value) else { return false }
            request.failOn = threshold
        case "--format":
            guard let format = OutputFormat(rawValue: value) else { return false }
            request.format = format
        case "--color":
            guard let color = ColorChoice(rawValue: value) else { return false }
            request.color = color
        default: return false
        }
        return true
    }
}
