import MemlintSource

/// What a Dockerfile builds, stage by stage, as far as a static reader can know: the base image,
/// the environment, ENTRYPOINT and CMD, the working directory and the user. Variables are expanded
/// where BuildKit expands them (FROM, ENV, ARG, WORKDIR, USER), from ARG defaults and ENV.
public struct ImageModel: Sendable {
    public struct Stage: Sendable {
        public var index: Int
        /// `AS name`, lower-cased as BuildKit compares them.
        public var name: String?
        /// The image after `FROM`, expanded.
        public var base: TracedText
        /// When `FROM` names an earlier stage: its index.
        public var baseStage: Int?
        public var fromSpan: Span
        public var config: ImageConfig
        /// Packages `RUN apt-get install`, `apk add`, `dnf|microdnf|yum install` put into this stage
        /// (and the stages it derives from in the same Dockerfile): `openjdk-17-jre-headless`, `nodejs`.
        public var installs: [TracedText] = []
    }

    public var path: String
    public var stages: [Stage]
    /// Dockerfiles of the run this image is built on (`FROM org/base` built by `base/Dockerfile`),
    /// nearest first, when `inheriting` followed them.
    public var chain: [String] = []
    /// External images of the base images' stages, when the chain was followed.
    public var inheritedBaseImages: [String] = []
    /// The stage that is built: the last one, or the one chosen as target.
    public var finalStage: Int

    public var final: Stage { stages[finalStage] }
    public var config: ImageConfig { final.config }

    /// The chain of images under the final stage, from the final stage's `FROM` down to the external
    /// image at the bottom (`FROM build AS app` … `FROM eclipse-temurin:17-jre AS build`).
    public var baseImage: TracedText {
        var stage = final
        while let parent = stage.baseStage { stage = stages[parent] }
        return stage.base
    }

    /// External base images of every stage (a Go build stage shows here even when the final stage is `scratch`).
    public var allBaseImages: [String] {
        stages.filter { $0.baseStage == nil }.map { $0.base.text } + inheritedBaseImages
    }

    /// This image built on `base` (another Dockerfile of the run that builds the image its final
    /// stage starts `FROM`): the final stage inherits the base's environment, ENTRYPOINT, CMD, SHELL
    /// and installed packages as Docker does, and its external base becomes the base's.
    public func inheriting(_ base: ImageModel) -> ImageModel {
        var result = self
        var root = finalStage
        while let parent = result.stages[root].baseStage { root = parent }
        guard !result.stages[root].config.baseConfigKnown else { return self }
        result.stages[root].base = base.baseImage
        var config = base.config
        let own = result.stages[finalStage].config
        for entry in own.env { config.setEnv(entry.name, entry.value, instruction: entry.instruction) }
        if let entrypoint = own.entrypoint {
            config.entrypoint = entrypoint
            config.cmd = own.cmd  // an ENTRYPOINT of its own drops the inherited CMD
        } else if let cmd = own.cmd {
            config.cmd = cmd
        }
        if own.shellSet { config.shell = own.shell; config.shellSet = true }
        config.workdir = own.workdir ?? config.workdir
        config.user = own.user ?? config.user
        config.baseConfigKnown = base.config.baseConfigKnown
        result.stages[finalStage].config = config
        result.stages[finalStage].installs = base.final.installs + result.stages[finalStage].installs
        result.chain = [base.path] + base.chain
        result.inheritedBaseImages = base.allBaseImages.filter { $0 != base.baseImage.text }
        return result
    }

    /// The image a tool builds without a Dockerfile (Jib, ko): a base and an exec-form entry point,
    /// placed at the build file that configures it.
    public static func synthetic(path: String, base: String, entrypoint: [TracedText], at span: Span) -> ImageModel {
        var config = ImageConfig()
        if !entrypoint.isEmpty {
            config.entrypoint = ImageConfig.Command(arguments: entrypoint, isExecForm: true, instruction: SourceLocation(path: path, span: span))
        }
        let stage = Stage(index: 0, name: nil, base: TracedText(synthetic: base), baseStage: nil, fromSpan: span, config: config)
        return ImageModel(path: path, stages: [stage], finalStage: 0)
    }

    public static func build(_ file: Dockerfile, target: String? = nil) -> ImageModel {
        Builder(file: file).run(target: target)
    }
}

