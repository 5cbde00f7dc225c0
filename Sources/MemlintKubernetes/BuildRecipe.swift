import MemlintYAML

/// How a file of the repository says an image is built: a Compose service, a Bake target, a CI
/// step, a Tiltfile call, a Jib or ko configuration. The linker ties `image` to what builds it.
public struct BuildRecipe: Sendable {
    public enum Tool: String, Sendable {
        case compose = "Docker Compose service", bake = "docker buildx bake target", workflow = "CI workflow step"
        case script = "docker build line", tiltfile = "Tiltfile docker_build", skaffold = "skaffold.yaml artifact"
        case jib = "Jib", ko = "ko", buildpacks = "Cloud Native Buildpacks"
    }

    /// Paths are relative to the recipe file's folder, or to the repository root (CI workflows
    /// run in a checkout of the repository, `.github/workflows/` three levels down).
    public enum Base: Sendable { case file, repositoryRoot }

    public var tool: Tool
    /// The image as the recipe writes it (a tag may follow; `${VAR}` parts are kept as written).
    public var image: String
    public var context: String
    /// Relative to `context` (or to the base when `dockerfileFromBase`); nil for builds without a
    /// Dockerfile (Jib, ko, buildpacks).
    public var dockerfile: String?
    /// `docker build -f path` and `build-push-action`'s `file` are paths from where the build runs.
    public var dockerfileFromBase = false
    public var target: String?
    public var base: Base
    /// Where in the recipe file: the line of the image (or of the step).
    public var line: Int
    /// Jib: `from.image`, the base image (nil: Jib's default for the project's Java version).
    public var baseImage: String?
    /// Jib: `container.jvmFlags`, passed to `java` on the command line.
    public var jvmFlags: [TracedText] = []
    /// The language the tool builds, when the tool tells (`java` for Jib and Maven/Gradle
    /// buildpacks builds, `go` for ko).
    public var language: String?

    public init(tool: Tool, image: String, context: String, dockerfile: String?, dockerfileFromBase: Bool = false, target: String? = nil,
                base: Base = .file, line: Int, baseImage: String? = nil, jvmFlags: [TracedText] = []) {
        self.dockerfileFromBase = dockerfileFromBase
        self.tool = tool
        self.image = image
        self.context = context
        self.dockerfile = dockerfile
        self.target = target
        self.base = base
        self.line = line
        self.baseImage = baseImage
        self.jvmFlags = jvmFlags
        switch tool {
        case .jib: language = "java"
        case .ko: language = "go"
        default: language = nil
        }
    }
}

/// A shell script in a YAML build file (a CI workflow's `run:` step), read for `docker build` lines
/// by the resolution stage, which has the shell reader.
public struct BuildScript: Sendable {
    public var text: String
    /// The line of the step that holds it.
    public var line: Int
    public var base: BuildRecipe.Base

    public init(text: String, line: Int, base: BuildRecipe.Base) {
        self.text = text
        self.line = line
        self.base = base
    }
}
