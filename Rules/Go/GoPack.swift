import MemlintEngine

/// Go: container detection now; GOMEMLIMIT rules come with the Go/Node/Python issue.
public let goPack = RulePack(name: "Go", codePrefix: "GO", rules: [], detectors: [GoDetector()])