public struct ImageConfig: Sendable {
    public struct EnvEntry: Sendable {
        public var name: String
        public var value: TracedText
        /// The whole `ENV` instruction.
        public var instruction: SourceLocation
    }

    public struct Command: Sendable {
        public var arguments: [TracedText]
        public var isExecForm: Bool
        public var instruction: SourceLocation
    }

    /// In order of definition; a redefined variable keeps its latest value and place.
    public var env: [EnvEntry] = []
    public var entrypoint: Command?
    public var cmd: Command?
    public var shell: [TracedText] = [TracedText(synthetic: "/bin/sh"), TracedText(synthetic: "-c")]
    /// A `SHELL` instruction set `shell` (otherwise it is the default, or the base's).
    public var shellSet = false
    public var workdir: TracedText?
    public var user: TracedText?
    /// False when the stage starts from an external image: its own ENV/ENTRYPOINT/CMD are unknown here.
    public var baseConfigKnown = false

    public func env(_ name: String) -> EnvEntry? { env.last { $0.name == name } }

    /// ENTRYPOINT + CMD as the container runtime combines them (shell form runs under `SHELL`).
    public var argv: [TracedText] {
        func expanded(_ command: Command?) -> [TracedText] {
            guard let command else { return [] }
            return command.isExecForm ? command.arguments : shell + command.arguments
        }
        if let entrypoint {
            // A shell-form ENTRYPOINT ignores CMD; an exec-form one takes CMD (itself expanded) as arguments.
            return entrypoint.isExecForm ? expanded(entrypoint) + expanded(cmd) : expanded(entrypoint)
        }
        return expanded(cmd)
    }

    mutating func setEnv(_ name: String, _ value: TracedText, instruction: SourceLocation) {
        env.removeAll { $0.name == name }
        env.append(EnvEntry(name: name, value: value, instruction: instruction))
    }
}

private struct Builder {
    let file: Dockerfile

    func run(target: String?) -> ImageModel {
        var globalArgs: [(String, TracedText?)] = []
        var stages: [ImageModel.Stage] = []
        var current: ImageModel.Stage?
        var stageArgs: [String: TracedText] = [:]
        var cmdFromThisStage = false

        func lookupGlobal(_ name: String) -> TracedText? {
            globalArgs.last { $0.0 == name }?.1
        }

        for instruction in file.instructions {
            let location = SourceLocation(path: file.path, span: instruction.span)
            switch instruction.name {
            case "from":
                if let stage = current { stages.append(stage) }
                let words = ShellWords(escape: file.escape, lookup: lookupGlobal)
                let image = instruction.arguments.first.map { words.expandWord($0) } ?? TracedText()
                var name: String?
                if instruction.arguments.count >= 3, instruction.arguments[1].text.lowercased() == "as" {
                    name = instruction.arguments[2].text.lowercased()
                }
                let parent = stages.lastIndex { $0.name != nil && $0.name == image.text.lowercased() }
                var config = parent.map { stages[$0].config } ?? ImageConfig()
                config.baseConfigKnown = parent != nil
                current = ImageModel.Stage(index: stages.count, name: name, base: image, baseStage: parent,
                                           fromSpan: instruction.span, config: config,
                                           installs: parent.map { stages[$0].installs } ?? [])
                stageArgs = [:]
                cmdFromThisStage = false
            case "arg":
                for word in instruction.arguments {
                    let text = word.text
                    let (name, value): (String, TracedText?)
                    if let equals = text.unicodeScalars.firstIndex(of: "=") {
                        let offset = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: equals)
                        name = String(text.unicodeScalars[..<equals])
                        let raw = word.slice(offset + 1..<word.count)
                        let lookup: ShellWords.Lookup = current == nil ? lookupGlobal : { stageArgs[$0] ?? (current?.config.env($0)?.value) }
                        value = ShellWords(escape: file.escape, lookup: lookup).expandWord(raw)
                    } else {
                        name = text
                        value = nil
                    }
                    if current == nil {
                        globalArgs.append((name, value))
                    } else {
                        stageArgs[name] = value ?? lookupGlobal(name) ?? TracedText()
                    }
                }
            case "env":
                guard var stage = current else { continue }
                let lookup: ShellWords.Lookup = { name in stage.config.env(name)?.value ?? stageArgs[name] }
                for pair in instruction.keyValuePairs {
                    let words = ShellWords(escape: file.escape, lookup: lookup)
                    let name = words.expandWord(pair.name).text
                    stage.config.setEnv(name, words.expandWord(pair.value), instruction: location)
                }
                current = stage
            case "entrypoint":
                current?.config.entrypoint = ImageConfig.Command(arguments: instruction.arguments, isExecForm: instruction.isJSONForm, instruction: location)
                // Setting ENTRYPOINT clears a CMD inherited from the base.
                if !cmdFromThisStage { current?.config.cmd = nil }
            case "cmd":
                current?.config.cmd = ImageConfig.Command(arguments: instruction.arguments, isExecForm: instruction.isJSONForm, instruction: location)
                cmdFromThisStage = true
            case "shell":
                if instruction.isJSONForm, !instruction.arguments.isEmpty {
                    current?.config.shell = instruction.arguments
                    current?.config.shellSet = true
                }
            case "run":
                current?.installs += PackageInstalls.packages(in: instruction, escape: file.escape)
            case "workdir", "user":
                guard var stage = current, let argument = instruction.arguments.first else { continue }
                let lookup: ShellWords.Lookup = { name in stage.config.env(name)?.value ?? stageArgs[name] }
                let value = ShellWords(escape: file.escape, lookup: lookup).expandWord(argument)
                if instruction.name == "workdir" { stage.config.workdir = value } else { stage.config.user = value }
                current = stage
            default:
                continue
            }
        }
        if let stage = current { stages.append(stage) }
        // No FROM at all (BuildKit refuses it only when building): an empty stage, so that every
        // image has a final stage to read.
        if stages.isEmpty {
            let span = file.instructions.first?.span ?? Span(start: .zero, end: .zero)
            stages.append(ImageModel.Stage(index: 0, name: nil, base: TracedText(), baseStage: nil, fromSpan: span, config: ImageConfig()))
        }
        var final = stages.count - 1
        if let target, let chosen = stages.firstIndex(where: { $0.name == target.lowercased() }) { final = chosen }
        return ImageModel(path: file.path, stages: stages, finalStage: max(final, 0))
    }
}

