import MemlintEngine

/// Memory settings every container has, whatever it runs: limits, requests and their quantities.
public let kubernetesPack = RulePack(
    name: "Kubernetes",
    codePrefix: "K8S",
    rules: [
        MemoryLimitMissingRule.self,
        MemoryRequestOverLimitRule.self,
        QuantityInvalidRule.self,
        MemoryFractionalBytesRule.self,
    ])
