import MemlintEngine

/// CPython services: limit headroom, debug allocators, worker processes (CPython's memory-management documentation).
/// See docs/packs/python.md.
public let pythonPack = RulePack(
    name: "Python",
    codePrefix: "PY",
    rules: [
        PythonLimitHeadroomRule.self,
        PythonDebugMallocRule.self,
        PythonWorkersOverLimitRule.self,
        PythonMallocInvalidRule.self,
    ],
    runtimes: [PythonRuntime()],
    catalogue: ("Rules/Python/images.yml", PackageResources.images_yml))
