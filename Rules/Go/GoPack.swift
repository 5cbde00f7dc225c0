import MemlintEngine

/// Go: GOMEMLIMIT and GOGC as the runtime reads them (RUNTIME-FACTS §2). See docs/packs/go.md.
public let goPack = RulePack(
    name: "Go",
    codePrefix: "GO",
    rules: [
        GoMemlimitMissingRule.self,
        GoMemlimitOverLimitRule.self,
        GoMemlimitNoHeadroomRule.self,
        GoMemlimitInvalidRule.self,
        GoGOGCOffUnboundedRule.self,
        GoMemlimitLowRule.self,
        GoGOGCInvalidRule.self,
    ],
    runtimes: [GoRuntime()])
