import Foundation

/// A memory cgroup of the machine's own (v1 `memory.limit_in_bytes`, or v2 `memory.max`), in which
/// a real runtime sees exactly what it sees in a Kubernetes container with that limit. Every
/// cgroup is removed after its run, its processes killed first; every run is bounded in time.
public struct MemoryCgroup: Sendable {
    public enum Version: String, Sendable { case v1, v2 }

    public let version: Version
    let root: String

    /// The memory controller this machine offers to root, or why there is none.
    public static func available() -> Result<MemoryCgroup, LabUnavailable> {
        guard getuid() == 0 else { return .failure(LabUnavailable("not root: cannot create memory cgroups")) }
        let fm = FileManager.default
        if fm.fileExists(atPath: "/sys/fs/cgroup/memory/memory.limit_in_bytes") {
            return .success(MemoryCgroup(version: .v1, root: "/sys/fs/cgroup/memory"))
        }
        if let controllers = try? String(contentsOfFile: "/sys/fs/cgroup/cgroup.controllers", encoding: .utf8),
           controllers.split(separator: " ").contains(where: { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "memory" }) {
            // Children of the root get the memory controller only when the root delegates it.
            try? "+memory".write(toFile: "/sys/fs/cgroup/cgroup.subtree_control", atomically: false, encoding: .utf8)
            return .success(MemoryCgroup(version: .v2, root: "/sys/fs/cgroup"))
        }
        return .failure(LabUnavailable("no memory cgroup controller at /sys/fs/cgroup (v1 memory/ or v2 memory.max)"))
    }

    public struct Outcome: Sendable {
        public var status: Int32
        /// Killed by the kernel's OOM killer for the cgroup (SIGKILL with an OOM event recorded).
        public var oomKilled: Bool
        public var timedOut: Bool
        public var stdout: String
        public var stderr: String
        /// The cgroup's peak memory (v1 `memory.max_usage_in_bytes`, v2 `memory.peak` where the kernel has it).
        public var peakBytes: Int64?
    }

    /// Runs `command` inside a new cgroup limited to `limitBytes`, with `environment` added, for at
    /// most `seconds`.
    public func run(_ command: [String], limitBytes: Int64, environment: [String: String] = [:], seconds: Double = 60) throws -> Outcome {
        try start(command, limitBytes: limitBytes, environment: environment, seconds: seconds, whenListening: nil)
    }

    /// Runs a server whose first line of output is `port N`: `load` is called with the port once it
    /// listens (from this process, outside the cgroup), then the server is waited for.
    public func serve(_ command: [String], limitBytes: Int64, environment: [String: String] = [:], seconds: Double = 60,
                      load: @escaping @Sendable (Int) -> Void) throws -> Outcome {
        try start(command, limitBytes: limitBytes, environment: environment, seconds: seconds, whenListening: load)
    }

    private func start(_ command: [String], limitBytes: Int64, environment: [String: String], seconds: Double,
                       whenListening load: (@Sendable (Int) -> Void)?) throws -> Outcome {
        let path = "\(root)/memlint-lab-\(UUID().uuidString.prefix(12))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        defer { remove(path) }
        switch version {
        case .v1:
            try write("\(limitBytes)", to: "\(path)/memory.limit_in_bytes")
            // No swap, as in a Kubernetes container (memsw exists only when swap accounting is on).
            try? write("\(limitBytes)", to: "\(path)/memory.memsw.limit_in_bytes")
        case .v2:
            try write("\(limitBytes)", to: "\(path)/memory.max")
            try? write("0", to: "\(path)/memory.swap.max")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The shell joins the cgroup, then becomes the runtime: nothing else is counted.
        process.arguments = ["-c", "echo $$ > \"$0\"/cgroup.procs && exec \"$@\"", path] + command
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = Captured(), errData = Captured()
        let group = DispatchGroup()
        for (pipe, sink) in [(out, outData), (err, errData)] {
            group.enter()
            DispatchQueue.global().async {
                let handle = pipe.fileHandleForReading
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    sink.append(chunk)
                }
                group.leave()
            }
        }
        let deadline = Date().addingTimeInterval(seconds)
        var timedOut = false
        var loading = false
        while process.isRunning {
            if Date() > deadline { timedOut = true; kill(process.processIdentifier, SIGKILL); break }
            if !loading, let load, let port = outData.firstLinePort {
                // The load runs beside this loop, so the deadline still holds if the server stalls.
                loading = true
                DispatchQueue.global().async { load(port) }
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        group.wait()
        let oom = oomKills(path) > 0
        return Outcome(status: process.terminationStatus, oomKilled: oom && process.terminationReason == .uncaughtSignal,
                       timedOut: timedOut, stdout: String(decoding: outData.data, as: UTF8.self),
                       stderr: String(decoding: errData.data, as: UTF8.self), peakBytes: peak(path))
    }

    private func oomKills(_ path: String) -> Int {
        let file = version == .v1 ? "\(path)/memory.oom_control" : "\(path)/memory.events"
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, parts[0] == "oom_kill", let n = Int(parts[1]) { return n }
        }
        return 0
    }

    private func peak(_ path: String) -> Int64? {
        let file = version == .v1 ? "\(path)/memory.max_usage_in_bytes" : "\(path)/memory.peak"
        return (try? String(contentsOfFile: file, encoding: .utf8)).flatMap { Int64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Kills what is left in the cgroup, then removes it (retried: the kernel frees it asynchronously).
    private func remove(_ path: String) {
        for _ in 0..<50 {
            if let procs = try? String(contentsOfFile: "\(path)/cgroup.procs", encoding: .utf8) {
                for pid in procs.split(separator: "\n").compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
            }
            if rmdir(path) == 0 || errno == ENOENT { return }
            usleep(20_000)
        }
    }

    private func write(_ text: String, to file: String) throws {
        guard let handle = FileHandle(forWritingAtPath: file) else { throw LabUnavailable("cannot open \(file)") }
        defer { try? handle.close() }
        try handle.write(contentsOf: Data(text.utf8))
    }
}

/// Why the lab cannot run here.
public struct LabUnavailable: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

private final class Captured: @unchecked Sendable {
    private var bytes = Data()
    private let lock = NSLock()
    func append(_ chunk: Data) { lock.lock(); bytes.append(chunk); lock.unlock() }
    var data: Data { lock.lock(); defer { lock.unlock() }; return bytes }
    /// N from a first line `port N …`, once it has arrived whole.
    var firstLinePort: Int? {
        let text = String(decoding: data, as: UTF8.self)
        guard let newline = text.firstIndex(of: "\n") else { return nil }
        let line = text[..<newline]
        guard line.hasPrefix("port ") else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }
}

/// Whether the truth lab must run: in CI (`CI=true`) a missing runtime or cgroup is a failure.
public enum TruthLab {
    public static var required: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The path of `tool` on PATH, or nil.
    public static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
