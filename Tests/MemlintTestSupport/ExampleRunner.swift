import MemlintEngine
import MemlintTestSupport
import MemlintPacks

/// Where a `↓` marker stood, in the text with the markers removed.
public struct MarkerPosition: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var description: String { "\(file):\(line):\(column)" }

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
}

public enum ExampleRunner {
    /// Removes `↓` markers and returns the clean text with the markers' positions (1-based, columns in characters).
    public static func stripMarkers(_ text: String, file: String) -> (String, [MarkerPosition]) {
        var clean = ""
        var markers: [MarkerPosition] = []
        var line = 1, column = 1
        for character in text {
            if character == Example.marker {
                markers.append(MarkerPosition(file: file, line: line, column: column))
                continue
            }
            clean.append(character)
            if character == "\n" { line += 1; column = 1 } else { column += character.unicodeScalars.count }
        }
        return (clean, markers)
    }

    /// Lints the example's files with every rule on (as a user runs memlint), `parameters`
    /// applied to `rule`, and `disabled` rules off.
    public static func run(_ rule: any Rule.Type, files: [(name: String, text: String)], parameters: [String: String],
                           disabled: Set<String> = [], packs: [RulePack] = BuiltInPacks.all) -> [Diagnostic] {
        var configuration = Configuration(directory: "/")
        configuration.rules[rule.description.code] = RuleOverride(enabled: true, severity: nil, parameters: parameters)
        for code in disabled { configuration.rules[code] = RuleOverride(enabled: false) }
        let settings = try! RuleSelection.settings(rules: packs.flatMap { $0.rules }, configuration: configuration, select: nil, ignore: [])
        let inputs = files.map { InputFile(path: $0.name, contents: .bytes(Array($0.text.utf8))) }
        return TestLinter.make(configuration: configuration, settings: settings, packs: packs)
            .run(inputs, jobs: 1).diagnostics
    }

    public static func rule(code: String) -> (any Rule.Type)? {
        BuiltInPacks.rules.first { $0.description.code == code }
    }
}
