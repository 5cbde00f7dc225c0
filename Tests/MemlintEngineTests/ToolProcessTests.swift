import Foundation
@testable import MemlintEngine
import Testing

/// The child-process runner renderers and plugins share: input and output at once, a child
/// that stops reading, a working directory, the time limit.
@Suite struct ToolProcessTests {
    /// 8 MB in and out: far past a pipe's 64 KiB buffer, so writing and reading must interleave.
    @Test func aLargeInputIsWrittenWhileTheOutputIsRead() {
        let input = [UInt8](repeating: UInt8(ascii: "x"), count: 8 << 20)
        let outcome = ToolProcess.run(["/bin/cat"], timeout: 30, input: input)
        #expect(outcome.status == 0 && outcome.stdout.count == input.count && !outcome.timedOut)
    }

    /// A child that exits without reading its input must not kill memlint with SIGPIPE.
    @Test func aChildThatIgnoresItsInputIsNoProblem() {
        let outcome = ToolProcess.run(["/bin/sh", "-c", "echo done"], timeout: 30, input: [UInt8](repeating: 0, count: 4 << 20))
        #expect(outcome.status == 0 && String(decoding: outcome.stdout, as: UTF8.self) == "done\n")
    }

    @Test func theChildRunsInTheGivenFolder() {
        let outcome = ToolProcess.run(["/bin/pwd"], timeout: 30, directory: "/tmp")
        #expect(String(decoding: outcome.stdout, as: UTF8.self) == "/tmp\n")
    }

    @Test func aChildPastItsTimeIsStopped() {
        let started = Date()
        let outcome = ToolProcess.run(["/bin/sh", "-c", "sleep 30"], timeout: 0.5, input: Array("{}".utf8))
        #expect(outcome.timedOut && Date().timeIntervalSince(started) < 10)
    }
}
