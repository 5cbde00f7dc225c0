import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The renderers a run may use, found once per run: `render.<tool>.command` from `.lint.yml`, else
/// the program on PATH (kustomize: `kustomize build`, else `kubectl kustomize`).
public struct RenderTools: Sendable {
    public struct Tool: Sendable {
        /// The program (absolute) and the words that come before the target (`kustomize build`).
        public var command: [String]
        public var name: String
    }

    public var helm: Tool?
    public var kustomize: Tool?
    /// Why a tool is missing, as the note says it ("helm was not found on PATH").
    public var helmMissing = "helm was not found on PATH"
    public var kustomizeMissing = "neither kustomize nor kubectl was found on PATH"
    public var configuration = RenderConfiguration()
    /// The time budget of one rendering, in seconds (the per-file budget).
    public var timeout: Double = 60

    /// No tools: what tests and library users get unless they ask for rendering.
    public static let none = RenderTools(helmMissing: "rendering is off in this run", kustomizeMissing: "rendering is off in this run")

    public init(helm: Tool? = nil, kustomize: Tool? = nil, helmMissing: String = "helm was not found on PATH",
                kustomizeMissing: String = "neither kustomize nor kubectl was found on PATH") {
        self.helm = helm
        self.kustomize = kustomize
        self.helmMissing = helmMissing
        self.kustomizeMissing = kustomizeMissing
    }

    /// The tools as `.lint.yml` and PATH give them.
    public static func find(_ configuration: RenderConfiguration, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> RenderTools {
        var tools = RenderTools()
        tools.configuration = configuration
        if let command = configuration.helm.command {
            if let program = ToolProcess.find(command[0], path: path) {
                tools.helm = Tool(command: [program] + command.dropFirst(), name: "helm")
            } else {
                tools.helmMissing = "render.helm.command '\(command[0])' was not found"
            }
        } else if let program = ToolProcess.find("helm", path: path) {
            tools.helm = Tool(command: [program], name: "helm")
        }
        if let command = configuration.kustomize.command {
            if let program = ToolProcess.find(command[0], path: path) {
                let words = command.count > 1 ? Array(command.dropFirst())
                    : (command[0].hasSuffix("kubectl") ? ["kustomize"] : command[0].hasSuffix("kustomize") ? ["build"] : [])
                tools.kustomize = Tool(command: [program] + words, name: PathText.lastComponent(command[0]))
            } else {
                tools.kustomizeMissing = "render.kustomize.command '\(command[0])' was not found"
            }
        } else if let program = ToolProcess.find("kustomize", path: path) {
            tools.kustomize = Tool(command: [program, "build"], name: "kustomize")
        } else if let program = ToolProcess.find("kubectl", path: path) {
            tools.kustomize = Tool(command: [program, "kustomize"], name: "kubectl kustomize")
        }
        return tools
    }

    /// One line per tool with its version, for `check -v` (runs each tool's version command).
    public func versions() -> [String] {
        var lines: [String] = []
        if let helm {
            let outcome = ToolProcess.run([helm.command[0], "version", "--short"], timeout: 10)
            lines.append("helm: \(helm.command[0]) \(String(decoding: outcome.stdout, as: UTF8.self).trimmingWhitespace())")
        } else {
            lines.append("helm: none (\(helmMissing))")
        }
        if let kustomize {
            let program = kustomize.command[0]
            let argv = program.hasSuffix("kubectl") ? [program, "version", "--client"] : [program, "version"]
            let text = String(decoding: ToolProcess.run(argv, timeout: 10).stdout, as: UTF8.self)
            let version = text.split(separator: "\n").first { $0.contains("Kustomize") } ?? text.split(separator: "\n").first ?? ""
            lines.append("kustomize: \(kustomize.command.joined(separator: " ")) \(version.trimmingBlanks())")
        } else {
            lines.append("kustomize: none (\(kustomizeMissing))")
        }
        return lines
    }
}
