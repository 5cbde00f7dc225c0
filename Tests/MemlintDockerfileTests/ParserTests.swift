import MemlintDockerfile
import MemlintSource
import Testing

@Suite struct DockerfileParserTests {
    func parse(_ text: String) -> Result<Dockerfile, DockerfileError> {
        DockerfileParser.parse(SourceText(text), path: "Dockerfile")
    }

    func dump(_ text: String) throws -> String {
        DockerfileDump.render(try parse(text).get())
    }

    @Test func envEqualsFormAndFlagsEnd() throws {
        #expect(try dump("FROM a\nENV a=1 b=\"x y\"\nCOPY --chown=app -- --weird /x\n") ==
                "(from \"a\")\n(env \"a\" \"1\" \"=\" \"b\" \"\\\"x y\\\"\" \"=\")\n(copy [\"--chown=app\"] \"--weird\" \"/x\")\n")
    }

    @Test func keywordsAreCaseInsensitiveAndUnknownOnesKept() throws {
        #expect(try dump("from a\nRuN echo\nFOO bar\nSTOPSIGNAL SIGTERM\nMAINTAINER me\nSHELL [\"bash\", \"-c\"]\n") ==
                "(from \"a\")\n(run \"echo\")\n(foo \"\")\n(stopsignal \"SIGTERM\")\n(maintainer \"me\")\n(shell \"bash\" \"-c\")\n")
    }

    @Test func heredocsAreReadAndNotInstructions() throws {
        let file = try parse("FROM a\nRUN <<EOF cat <<-'END'\nFROM not-an-instruction\nEOF\n\techo hi\n\tEND\nCMD [\"x\"]\n").get()
        #expect(DockerfileDump.render(file) == "(from \"a\")\n(run \"<<EOF cat <<-'END'\")\n(cmd \"x\")\n")
        let run = file.instructions[1]
        #expect(run.heredocs.map(\.name) == ["EOF", "END"])
        #expect(run.heredocs[0].body == "FROM not-an-instruction\n")
        #expect(run.heredocs[1].stripsTabs)
    }

    @Test func negativeCases() {
        let cases: [(String, String)] = [
            ("", "no instructions"),
            ("# only a comment\n\n", "no instructions"),
            ("FROM a\nENV foo\n", "must have two arguments"),
            ("FROM a\nENV a=1 b\n", "can't find ="),
            ("FROM a\nCMD [\"a\", 1]\n", "strings only"),
            ("# escape=x\nFROM a\n", "invalid escape"),
            ("# escape=`\n# escape=`\nFROM a\n", "only one escape"),
            ("FROM a\nRUN <<EOF\necho\n", "unterminated heredoc"),
            ("FROM a\nRUN echo " + String(repeating: "x", count: 70_000) + "\n", "longer than"),
        ]
        for (text, fragment) in cases {
            guard case .failure(let error) = parse(text) else {
                Issue.record("accepted: \(text.prefix(40))")
                continue
            }
            #expect(error.message.contains(fragment), "\(error.message) should mention \(fragment)")
        }
    }

    @Test func malformedJSONFallsBackToShellForm() throws {
        #expect(try dump("FROM a\nCMD [\"a\", \"b\"\nENTRYPOINT ['java']\n") == "(from \"a\")\n(cmd \"[\\\"a\\\", \\\"b\\\"\")\n(entrypoint \"['java']\")\n")
    }

    @Test func argumentsKeepTheirPositionsThroughContinuations() throws {
        let file = try parse("FROM eclipse-temurin:17\n# 주석\nENV JAVA_TOOL_OPTIONS=\"-Dx=1 \\\n    -Xmx900m\"\nCMD [\"java\", \"-jar\", \"app.jar\"]\n").get()
        let env = file.instructions[1].keyValuePairs[0]
        #expect(env.name.text == "JAVA_TOOL_OPTIONS")
        let value = env.value
        let text = value.text
        let offset = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: text.unicodeScalars.firstIndex(of: "X")!) - 1
        let location = try #require(value.location(of: offset..<offset + 8))
        #expect(location.span.start.line == 4)
        #expect(location.span.start.column == 5)
        #expect(location.span.end.column == 13)
        let jar = file.instructions[2].arguments[2]
        #expect(jar.location?.span.start.column == 23)  // inside the quotes
    }

    @Test func crlfAndByteOrderMark() throws {
        let raw: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("FROM a\r\nRUN echo \\\r\n  hi\r\n".utf8)
        let file = try DockerfileParser.parse(SourceText.decode(raw).get(), path: "Dockerfile").get()
        #expect(DockerfileDump.render(file) == "(from \"a\")\n(run \"echo   hi\")\n")
    }

    @Test func onbuildNestsAndCommentsAreKept() throws {
        let file = try parse("FROM a\n# memlint ignore=JVM001\nONBUILD RUN echo\n").get()
        #expect(DockerfileDump.render(file) == "(from \"a\")\n(onbuild (run \"echo\"))\n")
        #expect(file.comments.map(\.text) == ["memlint ignore=JVM001"])
        #expect(file.comments.first?.mark.line == 2)
    }
}

