import MemlintYAML
import MemlintSource
import FoundationEssentials
import MemlintDockerfile
import MemlintKubernetes

/// Builds a container's `EffectiveProcess` the way the kubelet and the container runtime do.
struct ProcessResolver {
    let path: String
    let workload: Workload
    let index: ClusterIndex
    let image: ImageModel?

    func resolve(_ container: Container) -> EffectiveProcess {
        var environment = Environment()
        if let image {
            for entry in image.config.env {
                environment.set(EnvValue(name: entry.name, value: entry.value, mechanism: .imageEnv, location: entry.instruction))
            }
        }
        // Variables the pod spec defines, for $(VAR): the kubelet does not know the image's ENV.
        var podDefined: [String: TracedText] = [:]
        let namespace = workload.meta.namespaceKey

        for source in container.envFrom {
            let prefix = source.prefix?.value ?? ""
            guard source.kind == .configMap, let entry = index.configMap(namespace: namespace, name: source.name.value) else {
                environment.opaqueSources.append("\(source.kind.rawValue) \(source.name.value)")
                continue
            }
            for key in entry.value.keys {
                guard let located = entry.value.data[key] else { continue }
                let value = located.traced(path: entry.path)
                environment.set(EnvValue(name: prefix + key, value: value, mechanism: .envFrom(kind: "ConfigMap", name: source.name.value),
                                         location: SourceLocation(path: entry.path, span: located.span)))
                podDefined[prefix + key] = value
            }
        }

        for variable in container.env {
            let name = variable.name.value
            let here = SourceLocation(path: path, span: variable.name.span)
            var value: EnvValue
            switch variable.source {
            case .value(let located):
                let expanded = Self.expandReferences(located.traced(path: path), defined: podDefined)
                value = EnvValue(name: name, value: expanded, mechanism: .env, location: SourceLocation(path: path, span: located.span))
            case .configMapKey(let mapName, let key, _):
                if let entry = index.configMap(namespace: namespace, name: mapName.value), let located = entry.value.data[key.value] {
                    value = EnvValue(name: name, value: located.traced(path: entry.path),
                                     mechanism: .configMapKey(name: mapName.value, key: key.value),
                                     location: SourceLocation(path: entry.path, span: located.span))
                } else {
                    value = EnvValue(name: name, value: nil, mechanism: .configMapKey(name: mapName.value, key: key.value), location: here)
                }
            case .secretKey(let secret, let key):
                value = EnvValue(name: name, value: nil, mechanism: .secretKey(name: secret.value, key: key.value), location: here)
            case .fieldRef(let fieldPath):
                value = EnvValue(name: name, value: nil, mechanism: .fieldRef(fieldPath.value), location: here)
            case .resourceFieldRef(let containerName, let resource, let divisor):
                let computed = resourceValue(resource: resource.value, divisor: divisor?.value,
                                             container: containerName?.value ?? container.name?.value)
                value = EnvValue(name: name, value: computed.map { TracedText($0, from: SourceLocation(path: path, span: resource.span)) },
                                 mechanism: .resourceField(resource: resource.value, divisor: divisor?.value ?? "1"),
                                 location: SourceLocation(path: path, span: resource.span))
            case .unknown(let span):
                value = EnvValue(name: name, value: nil, mechanism: .env, location: SourceLocation(path: path, span: span))
            }
            environment.set(value)
            if let v = value.value { podDefined[name] = v }
        }

        // argv: `command` replaces ENTRYPOINT and drops CMD; `args` alone replaces CMD.
        var argv: [TracedText]
        var known = true
        let entrypoint = image.map { config in Self.argv(of: config.config.entrypoint, shell: config.config.shell) }
        let imageArgv = image?.config.argv
        if let command = container.command {
            argv = command.map { $0.traced(path: path) } + (container.args ?? []).map { $0.traced(path: path) }
        } else if let args = container.args {
            if entrypoint == nil { known = false }
            argv = (entrypoint ?? []) + args.map { $0.traced(path: path) }
        } else {
            if imageArgv == nil { known = false }
            argv = imageArgv ?? []
        }
        let referenced = Self.references(in: argv)
        argv = argv.map { Self.expandReferences($0, defined: podDefined) }

        var process = EffectiveProcess(argv: argv, argvKnown: known, environment: environment, command: argv, wrappers: [])
        process.expandedVariables = Set(referenced)
        Self.unwrap(&process)
        return process
    }

    static func argv(of command: ImageConfig.Command?, shell: [TracedText]) -> [TracedText] {
        guard let command else { return [] }
        return command.isExecForm ? command.arguments : shell + command.arguments
    }

