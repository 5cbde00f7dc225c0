import ArgumentParser
import FoundationEssentials
import MemlintDockerfile
import MemlintEngine
import MemlintPacks
import MemlintYAML

/// Developer views of the parsers, hidden from the main help.
struct DebugCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Show what memlint's parsers see.",
        shouldDisplay: false,
        subcommands: [YAMLEvents.self, DockerfileAST.self, YAMLFloor.self, RuntimeModel.self])

    static func read(_ file: String) throws -> [UInt8] {
        if file == "-" { return StandardStream.readInput() }
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

    /// The truth lab's memlint side: the runtime model's figures for one process under a limit,
    /// as JSON, computed by the same resolution stage and packs as `check`.
    struct RuntimeModel: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "runtime",
            abstract: "Print memlint's model of RUNTIME running ARGV under --limit, as JSON.",
            discussion: "memlint debug runtime jvm --limit 300Mi --env JAVA_TOOL_OPTIONS=-Xmx200m -- java -jar app.jar")

        @Argument(help: "jvm, node, go or python.")
        var runtime: String

        @Option(help: "The container's memory limit, a Kubernetes quantity.")
        var limit: String?

        @Option(name: .customLong("env"), help: ArgumentHelp("An environment variable, NAME=value (repeatable).", valueName: "NAME=value"))
        var environment: [String] = []

        @Option(help: "The container image (sets the runtime version).")
        var image: String?

        @Option(name: .customLong("setting"), help: ArgumentHelp("A runtime setting, KEY=value, as the <runtime>.memlint.io/KEY annotation gives it (repeatable).", valueName: "KEY=value"))
        var settings: [String] = []

        @Argument(parsing: .postTerminator, help: "The container's command.")
        var argv: [String] = []

        func annotations() throws -> [String: String] {
            var annotations = ["memlint.io/runtime": runtime]
            for entry in settings {
                guard let equals = entry.firstIndex(of: "=") else { throw ValidationError("--setting takes KEY=value, got '\(entry)'") }
                annotations["\(runtime).memlint.io/\(entry[..<equals])"] = String(entry[entry.index(after: equals)...])
            }
            return annotations
        }

        static let defaultImages = ["jvm": "eclipse-temurin:17-jre", "node": "node:20", "go": "golang:1.22", "python": "python:3.11"]

        func run() throws {
            let env = try environment.map { entry -> JSONValue in
                guard let equals = entry.firstIndex(of: "=") else { throw ValidationError("--env takes NAME=value, got '\(entry)'") }
                return .object(["name": .string(String(entry[..<equals])), "value": .string(String(entry[entry.index(after: equals)...]))])
            }
            var container: [String: JSONValue] = [
                "name": "lab", "image": .string(image ?? Self.defaultImages[runtime] ?? "lab:1"),
                "command": .array(argv.map(JSONValue.string)), "env": .array(env),
            ]
            if let limit { container["resources"] = .object(["limits": .object(["memory": .string(limit)])]) }
            let pod: JSONValue = .object([
                "apiVersion": "v1", "kind": "Pod",
                "metadata": .object(["name": "lab", "annotations": .object(try annotations().mapValues(JSONValue.string))]),
                "spec": .object(["containers": .array([.object(container)])]),
            ])
            // JSON is YAML: the manifest goes through the same loader as any file.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let manifest = try encoder.encode(pod)
            let result = Linter(settings: RuleSettings(rules: BuiltInPacks.rules), packs: BuiltInPacks.all)
                .run([InputFile(path: "lab.yaml", contents: .bytes(Array(manifest)))], jobs: 1)
            guard let resolved = result.containers.first, let detected = resolved.runtime else {
                throw ValidationError("'\(runtime)' is not a runtime memlint knows")
            }
            let findings = result.diagnostics.map { diagnostic -> JSONValue in
                .object(["code": .string(diagnostic.code), "severity": .string(diagnostic.severity.name),
                         "message": .string(diagnostic.message), "fix": .string(diagnostic.fix ?? "")])
            }
            let out: JSONValue = .object([
                "runtime": .string(detected.id.rawValue),
                "facts": .object((detected.settings?.facts ?? [:]).mapValues(JSONValue.string)),
                "findings": .array(findings),
            ])
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            let data = try encoder.encode(out)
            print(String(decoding: data, as: UTF8.self))
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
                StandardStream.error.write("\(file):\(error.mark.line):\(error.mark.column): error: \(error.message) [E002]\n")
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
                StandardStream.error.write("\(file): error: not UTF-8 or UTF-16 text (\(failure)) [E001]\n")
                throw ExitCode(1)
            }
            let (documents, errors) = YAMLLoader().loadAll(text)
            print(EventRenderer.render(documents, streamComplete: errors.isEmpty), terminator: "")
            for error in errors {
                StandardStream.error.write("\(file):\(error.mark.line):\(error.mark.column): error: \(error.message) [E001]\n")
            }
            if !errors.isEmpty { throw ExitCode(1) }
        }
    }
}
