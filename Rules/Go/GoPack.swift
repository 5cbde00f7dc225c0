import MemlintEngine

/// Go: GOMEMLIMIT and GOGC as the runtime reads them (the Go GC guide, go.dev/doc/gc-guide). See docs/packs/go.md.
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
    runtimes: [GoRuntime()],
    catalogue: ("Rules/Go/images.yml", PackageResources.images_yml))
