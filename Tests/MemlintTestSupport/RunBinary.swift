import Foundation

/// The outcome of running the memlint binary.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs the built `memlint` with `arguments` in `directory`, feeding `stdin` when given.
public func runMemlint(_ arguments: [String], in directory: URL = TestPaths.packageRoot,
                       stdin: String? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "NO_COLOR")
    // helm comes from scripts/get-helm (.build/tools); the renderings in the golden files need it.
    env["PATH"] = TestPaths.packageRoot.appendingPathComponent(".build/tools").path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
    for (key, value) in environment { env[key] = value }
    return try runProcess(TestPaths.binary, arguments, in: directory, stdin: stdin, environment: env)
}

/// Runs `executable` and collects both outputs; stdin is `stdin` (or empty).
public func runProcess(_ executable: URL, _ arguments: [String], in directory: URL, stdin: String? = nil,
                       environment: [String: String]? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    if let environment { process.environment = environment }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Read both pipes before waiting so a large output cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}
