import MemlintEngine

/// How many worker processes a Python server starts, and where that number was written.
struct WorkerCount: Sendable {
    var count: Int
    var server: String
    /// "-w 8", "WEB_CONCURRENCY=8", "default"
    var source: String
    var location: SourceLocation?
}

/// A Python container's server, workers and allocator settings, and its budget.
struct PythonSettings: RuntimeSettings {
    var server: String?
    var workers: WorkerCount?
    /// Why the worker count is not known (celery without --concurrency uses the host's CPUs).
    var workersUnknown: String?
    var pythonMalloc: EnvValue?
    /// `major.minor` from a `python` image's tag (`python:3.11-slim`), when it says.
    var version: (major: Int, minor: Int)?
    /// The per-worker assumption in force (`runtimes: {python: {perWorker: …}}`).
    var perWorker: Int64 = 0
    var budget: MemoryBudget?

    static let servers: Set<String> = ["gunicorn", "uvicorn", "hypercorn", "celery", "uwsgi", "daphne", "granian"]

    /// The settings the resolution stage computed, for a container that runs Python.
    static func of(_ context: ContainerContext) -> PythonSettings? { context.settings(PythonSettings.self) }

    init(_ container: ResolvedContainer, parameters: ParameterValues) {
        perWorker = parameters[PythonRuntime.perWorker]
        version = [container.linkedImage?.baseImage, container.image].compactMap { $0 }.lazy.compactMap(Self.version(of:)).first
        readWorkers(container)
        budget = Self.budget(self, container: container)
    }

    private mutating func readWorkers(_ container: ResolvedContainer) {
        let env = container.process.environment
        pythonMalloc = env["PYTHONMALLOC"]
        var command = container.process.command.map { $0 }
        // `python -m gunicorn …` runs the same server.
        if let first = command.first?.text.split(separator: "/").last, first.hasPrefix("python"),
           let m = command.firstIndex(where: { $0.text == "-m" }), m + 1 < command.count {
            command = Array(command[(m + 1)...])
        }
        guard let executable = command.first.map({ $0.text.split(separator: "/").last.map(String.init) ?? $0.text }),
              Self.servers.contains(executable) else { return }
        server = executable
        let args = Array(command.dropFirst())
        func fromEnvironment(_ name: String) -> WorkerCount? {
            guard let variable = env[name], let text = variable.value?.text, let n = Int(text.trimmingWhitespace()) else { return nil }
            return WorkerCount(count: n, server: executable, source: "\(name)=\(text)", location: variable.location)
        }
        switch executable {
        case "gunicorn":
            // Command line > GUNICORN_CMD_ARGS > WEB_CONCURRENCY (the default of `workers`) > 1.
            workers = Self.option(["-w", "--workers"], in: args, server: executable)
                ?? env["GUNICORN_CMD_ARGS"]?.value.flatMap { Self.option(["-w", "--workers"], in: OptionTokens.split($0), server: executable) }
                ?? fromEnvironment("WEB_CONCURRENCY")
                ?? WorkerCount(count: 1, server: executable, source: "gunicorn's default", location: nil)
        case "uvicorn", "hypercorn":
            workers = Self.option(["--workers", "-w"], in: args, server: executable)
                ?? fromEnvironment("WEB_CONCURRENCY")
                ?? WorkerCount(count: 1, server: executable, source: "\(executable)'s default", location: nil)
        case "celery":
            workers = Self.option(["-c", "--concurrency"], in: args, server: executable)
            if workers == nil { workersUnknown = "celery without --concurrency starts one worker per CPU of the node, not of the container" }
        case "uwsgi":
            workers = Self.option(["-p", "--processes", "--workers"], in: args, server: executable)
        default:
            workers = WorkerCount(count: 1, server: executable, source: "one process", location: nil)
        }
    }

    static func version(of reference: ImageReference) -> (major: Int, minor: Int)? {
        guard reference.name == "python" || reference.name.hasPrefix("python3"), let tag = reference.tag else { return nil }
        let numbers = tag.prefix { $0.isNumber || $0 == "." }.split(separator: ".").compactMap { Int($0) }
        guard numbers.count >= 2, numbers[0] == 3 else { return nil }
        return (numbers[0], numbers[1])
    }

    /// The allocators `PYTHONMALLOC` may name (`_PyMem_GetAllocatorName`); mimalloc from 3.13.
    /// Anything else, a case or a blank included, stops the interpreter: "PYTHONMALLOC: unknown
    /// allocator" (checked against a real CPython 3.11 in the truth lab).
    var knownAllocators: Set<String> {
        var names: Set<String> = ["", "default", "malloc", "pymalloc", "debug", "malloc_debug", "pymalloc_debug"]
        if (version.map { $0.minor >= 13 } ?? true) { names.formUnion(["mimalloc", "mimalloc_debug"]) }
        return names
    }

    /// `PYTHONMALLOC` names no allocator this Python has.
    var unknownAllocator: String? {
        guard let value = pythonMalloc?.value?.text, !knownAllocators.contains(value) else { return nil }
        return value
    }

    /// The figures the truth lab compares with a real interpreter.
    var facts: [String: String] { ["starts": String(unknownAllocator == nil)] }

    /// `-w 8`, `-w8`, `--workers 8`, `--workers=8` (the last occurrence wins).
    static func option(_ names: [String], in args: [TracedText], server: String) -> WorkerCount? {
        var found: WorkerCount?
        var i = 0
        while i < args.count {
            let word = args[i].text
            for name in names {
                var value: TracedText?
                if word == name, i + 1 < args.count {
                    value = args[i + 1]
                } else if word.hasPrefix(name + "=") {
                    value = args[i].slice(name.count + 1..<args[i].count)
                } else if name.count == 2, word.hasPrefix(name), word.count > 2, Int(word.dropFirst(2)) != nil {
                    value = args[i].slice(2..<args[i].count)
                }
                if let value, let n = Int(value.text) {
                    // `-w 8` as one span when both words are on one line of one file; else the flag alone
                    // (the 8 may come from a variable defined elsewhere).
                    var location = args[i].location
                    if let start = location, let end = value.location, start.path == end.path, start.span.start.line == end.span.end.line {
                        location = SourceLocation(path: start.path, span: Span(start: start.span.start, end: end.span.end))
                    }
                    found = WorkerCount(count: n, server: server, source: word == name ? "\(name) \(value.text)" : word, location: location)
                }
            }
            i += 1
        }
        return found
    }
}

extension PythonSettings {
    /// Workers × the per-worker assumption, and the limit's headroom over the request.
    static func budget(_ settings: PythonSettings, container: ResolvedContainer) -> MemoryBudget {
        var notes: [String] = []
        if let limit = container.memoryLimit, let request = container.memoryRequest, request.bytes > 0 {
            notes.append("limit / request = \(NumberText.fixed(Double(limit.bytes) / Double(request.bytes), digits: 2)) (pymalloc rarely returns arenas to the system: RSS ratchets up, so the limit needs headroom over the request)")
        }
        if let unknown = settings.workersUnknown { notes.append(unknown) }
        guard let workers = settings.workers else {
            return MemoryBudget(runtime: PythonRuntime.id, components: [], limit: container.memoryLimit, notes: notes)
        }
        let component = MemoryBudget.Component(
            "\(workers.server) workers", Int64(workers.count).saturatingMultiply(settings.perWorker),
            .derived("\(workers.count) (\(workers.source)) × assumption perWorker=\(ByteFormat.format(settings.perWorker))"))
        return MemoryBudget(runtime: PythonRuntime.id, components: [component], limit: container.memoryLimit, notes: notes)
    }
}
