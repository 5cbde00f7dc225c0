import Foundation
import MemlintEngine
import MemlintPacks

/// What each fuzz target does with one input: the whole pipeline a user's file goes through. Any
/// crash, hang or sanitizer report is a bug; findings are not. Also run by the robustness tests,
/// so every regression input is checked on every CI run, without a fuzzer.
public enum FuzzEntry {
    static let linter = Linter(settings: RuleSettings(rules: BuiltInPacks.rules), packs: BuiltInPacks.all)

    /// Every fuzz target by name: the one list the fuzz binary and the robustness tests use.
    public static let targets: [String: @Sendable ([UInt8]) -> Void] = [
        "yaml": fuzzYAML, "dockerfile": fuzzDockerfile, "values": fuzzValues, "config": fuzzConfig,
    ]

    /// The YAML tree, the Kubernetes model and every rule, on the input as a manifest.
    public static func fuzzYAML(_ bytes: [UInt8]) {
        _ = linter.run([InputFile(path: "fuzz.yaml", contents: .bytes(bytes))], jobs: 1)
        if case .success(let text) = SourceText.decode(bytes) {
            let (documents, errors) = YAMLLoader().loadAll(text)
            _ = EventRenderer.render(documents, streamComplete: errors.isEmpty)
        }
    }

    /// The Dockerfile parser, the image model and the rules, on the input as a Dockerfile.
    public static func fuzzDockerfile(_ bytes: [UInt8]) {
        _ = linter.run([InputFile(path: "Dockerfile", contents: .bytes(bytes))], jobs: 1)
        if case .success(let text) = SourceText.decode(bytes), case .success(let file) = DockerfileParser.parse(text, path: "Dockerfile") {
            _ = DockerfileDump.render(file)
            _ = ImageModel.build(file).config.argv
        }
    }

    /// The value parsers: Kubernetes quantities, JVM sizes and options, GOMEMLIMIT/GOGC, NODE_OPTIONS,
    /// Python worker counts — each reached through a manifest that carries the input as that value.
    public static func fuzzValues(_ bytes: [UInt8]) {
        let value = String(decoding: bytes.prefix(512), as: UTF8.self)
        _ = Quantity.parse(value)
        _ = Quantity.suggestions(for: value)
        let quoted = "\"" + value.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            default: return scalar.value < 0x20 || scalar.value == 0x7F ? String(format: "\\x%02X", scalar.value) : String(scalar)
            }
        }.joined() + "\""
        let manifest = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, annotations: {jvm.memlint.io/threads: \(quoted)}}
            spec:
              containers:
                - name: jvm
                  image: openjdk:8u181-jre
                  command: [java, \(quoted), -jar, /a.jar]
                  env: [{name: JAVA_TOOL_OPTIONS, value: \(quoted)}, {name: _JAVA_OPTIONS, value: \(quoted)}]
                  resources: {limits: {memory: \(quoted)}, requests: {memory: \(quoted)}}
                - name: go
                  image: golang:1.22
                  command: [/app]
                  env: [{name: GOMEMLIMIT, value: \(quoted)}, {name: GOGC, value: \(quoted)}]
                  resources: {limits: {memory: 512Mi}}
                - name: node
                  image: node:22.5
                  command: [node, \(quoted), s.js]
                  env: [{name: NODE_OPTIONS, value: \(quoted)}]
                  resources: {limits: {memory: 256Mi}}
                - name: py
                  image: python:3.12
                  command: [sh, -c, \(quoted)]
                  env: [{name: WEB_CONCURRENCY, value: \(quoted)}, {name: GUNICORN_CMD_ARGS, value: \(quoted)}]
                  resources: {limits: {memory: 512Mi}}
            """
        _ = linter.run([InputFile(path: "values.yaml", contents: .bytes(Array(manifest.utf8)))], jobs: 1)
    }

    /// The `.lint.yml` loader.
    public static func fuzzConfig(_ bytes: [UInt8]) {
        _ = ConfigLoader(packs: BuiltInPacks.all).parse(bytes, displayPath: ".lint.yml", directory: "/nonexistent")
    }
}
