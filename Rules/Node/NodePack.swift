import MemlintEngine

/// Node.js: container detection now; V8 heap rules come with the Go/Node/Python issue.
public let nodePack = RulePack(name: "Node", codePrefix: "NODE", rules: [], detectors: [NodeDetector()])
