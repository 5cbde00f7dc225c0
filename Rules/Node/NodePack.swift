import MemlintEngine

/// Node.js: V8's heap flags against the limit (Node's `doc/api/cli.md` and V8's heap sizing in `src/heap/heap.cc`). See docs/packs/node.md.
public let nodePack = RulePack(
    name: "Node",
    codePrefix: "NODE",
    rules: [
        NodeHeapOverLimitRule.self,
        NodeHeapNoHeadroomRule.self,
        NodeHeapUnsetRule.self,
        NodeOptionInvalidRule.self,
    ],
    runtimes: [NodeRuntime()],
    catalogue: ("Rules/Node/images.yml", PackageResources.images_yml))