    /// Kubernetes `$(VAR)` expansion in command, args and env values: `$(NAME)` becomes the value of
    /// an earlier-defined variable, `$$` a literal `$`; unknown references stay as written.
    static func expandReferences(_ text: TracedText, defined: [String: TracedText]) -> TracedText {
        let s = text.scalars
        guard s.contains("$") else { return text }
        var result = TracedText()
        var i = 0
        while i < s.count {
            if s[i] == "$", i + 1 < s.count {
                if s[i + 1] == "$" {
                    result.append(characterAt: i, of: text)
                    i += 2
                    continue
                }
                if s[i + 1] == "(", let close = s[(i + 2)...].firstIndex(of: ")") {
                    let name = String(String.UnicodeScalarView(s[(i + 2)..<close]))
                    if let value = defined[name] {
                        result.append(value)
                        i = close + 1
                        continue
                    }
                }
            }
            result.append(characterAt: i, of: text)
            i += 1
        }
        return result
    }

    /// The Downward API value: `ceil(quantity / divisor)` as a decimal integer string.
    func resourceValue(resource: String, divisor: String?, container name: String?) -> String? {
        guard let target = workload.containers.first(where: { $0.name?.value == name }) else { return nil }
        let divisorQuantity = divisor.flatMap { try? Quantity.parse($0).get() }
        switch resource {
        case "limits.memory", "requests.memory":
            let resolved = resource == "limits.memory"
                ? MemoryDefaulting.limit(of: target, in: workload, path: path, index: index)
                : MemoryDefaulting.request(of: target, in: workload, limit: MemoryDefaulting.limit(of: target, in: workload, path: path, index: index), path: path, index: index)
            guard let bytes = resolved?.bytes else { return nil }
            let by = max(divisorQuantity?.roundedUp ?? 1, 1)
            return String(bytes / by + (bytes % by == 0 ? 0 : 1))
        case "limits.cpu", "requests.cpu":
            let text = resource == "limits.cpu" ? target.resources.limits.cpu?.value : target.resources.requests.cpu?.value
            guard let text, let cores = try? Quantity.parse(text).get().approximate else { return nil }
            let unit = divisorQuantity?.approximate ?? 1
            return String(Int64(saturating: (cores / unit).rounded(.up)))
        default:
            return nil
        }
    }

    // MARK: Wrappers

    static let shells: Set<String> = ["sh", "bash", "dash", "ash", "zsh", "ksh", "busybox"]
    static let initWrappers: Set<String> = ["tini", "tini-static", "dumb-init", "catatonit", "env"]
    static let userSwitchers: Set<String> = ["gosu", "su-exec"]

    /// Finds the real command inside `sh -c "…"`, init wrappers and `env VAR=… cmd`.
    static func unwrap(_ process: inout EffectiveProcess) {
        for _ in 0..<8 {
            guard let first = process.command.first else { return }
            let name = first.text.split(separator: "/").last.map(String.init) ?? first.text
            var rest = Array(process.command.dropFirst())
            if shells.contains(name) {
                if name == "busybox", rest.first?.text == "sh" { rest.removeFirst() }
                guard let flagIndex = rest.firstIndex(where: { $0.text.hasPrefix("-") && !$0.text.hasPrefix("--") && $0.text.contains("c") }),
                      flagIndex + 1 < rest.count else { return }
                let script = rest[flagIndex + 1]
                guard var chosen = Self.realCommand(of: script, process: &process) else { return }
                stripAssignments(&chosen, into: &process)
                if chosen.first?.text == "exec" {
                    chosen.removeFirst()
                    while let flag = chosen.first?.text, flag.hasPrefix("-") {
                        chosen.removeFirst()
                        if flag == "-a", !chosen.isEmpty { chosen.removeFirst() }
                    }
                }
                process.wrappers.append("\(name) -c")
                process.command = chosen
            } else if initWrappers.contains(name) {
                while let flag = rest.first?.text, flag.hasPrefix("-") { rest.removeFirst(); if flag == "--" { break } }
                if name == "env" { stripAssignments(&rest, into: &process) }
                process.wrappers.append(name)
                process.command = rest
            } else if userSwitchers.contains(name), rest.count >= 2 {
                process.wrappers.append(name)
                process.command = Array(rest.dropFirst())
            } else {
                return
            }
        }
    }

