import ArgumentParser
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The program. A command line the quick parser recognises (`check` and its options, as a
/// pre-commit hook or a CI step writes them) runs at once; any other goes to ArgumentParser, which
/// parses it, prints help and reports usage errors. Both end the same way: usage and configuration
/// errors exit 2 (ArgumentParser's own default is 64).
public enum CommandLineEntry {
    public static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            switch QuickCommandLine.parse(arguments) {
            case .version:
                print(Memlint.version)
            case .check(let request):
                try request.run()
            case nil:
                var command = try Memlint.parseAsRoot(arguments)
                try command.run()
            }
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            if Memlint.exitCode(for: error) == .success {
                print(Memlint.fullMessage(for: error))
                exit(0)
            }
            StandardStream.error.write((Memlint.fullMessage(for: error) + "\n"))
            exit(2)
        }
    }
}
