import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts one plugin program with a request and reads its answer, turning every way it can go
/// wrong (not found, crashed, too slow, not JSON, not the protocol) into one sentence naming it.
enum PluginCall {
    static func ask(_ plugin: PluginSpec, _ request: PluginProtocol.Request) -> Result<PluginProtocol.Answer, PluginFailure> {
        let label = "plugin '\(plugin.name)'"
        guard let program = program(plugin) else {
            return .failure(PluginFailure("\(label) cannot be started: no program '\(plugin.command[0])'" +
                                          (plugin.command[0].contains("/") ? " in \(plugin.directory)" : " on PATH")))
        }
        let input = Array(JSONOutput.encodeCompact(request).utf8)
        let outcome = ToolProcess.run([program] + plugin.command.dropFirst(), timeout: plugin.timeout, input: input, directory: plugin.directory)
        if let launchError = outcome.launchError {
            return .failure(PluginFailure("\(label) cannot be started: \(launchError)"))
        }
        if outcome.timedOut {
            return .failure(PluginFailure("\(label) did not answer within \(seconds(plugin.timeout)) and was stopped (raise its timeout: in .lint.yml)"))
        }
        guard outcome.status == 0 else {
            return .failure(PluginFailure("\(label) exited with status \(outcome.status)\(said(outcome.stderr))"))
        }
        let text = String(decoding: outcome.stdout, as: UTF8.self).trimmingWhitespace()
        if text.isEmpty {
            return .failure(PluginFailure("\(label) wrote nothing on stdout; it must answer with one JSON object\(said(outcome.stderr))"))
        }
        do {
            return .success(try JSONDecoder().decode(PluginProtocol.Answer.self, from: Data(outcome.stdout)))
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                let start = text.prefix(60).replacing("\n", with: " ")
                return .failure(PluginFailure("\(label) wrote invalid JSON on stdout (it begins: \(start)\(text.count > 60 ? "…" : ""))"))
            }
            return .failure(PluginFailure("\(label) \(explain(error))\(said(outcome.stderr))"))
        } catch {
            return .failure(PluginFailure("\(label) wrote invalid JSON on stdout: \(error)"))
        }
    }

    /// The program to start: a path with a slash is relative to the `.lint.yml` folder; a bare
    /// name is looked up on PATH.
    static func program(_ plugin: PluginSpec) -> String? {
        let first = plugin.command[0]
        if first.contains("/") {
            let path = first.hasPrefix("/") ? first : plugin.directory + "/" + first
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        return ToolProcess.find(first)
    }

    /// What the program said on stderr, shortened: its last lines hold the error.
    private static func said(_ stderr: String) -> String {
        let lines = stderr.split(separator: "\n").map { $0.trimmingBlanks() }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { return "" }
        var text = lines.suffix(3).joined(separator: " | ")
        if text.count > 300 { text = "…" + String(text.suffix(300)) }
        return "; it said: \(text)"
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    /// A decoding error as the plugin's author needs it: where in the answer, and what was wrong.
    static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context, _ last: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (last.map { [$0] } ?? [])
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? "the answer" : "'\(text)'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "answered outside the protocol: \(path(context, key)) is missing"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "answered outside the protocol: \(path(context)) is not \(typeName(type))"
        case .dataCorrupted(let context):
            return "answered outside the protocol: \(path(context)): \(context.debugDescription)"
        @unknown default:
            return "answered outside the protocol: \(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is [Any].Type: "a list"
        case is Dictionary<String, Any>.Type: "an object"
        default: "a \(type)"
        }
    }
}

struct PluginFailure: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}
