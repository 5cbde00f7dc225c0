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

/// `docker build`, `docker buildx build` and `podman build` lines in shell text (workflow `run:`
/// steps, scripts, Makefiles): `-t`/`--tag`, `-f`/`--file`, `--target`, and the context.
public enum DockerBuildLines {
    public static func recipes(in text: String, tool: BuildRecipe.Tool, base: BuildRecipe.Base, firstLine: Int) -> [BuildRecipe] {
        var recipes: [BuildRecipe] = []
        var logical = ""
        var startLine = firstLine
        var lineNumber = firstLine
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { lineNumber += 1 }
            let line = String(raw)
            if logical.isEmpty { startLine = lineNumber }
            if line.hasSuffix("\\") { logical += line.dropLast() + " "; continue }
            logical += line
            recipes += parse(logical, tool: tool, base: base, line: startLine)
            logical = ""
        }
        return recipes
    }

    static func parse(_ line: String, tool: BuildRecipe.Tool, base: BuildRecipe.Base, line number: Int) -> [BuildRecipe] {
        // Each command of the line on its own (`cd x && docker build …`).
        var found: [BuildRecipe] = []
        let commands = line.replacingAll("&&", with: ";").split(separator: ";").map(String.init)
        for command in commands {
            var words = split(command)
            guard let start = words.firstIndex(where: { $0 == "docker" || $0 == "podman" || $0.hasSuffix("/docker") }) else { continue }
            words = Array(words[(start + 1)...])
            if words.first == "buildx" { words.removeFirst() }
            guard words.first == "build" else { continue }
            words.removeFirst()
            var tags: [String] = []
            var file: String?
            var target: String?
            var positional: [String] = []
            var i = 0
            let valued: Set<String> = ["--build-arg", "--platform", "--label", "--cache-from", "--cache-to", "--secret", "--ssh", "--output", "-o",
                                       "--network", "--progress", "--builder", "--iidfile", "--metadata-file", "--build-context", "--add-host"]
            while i < words.count {
                let word = words[i]
                func value() -> String? { i + 1 < words.count ? words[i + 1] : nil }
                if word == "-t" || word == "--tag" { if let v = value() { tags.append(v) }; i += 2; continue }
                if word.hasPrefix("--tag=") { tags.append(String(word.dropFirst(6))); i += 1; continue }
                if word == "-f" || word == "--file" { file = value(); i += 2; continue }
                if word.hasPrefix("--file=") { file = String(word.dropFirst(7)); i += 1; continue }
                if word == "--target" { target = value(); i += 2; continue }
                if word.hasPrefix("--target=") { target = String(word.dropFirst(9)); i += 1; continue }
                if valued.contains(word) { i += 2; continue }
                if word.hasPrefix("-") { i += 1; continue }
                positional.append(word)
                i += 1
            }
            let context = positional.last ?? "."
            for tag in tags {
                found.append(BuildRecipe(tool: tool, image: tag, context: context, dockerfile: file ?? "Dockerfile",
                                         dockerfileFromBase: file != nil, target: target, base: base, line: number))
            }
        }
        return found
    }

    /// Words with quotes removed; `|`, `>` end the command.
    static func split(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var has = false
        for character in text {
            if let q = quote {
                if character == q { quote = nil } else { current.append(character) }
                continue
            }
            if character == "\"" || character == "'" { quote = character; has = true; continue }
            if character == "|" || character == ">" || character == "#" { break }
            if character == " " || character == "\t" {
                if has || !current.isEmpty { words.append(current) }
                current = ""
                has = false
                continue
            }
            current.append(character)
        }
        if has || !current.isEmpty { words.append(current) }
        return words
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free, for the models' modules).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
