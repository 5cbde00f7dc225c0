import Dispatch
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a renderer (helm, kustomize) or a rule plugin as a child process: no shell, its input
/// written and its output collected together (so neither side blocks on a full pipe), stopped
/// when it runs past its time budget. The child gets a process group of its own, so stopping it
/// also stops what it started (a plugin, a `sh` wrapper's `sleep`), which would otherwise keep the
/// pipes open.
enum ToolProcess {
    struct Outcome: Sendable {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
        var timedOut = false
        /// Why it could not be started (the program is not there, not executable).
        var launchError: String?
    }

    /// `input` is written to the child's stdin (else it reads /dev/null); `directory` is its
    /// working directory (else memlint's).
    static func run(_ argv: [String], timeout: Double, input: [UInt8]? = nil, directory: String? = nil) -> Outcome {
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0], inPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0, input == nil || pipe(&inPipe) == 0 else {
            return Outcome(status: -1, stdout: [], stderr: "", launchError: String(cString: strerror(errno)))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if input != nil {
            // A child that exits without reading all its input must not kill memlint.
            signal(SIGPIPE, SIG_IGN)
            posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
            posix_spawn_file_actions_addclose(&actions, inPipe[0])
            posix_spawn_file_actions_addclose(&actions, inPipe[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        if let directory {
            guard let addChdir = Self.addChdir else {
                return Outcome(status: -1, stdout: [], stderr: "", launchError: "this C library cannot start a program in another folder")
            }
            addChdir(&actions, directory)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        var pid: pid_t = 0
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, environ)
        close(outPipe[1])
        close(errPipe[1])
        if input != nil { close(inPipe[0]) }
        guard spawned == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            if input != nil { close(inPipe[1]) }
            return Outcome(status: -1, stdout: [], stderr: "", launchError: String(cString: strerror(spawned)))
        }

        var out: [UInt8] = [], err: [UInt8] = []
        var open: [(fd: Int32, isOut: Bool)] = [(outPipe[0], true), (errPipe[0], false)]
        // The input still to write; the pipe is closed (EOF for the child) once it is all written.
        var pending = input.map { ArraySlice($0) } ?? []
        var inFD: Int32 = -1
        if input != nil {
            inFD = inPipe[1]
            _ = fcntl(inFD, F_SETFL, fcntl(inFD, F_GETFL) | O_NONBLOCK)
            if pending.isEmpty { close(inFD); inFD = -1 }
        }
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, min(timeout, 1e6)) * 1e9)
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !open.isEmpty {
            let now = DispatchTime.now().uptimeNanoseconds
            if now >= deadline {
                timedOut = true
                kill(-pid, SIGKILL)
                break
            }
            var fds = open.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            if inFD >= 0 { fds.append(pollfd(fd: inFD, events: Int16(POLLOUT), revents: 0)) }
            let waitMillis = Int32(min(UInt64(1000), (deadline - now) / 1_000_000 + 1))
            let ready = poll(&fds, nfds_t(fds.count), waitMillis)
            if ready < 0 && errno != EINTR { break }
            guard ready > 0 else { continue }
            if inFD >= 0, let last = fds.last, last.fd == inFD, last.revents != 0 {
                let n = pending.withUnsafeBytes { write(inFD, $0.baseAddress!, $0.count) }
                if n > 0 { pending = pending.dropFirst(n) }
                // Written, or the child closed its end (EPIPE): either way there is no more to send.
                if pending.isEmpty || (n < 0 && errno != EAGAIN && errno != EINTR) { close(inFD); inFD = -1 }
                fds.removeLast()
            }
            var closed: [Int32] = []
            for (index, entry) in fds.enumerated() where entry.revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress!, $0.count) }
                if n > 0 {
                    if open[index].isOut { out += buffer[0..<n] } else { err += buffer[0..<n] }
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    closed.append(entry.fd)
                }
            }
            for fd in closed { close(fd) }
            open.removeAll { closed.contains($0.fd) }
        }
        for entry in open { close(entry.fd) }
        if inFD >= 0 { close(inFD) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // The exit status as the shell shows it: the code, or 128 + the signal.
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Outcome(status: code, stdout: out, stderr: String(decoding: err, as: UTF8.self), timedOut: timedOut)
    }

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), which Swift's Glibc module does not
    /// declare.
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private static let addChdir: AddChdir? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np")
        .map { unsafeBitCast($0, to: AddChdir.self) }

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
