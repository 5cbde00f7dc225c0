// Positions and decoded text are shared with the Dockerfile parser; YAML users get them with this module.
@_exported import MemlintSource
