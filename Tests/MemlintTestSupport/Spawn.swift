import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child's outcome with its own resource usage (from `wait4`): exit code or signal, wall time,
/// peak RSS.
public struct SpawnResult: Sendable {
    public var exitCode: Int32?
    public var signal: Int32?
    public var seconds: Double
    public var peakRSSMiB: Double
    public var stdout: String
    public var stderr: String
}

/// Runs the built memlint with `arguments` in `directory`, output to temporary files, and waits
/// with `wait4` so the rusage is this child's alone.
public func spawnMemlint(_ arguments: [String], in directory: URL) throws -> SpawnResult {
    let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("memlint-spawn-\(UUID().uuidString).out")
    let errFile = outFile.appendingPathExtension("err")
    defer {
        try? FileManager.default.removeItem(at: outFile)
        try? FileManager.default.removeItem(at: errFile)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    // The child starts in `directory` through `env -C`, which then execs memlint in the same process
    // (so wait4's usage is memlint's): the test process's own working directory never changes,
    // since other suites run in parallel with this one.
    let env = "/usr/bin/env"
    let argv = ([env, "-C", directory.path, TestPaths.binary.path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let started = Date()
    let status = posix_spawn(&pid, env, &actions, nil, argv, environ)
    guard status == 0 else { throw NSError(domain: "spawn", code: Int(status)) }
    var waitStatus: Int32 = 0
    var usage = rusage()
    while wait4(pid, &waitStatus, 0, &usage) < 0 && errno == EINTR {}
    let seconds = Date().timeIntervalSince(started)
    let exited = waitStatus & 0x7F == 0
    return SpawnResult(
        exitCode: exited ? (waitStatus >> 8) & 0xFF : nil,
        signal: exited ? nil : waitStatus & 0x7F,
        seconds: seconds,
        peakRSSMiB: Double(usage.ru_maxrss) / 1024,
        stdout: (try? String(contentsOf: outFile, encoding: .utf8)) ?? "",
        stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? "")
}