    /// Shell builtins and small tools that set up or report, never the long-running process.
    static let setupCommands: Set<String> = [
        "cd", "set", "export", "unset", "echo", "printf", "true", "false", ":", "exit", "trap", "wait", "ulimit", "umask",
        "source", ".", "mkdir", "rm", "cp", "mv", "chmod", "chown", "ln", "touch", "sleep", "test", "[", "shift", "readonly", "local",
    ]
    /// Pipeline stages that only consume another stage's output.
    static let filters: Set<String> = ["tee", "grep", "sed", "awk", "logger", "head", "tail", "cut", "tr", "sort", "uniq", "jq", "cat", "rotatelogs", "cronolog"]
    /// Words that start a construct the reader does not follow.
    static let unfollowed: Set<String> = ["if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "function", "eval", "select"]

    static let constructStarts: Set<String> = ["if", "for", "while", "until", "case", "function", "eval", "select"]

    /// The process a `sh -c` script leaves running: the command after `exec`; otherwise the last
    /// command that is not set-up (`cd`, `export`, `echo`) — of a pipeline, the stage that is not a
    /// filter (`java … | tee log` runs java). `export VAR=…` and `VAR=…` alone feed the environment
    /// of the commands after them. Loops, functions and `eval` are noted, not followed.
    static func realCommand(of script: TracedText, process: inout EffectiveProcess) -> [TracedText]? {
        final class Box { var environment: Environment; var names: Set<String> = []; init(_ e: Environment) { environment = e } }
        let box = Box(process.environment)
        let words = ShellWords { name in
            box.names.insert(name)
            return box.environment[name]?.value
        }
        var candidates: [ShellWords.SimpleCommand] = []
        var notes: [String] = []
        var execCommand: [TracedText]?
        var functions: Set<String> = []
        words.simpleCommands(script) { command in
            var words = command.words
            guard execCommand == nil else { return }
            if let first = words.first?.text, unfollowed.contains(first) {
                let note = "'\(first)' is not followed: the commands inside it were read as if they ran once"
                if constructStarts.contains(first), !notes.contains(note) { notes.append(note) }
                words.removeFirst()
                while let next = words.first?.text, unfollowed.contains(next) { words.removeFirst() }
                if words.isEmpty { return }
            }
            if let first = words.first?.text, first.hasSuffix("()") || (words.count > 1 && words[1].text == "()") {
                notes.append("a function definition ('\(first)') is not followed")
                functions.insert(String(first.hasSuffix("()") ? first.dropLast(2) : Substring(first)))
                return
            }
            // `export A=1 B=2` and a line of assignments alone set variables for what follows.
            if words.first?.text == "export" || words.allSatisfy(isAssignment) {
                var assignments = Array(words.drop { $0.text == "export" })
                var scratch = EffectiveProcess(argv: [], argvKnown: true, environment: box.environment, command: [], wrappers: [])
                stripAssignments(&assignments, into: &scratch)
                box.environment = scratch.environment
                return
            }
            let name = words.first { !isAssignment($0) }?.text
            if name == "exec" { execCommand = words; return }
            if let name, setupCommands.contains(name.split(separator: "/").last.map(String.init) ?? name) { return }
            candidates.append(ShellWords.SimpleCommand(words: words, pipeline: command.pipeline, stage: command.stage))
        }
        process.expandedVariables.formUnion(box.names)
        process.shellNotes += notes
        // Variables the script exported reach the process.
        for value in box.environment.all where process.environment[value.name] == nil || value.mechanism == .shellAssignment {
            process.environment.set(value)
        }
        if let execCommand { return execCommand }
        guard let last = candidates.last else { return nil }
        let pipeline = candidates.filter { $0.pipeline == last.pipeline }
        func executable(_ command: ShellWords.SimpleCommand) -> String {
            let word = command.words.first { !isAssignment($0) }?.text ?? ""
            return word.split(separator: "/").last.map(String.init) ?? word
        }
        let chosen = pipeline.first { !filters.contains(executable($0)) } ?? last
        // A call of a function the script defined: its body is not followed, so no command is known.
        if functions.contains(executable(chosen)) { return nil }
        return chosen.words
    }

    /// `$(NAME)` references in argv (Kubernetes expands them before the process starts).
    static func references(in argv: [TracedText]) -> [String] {
        var names: [String] = []
        for word in argv {
            let s = word.scalars
            var i = 0
            while i + 1 < s.count {
                if s[i] == "$", s[i + 1] == "(", let close = s[(i + 2)...].firstIndex(of: ")") {
                    names.append(String(String.UnicodeScalarView(s[(i + 2)..<close])))
                    i = close
                }
                i += 1
            }
        }
        return names
    }

    static func isAssignment(_ word: TracedText) -> Bool {
        guard let equals = word.scalars.firstIndex(of: "="), equals > 0 else { return false }
        return word.scalars[..<equals].allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    /// `NAME=value` words in front of a command set variables for it.
    static func stripAssignments(_ words: inout [TracedText], into process: inout EffectiveProcess) {
        while let word = words.first, isAssignment(word), let equals = word.scalars.firstIndex(of: "=") {
            let name = String(String.UnicodeScalarView(word.scalars[..<equals]))
            let value = word.slice(equals + 1..<word.count)
            let location = word.location ?? SourceLocation(path: "", span: Span(start: .zero, end: .zero))
            process.environment.set(EnvValue(name: name, value: value, mechanism: .shellAssignment, location: location))
            words.removeFirst()
        }
    }
}

/// Collects the variable names a script looks up.
private final class NameRecorder {
    var names: Set<String> = []
}
