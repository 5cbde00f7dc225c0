import ArgumentParser
import Foundation
import MemlintYAML

/// Developer views of the parsers, hidden from the main help.
struct DebugCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Show what memlint's parsers see.",
        shouldDisplay: false,
        subcommands: [YAMLEvents.self])

    struct YAMLEvents: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "yaml-events",
            abstract: "Print the YAML tree of FILE in the yaml-test-suite event notation. Exit 1 with the error when it does not parse.")

        @Argument(help: "A YAML file, or - for standard input.")
        var file: String

        func run() throws {
            let raw: [UInt8]
            if file == "-" {
                raw = Array(FileHandle.standardInput.readDataToEndOfFile())
            } else {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw ValidationError("cannot read \(file)")
                }
                raw = Array(data)
            }
            let text: SourceText
            switch SourceText.decode(raw) {
            case .success(let decoded): text = decoded
            case .failure(let failure):
                FileHandle.standardError.write(Data("\(file): error: not UTF-8 or UTF-16 text (\(failure)) [E001]\n".utf8))
                throw ExitCode(1)
            }
            let (documents, errors) = YAMLLoader().loadAll(text)
            print(EventRenderer.render(documents, streamComplete: errors.isEmpty), terminator: "")
            for error in errors {
                FileHandle.standardError.write(Data("\(file):\(error.mark.line):\(error.mark.column): error: \(error.message) [E001]\n".utf8))
            }
            if !errors.isEmpty { throw ExitCode(1) }
        }
    }
}
