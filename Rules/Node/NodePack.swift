import MemlintEngine

/// Node.js: V8's heap flags against the limit (RUNTIME-FACTS §3). See docs/packs/node.md.
public let nodePack = RulePack(
    name: "Node",
    codePrefix: "NODE",
    rules: [
        NodeHeapOverLimitRule.self,
        NodeHeapNoHeadroomRule.self,
        NodeHeapUnsetRule.self,
        NodeOptionInvalidRule.self,
    ],
    runtimes: [NodeRuntime()])
