import Foundation

/// Runs a renderer (helm, kustomize) as a child process: no shell, its output collected, stopped
/// when it runs past its time budget.
enum ToolProcess {
    struct Outcome: Sendable {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
        var timedOut = false
        /// Why it could not be started (the program is not there, not executable).
        var launchError: String?
    }

    static func run(_ argv: [String], in directory: String? = nil, timeout: Double) -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return Outcome(status: -1, stdout: [], stderr: "", launchError: error.localizedDescription)
        }
        // Both pipes are drained while the process runs: a full pipe would block it forever.
        let collected = Collected()
        let group = DispatchGroup()
        for (handle, isOut) in [(out.fileHandleForReading, true), (err.fileHandleForReading, false)] {
            DispatchQueue.global().async(group: group) {
                let data = handle.readDataToEndOfFile()
                collected.set(data, isOut: isOut)
            }
        }
        let stopped = Collected.Flag()
        let watchdog = DispatchWorkItem {
            guard process.isRunning else { return }
            stopped.set()
            kill(process.processIdentifier, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        process.waitUntilExit()
        watchdog.cancel()
        group.wait()
        return Outcome(status: process.terminationStatus, stdout: Array(collected.out),
                       stderr: String(decoding: collected.err, as: UTF8.self), timedOut: stopped.isSet)
    }

    /// The absolute path of `program` on PATH (or `program` itself when it holds a slash and exists).
    static func find(_ program: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        for folder in (path ?? "").split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var out = Data()
    private(set) var err = Data()

    func set(_ data: Data, isOut: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if isOut { out = data } else { err = data }
    }

    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.lock(); value = true; lock.unlock() }
        var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    }
}