@Suite struct ImageModelTests {
    func model(_ text: String, target: String? = nil) throws -> ImageModel {
        ImageModel.build(try DockerfileParser.parse(SourceText(text), path: "Dockerfile").get(), target: target)
    }

    @Test func stagesChainAndEnvIsInherited() throws {
        let image = try model("""
            ARG JDK=17
            FROM eclipse-temurin:${JDK}-jre AS base
            ENV JAVA_TOOL_OPTIONS="-Xmx512m" APP_HOME=/app
            FROM golang:1.22 AS build
            RUN go build
            FROM base AS app
            ENV JAVA_OPTS="$JAVA_TOOL_OPTIONS -Dx=1" HOME=${APP_HOME:-/root}
            ENTRYPOINT ["java", "-jar", "app.jar"]
            """)
        #expect(image.stages.count == 3)
        #expect(image.baseImage.text == "eclipse-temurin:17-jre")
        #expect(image.allBaseImages == ["eclipse-temurin:17-jre", "golang:1.22"])
        #expect(image.config.env("JAVA_TOOL_OPTIONS")?.value.text == "-Xmx512m")
        #expect(image.config.env("JAVA_OPTS")?.value.text == "-Xmx512m -Dx=1")
        #expect(image.config.env("HOME")?.value.text == "/app")
        #expect(image.config.argv.map(\.text) == ["java", "-jar", "app.jar"])
        // The expanded -Xmx512m still points at line 3, where it was written.
        let opts = try #require(image.config.env("JAVA_OPTS")?.value)
        #expect(opts.location(of: 0..<8)?.span.start.line == 3)
    }

    @Test func entrypointAndCmdCombine() throws {
        #expect(try model("FROM a\nCMD java -jar app.jar\n").config.argv.map(\.text) == ["/bin/sh", "-c", "java -jar app.jar"])
        #expect(try model("FROM a\nENTRYPOINT [\"tini\", \"--\"]\nCMD [\"node\", \"server.js\"]\n").config.argv.map(\.text) == ["tini", "--", "node", "server.js"])
        #expect(try model("FROM a\nENTRYPOINT exec java\nCMD [\"ignored\"]\n").config.argv.map(\.text) == ["/bin/sh", "-c", "exec java"])
        #expect(try model("FROM a\nSHELL [\"bash\", \"-lc\"]\nCMD run.sh\n").config.argv.map(\.text) == ["bash", "-lc", "run.sh"])
        // ENTRYPOINT in a later stage clears the CMD it inherited.
        #expect(try model("FROM a AS one\nCMD [\"x\"]\nFROM one\nENTRYPOINT [\"y\"]\n").config.argv.map(\.text) == ["y"])
    }

    @Test func targetStageCanBeChosen() throws {
        let image = try model("FROM a AS dev\nENV MODE=dev\nFROM b AS prod\nENV MODE=prod\n", target: "dev")
        #expect(image.config.env("MODE")?.value.text == "dev")
    }

    @Test func substitutionForms() throws {
        let image = try model("""
            FROM a
            ARG SET=x
            ENV A=$SET B=${SET} C=${UNSET:-d} D=${SET:+alt} E=${UNSET+alt} F='$SET' G=\\$SET H="q $SET"
            """)
        let values = ["A", "B", "C", "D", "E", "F", "G", "H"].map { image.config.env($0)?.value.text }
        #expect(values == ["x", "x", "d", "alt", "", "$SET", "$SET", "q x"])
    }
}

@Suite struct ShellWordsTests {
    @Test func scriptsSplitIntoCommandsAndFields() {
        let env: [String: String] = ["JAVA_OPTS": "-Xmx1g -Xss512k", "EMPTY": ""]
        let words = ShellWords { env[$0].map { TracedText($0, path: "cm.yaml", start: Mark(line: 7, column: 10, offset: 100)) } }
        let commands = words.commands(TracedText(synthetic: "set -e; cd /app && exec java $JAVA_OPTS \"$EMPTY\" -jar 'my app.jar' # done"))
        #expect(commands.map { $0.map(\.text) } == [["set", "-e"], ["cd", "/app"], ["exec", "java", "-Xmx1g", "-Xss512k", "", "-jar", "my app.jar"]])
        // -Xss512k keeps the position it had in the ConfigMap value.
        let xss = commands[2][3]
        #expect(xss.location?.span.start.column == 17)
    }
}
