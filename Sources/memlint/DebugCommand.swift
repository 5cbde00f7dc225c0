import ArgumentParser
import Foundation
import MemlintDockerfile
import MemlintEngine
import MemlintYAML

/// Developer views of the parsers, hidden from the main help.
struct DebugCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Show what memlint's parsers see.",
        shouldDisplay: false,
        subcommands: [YAMLEvents.self, DockerfileAST.self, YAMLFloor.self])

    static func read(_ file: String) throws -> [UInt8] {
        if file == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        return Array(data)
    }

    /// The benchmark's floor: read each YAML file under PATHs and run only libyaml's event loop,
    /// on one thread. Prints the file, byte and event counts.
    struct YAMLFloor: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "yaml-floor",
            abstract: "Read YAML files and run only libyaml's event loop on one thread (the benchmark's floor).")

        @Argument(help: "Files or directories.")
        var paths: [String]

        func run() throws {
            let files = try FileDiscovery(matches: { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }).files(under: paths)
            var bytes = 0, events = 0
            for file in files {
                // Read the way `check` reads: one read into a buffer of the file's size.
                guard case .disk(let path) = file.contents, let raw = try? InputFile.readBytes(path) else { continue }
                bytes += raw.count
                events += EventFloor.countEvents(raw)
            }
            print("\(files.count) files, \(bytes) bytes, \(events) events")
        }
    }

    struct DockerfileAST: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dockerfile-ast",
            abstract: "Print how FILE parses, in BuildKit's test notation. Exit 1 with E002 when it does not parse.")

        @Argument(help: "A Dockerfile, or - for standard input.")
        var file: String

        func run() throws {
            let raw = try DebugCommand.read(file)
            let result = SourceText.decode(raw).mapError { DockerfileError(message: "not UTF-8 text (\($0))", mark: .zero) }
                .flatMap { DockerfileParser.parse($0, path: file) }
            switch result {
            case .success(let parsed):
                print(DockerfileDump.render(parsed), terminator: "")
            case .failure(let error):
                FileHandle.standardError.write(Data("\(file):\(error.mark.line):\(error.mark.column): error: \(error.message) [E002]\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    struct YAMLEvents: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "yaml-events",
            abstract: "Print the YAML tree of FILE in the yaml-test-suite event notation. Exit 1 with the error when it does not parse.")

        @Argument(help: "A YAML file, or - for standard input.")
        var file: String

        func run() throws {
            let raw = try DebugCommand.read(file)
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
