import MemlintEngine

struct NodeRuntime: RuntimeDescriptor {
    static let id = RuntimeID("node")
    var id: RuntimeID { Self.id }
    let displayName = "Node.js"

    func settings(for container: ResolvedContainer, parameters: ParameterValues) -> any RuntimeSettings {
        NodeSettings(container)
    }

    static let commands: Set<String> = ["node", "nodejs", "npm", "npx", "yarn", "pnpm", "pm2-runtime", "pm2", "next", "nest"]
    static let variables = ["NODE_OPTIONS", "NODE_ENV", "UV_THREADPOOL_SIZE"]

    func evidence(for subject: RuntimeSubject) -> [RuntimeEvidence] {
        subject.installEvidence("Node.js", weight: 3) { $0 == "nodejs" || $0.hasPrefix("nodejs-") || $0.hasPrefix("nodejs=") }
            + subject.standardEvidence(runtimeName: "Node.js", isCommand: { Self.commands.contains($0) }, variables: Self.variables)
    }
}
