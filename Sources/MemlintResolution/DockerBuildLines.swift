import MemlintDockerfile
import MemlintKubernetes
import MemlintSource

/// `docker build`, `docker buildx build` and `podman build` commands in shell text (workflow `run:`
/// steps, scripts, Makefiles), read with the shell reader (`ShellWords`: quotes, continuations,
/// `&&`, `;`, pipes, redirections): `-t`/`--tag`, `-f`/`--file`, `--target`, and the context.
/// Variables stay as written (`orders:${TAG}`), for the linker to drop.
public enum DockerBuildLines {
    static let valued: Set<String> = [
        "--build-arg", "--platform", "--label", "--cache-from", "--cache-to", "--secret", "--ssh", "--output", "-o",
        "--network", "--progress", "--builder", "--iidfile", "--metadata-file", "--build-context", "--add-host",
    ]

    /// `path` and `firstLine` place the text when it is a file of its own (a script); a script
    /// inside YAML (a workflow step) passes `path` nil and every recipe takes `firstLine`.
    public static func recipes(in text: String, path: String?, tool: BuildRecipe.Tool, base: BuildRecipe.Base, firstLine: Int) -> [BuildRecipe] {
        var script = TracedText()
        if let path {
            // Line by line, so that each command knows the line it starts on.
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                script.append(String(line) + "\n", origin: .exact(path: path, start: Mark(line: firstLine + n, column: 1, offset: 0)))
            }
        } else {
            script = TracedText(synthetic: text)
        }
        var recipes: [BuildRecipe] = []
        ShellWords { name in TracedText(synthetic: "${\(name)}") }.simpleCommands(script) { command in
            var words = command.words.map(\.text)
            guard let start = words.firstIndex(where: { $0 == "docker" || $0 == "podman" || $0.hasSuffix("/docker") }) else { return }
            words = Array(words[(start + 1)...])
            if words.first == "buildx" { words.removeFirst() }
            guard words.first == "build" else { return }
            var tags: [String] = []
            var file: String?
            var target: String?
            var positional: [String] = []
            var i = 1
            while i < words.count {
                let word = words[i]
                let next = i + 1 < words.count ? words[i + 1] : nil
                if word == "-t" || word == "--tag" { next.map { tags.append($0) }; i += 2; continue }
                if word == "-f" || word == "--file" { file = next; i += 2; continue }
                if word == "--target" { target = next; i += 2; continue }
                if word.hasPrefix("--tag=") { tags.append(String(word.dropFirst(6))) }
                else if word.hasPrefix("--file=") { file = String(word.dropFirst(7)) }
                else if word.hasPrefix("--target=") { target = String(word.dropFirst(9)) }
                else if valued.contains(word) { i += 1 }
                else if !word.hasPrefix("-") { positional.append(word) }
                i += 1
            }
            let line = command.words.first?.location.map { Int($0.span.start.line) } ?? firstLine
            for tag in tags {
                recipes.append(BuildRecipe(tool: tool, image: tag, context: positional.last ?? ".", dockerfile: file ?? "Dockerfile",
                                           dockerfileFromBase: file != nil, target: target, base: base, line: line))
            }
        }
        return recipes
    }
}
