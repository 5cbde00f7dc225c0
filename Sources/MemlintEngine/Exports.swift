// Rule packs see the models and the resolution stage through the engine, so a pack's imports stay one line.
@_exported import MemlintKubernetes
@_exported import MemlintYAML
@_exported import MemlintDockerfile
@_exported import MemlintResolution
