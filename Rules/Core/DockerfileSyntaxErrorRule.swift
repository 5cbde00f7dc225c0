import MemlintEngine

struct DockerfileSyntaxErrorRule: FileRule {
    static let description = RuleDescription(
        code: "E002", name: "dockerfile-syntax-error", pack: "Core", defaultSeverity: .error,
        summary: "A Dockerfile could not be parsed, so the image it builds was not checked.",
        rationale: """
            memlint reads Dockerfiles the way BuildKit's parser does, to learn the ENV, ENTRYPOINT and \
            CMD a container inherits from its image. A Dockerfile that BuildKit would reject — no \
            instruction at all, `ENV` without a value, a JSON array with a non-string element, a bad or \
            repeated parser directive, an unterminated heredoc, a line over 65,535 bytes — cannot be \
            built, and its image settings cannot be checked. Containers that use the image are still \
            checked with what the manifest says.
            """,
        fix: "Fix the Dockerfile at the reported position; `memlint debug dockerfile-ast FILE` shows how BuildKit reads it.",
        references: ["https://docs.docker.com/reference/dockerfile/", "https://github.com/moby/buildkit/tree/master/frontend/dockerfile/parser"],
        triggering: [
            Example(files: [("Dockerfile", """
                FROM eclipse-temurin:17-jre
                ENV ↓JAVA_TOOL_OPTIONS
                CMD ["java", "-jar", "/app.jar"]
                """)]).skipping(.suppressed),  // a Dockerfile that does not parse gives no comments to read
            Example(files: [("Dockerfile", """
                FROM node:20
                RUN <<EOF
                npm ci
                """)]),
        ],
        nonTriggering: [
            Example(files: [("Dockerfile", """
                FROM node:20
                ENV NODE_OPTIONS="--max-old-space-size=384"
                CMD ["node", "server.js"]
                """)]),
        ])

    func check(_ file: FileContext, _ sink: inout DiagnosticSink) {
        guard let error = file.dockerfileError else { return }
        sink.report(error.message, at: Span(start: error.mark, end: error.mark))
    }
}
