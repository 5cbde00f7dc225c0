import Foundation
import MemlintEngine
import MemlintTestSupport
import Testing

/// The `sh -c` reader finds the process a script leaves running, and never takes a redirection,
/// a filter or a set-up command for it.
@Suite struct ShellReaderTests {
    static func command(_ script: String, image: String = "eclipse-temurin:21-jre", env: String = "") -> (command: String, notes: [String], result: LintResult) {
        let escaped = script.replacingOccurrences(of: "\"", with: "\\\"")
        let result = TestLinter.run(yaml: """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
                - name: c
                  image: \(image)
                  command: [sh, -c, "\(escaped)"]\(env)
                  resources: {limits: {memory: 2Gi}}
            """)
        let process = result.containers.first?.process
        return (process?.command.map(\.text).joined(separator: " ") ?? "", process?.shellNotes ?? [], result)
    }

    @Test func redirectionsAreNotWords() {
        #expect(Self.command("node --max-old-space-size=2048 app.js > /var/log/app 2>&1", image: "node:20").command
                == "node --max-old-space-size=2048 app.js")
        #expect(Self.command("java -jar app.jar >> /log 2>/dev/null < /dev/null").command == "java -jar app.jar")
        #expect(Self.command("java -jar app.jar &> /log").command == "java -jar app.jar")
        #expect(Self.command("java -jar app.jar 1>/log 2>&-").command == "java -jar app.jar")
    }

    @Test func aPipelineRunsItsProducerNotItsFilters() throws {
        let (command, _, result) = Self.command("java -Xmx2g -jar app.jar | tee /log | grep -v DEBUG")
        #expect(command == "java -Xmx2g -jar app.jar")
        let finding = try #require(result.diagnostics.first { $0.code == "JVM002" })
        #expect(finding.message.contains("-Xmx2g"))
    }

    @Test func listsEndWithTheLongRunningCommand() {
        #expect(Self.command("set -e; cd /app && ./migrate && exec java -jar app.jar").command == "java -jar app.jar")
        #expect(Self.command("cd /app; java -jar app.jar; echo stopped").command == "java -jar app.jar")
        #expect(Self.command("./wait-for db:5432 || exit 1; java -jar app.jar").command == "java -jar app.jar")
    }

    @Test func exportsAndPrefixAssignmentsFeedTheEnvironment() throws {
        let exported = Self.command("export JAVA_OPTS='-Xmx3g'; java $JAVA_OPTS -jar app.jar")
        #expect(exported.command == "java -Xmx3g -jar app.jar")
        let defaulted = Self.command("java ${HEAP:--Xmx1g} -jar app.jar")
        #expect(defaulted.command == "java -Xmx1g -jar app.jar")
        let prefixed = Self.command("JAVA_TOOL_OPTIONS=-Xmx3g exec java -jar app.jar")
        #expect(prefixed.result.containers.first?.process.environment["JAVA_TOOL_OPTIONS"]?.value?.text == "-Xmx3g")
        #expect(prefixed.result.diagnostics.contains { $0.code == "JVM002" })
    }

    @Test func constructsItCannotFollowAreNotedNotGuessed() {
        let loop = Self.command("while true; do python worker.py; sleep 5; done", image: "python:3.12")
        #expect(loop.command == "python worker.py")
        #expect(loop.notes == ["'while' is not followed: the commands inside it were read as if they ran once"])
        // A function's body is not followed: the command stays the shell itself, not the word "start".
        let function = Self.command("start() { java -jar app.jar; }; start")
        #expect(function.command == "sh -c start() { java -jar app.jar; }; start")
        #expect(function.notes.contains { $0.contains("function definition") })
    }
}