/// The packages a `RUN` line installs with the usual package managers.
enum PackageInstalls {
    static let managers: [String: Set<String>] = [
        "apt-get": ["install"], "apt": ["install"], "apk": ["add"], "dnf": ["install"], "microdnf": ["install"],
        "yum": ["install"], "zypper": ["install", "in"], "tdnf": ["install"],
    ]
    /// Options that take the next word as their value.
    static let valued: Set<String> = ["-t", "--target-release", "-o", "--option", "--repo", "--repository", "-X", "--setopt", "--virtual", "-t"]

    static func packages(in instruction: Instruction, escape: Unicode.Scalar) -> [TracedText] {
        let script: TracedText
        if instruction.isJSONForm {
            // ["apt-get", "install", "-y", "openjdk-17-jre"] or ["sh", "-c", "…"]
            if instruction.arguments.count >= 3, ["sh", "bash", "/bin/sh", "/bin/bash"].contains(instruction.arguments[0].text),
               instruction.arguments[1].text == "-c" {
                script = instruction.arguments[2]
            } else {
                return packages(words: instruction.arguments)
            }
        } else {
            guard let text = instruction.arguments.first else { return [] }
            script = text
        }
        var found: [TracedText] = []
        for command in ShellWords(escape: escape, lookup: { _ in nil }).commands(script) {
            found += packages(words: command)
        }
        return found
    }

    static func packages(words: [TracedText]) -> [TracedText] {
        guard let first = words.first, let verbs = managers[first.text.split(separator: "/").last.map(String.init) ?? first.text] else { return [] }
        var rest = words.dropFirst()
        while let word = rest.first, word.text.hasPrefix("-") { rest = rest.dropFirst(); if valued.contains(word.text) { rest = rest.dropFirst() } }
        guard let verb = rest.first, verbs.contains(verb.text) else { return [] }
        rest = rest.dropFirst()
        var found: [TracedText] = []
        var skipNext = false
        for word in rest {
            if skipNext { skipNext = false; continue }
            if word.text.hasPrefix("-") { skipNext = valued.contains(word.text); continue }
            found.append(word)
        }
        return found
    }
}
