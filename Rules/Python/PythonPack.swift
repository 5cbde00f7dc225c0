import MemlintEngine

/// CPython: container detection now; limit-headroom rules come with the Go/Node/Python issue.
public let pythonPack = RulePack(name: "Python", codePrefix: "PY", rules: [], detectors: [PythonDetector()])
