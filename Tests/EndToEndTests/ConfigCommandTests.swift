import Foundation
import MemlintTestSupport
import Testing

/// `.lint.yml`, `--select`, `--ignore` and `memlint rules` as a user runs them.
@Suite struct ConfigCommandTests {
    /// A temporary repository with a manifest that has one warning (K8S001) and one error (K8S002).
    func repository(config: String?) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("memlint-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("k8s/vendor"), withIntermediateDirectories: true)
        let manifest = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
                - name: a
                - name: b
                  resources: {requests: {memory: 1Gi}, limits: {memory: 512Mi}}

            """
        try manifest.write(to: root.appendingPathComponent("k8s/pod.yaml"), atomically: true, encoding: .utf8)
        try manifest.write(to: root.appendingPathComponent("k8s/vendor/pod.yaml"), atomically: true, encoding: .utf8)
        if let config { try config.write(to: root.appendingPathComponent(".lint.yml"), atomically: true, encoding: .utf8) }
        return root
    }

    @Test func configErrorsPointAtTheKeyAndExitTwo() throws {
        let repo = try repository(config: "failOn: warning\nrulez: {}\n")
        defer { try? FileManager.default.removeItem(at: repo) }
        let result = try runMemlint(["check", "k8s"], in: repo.appendingPathComponent("k8s"))
        #expect(result.status == 2)
        #expect(result.stderr.contains("../.lint.yml:2:1: error: unknown key 'rulez'; did you mean 'rules'?"))
        #expect(result.stdout.isEmpty)
    }

    @Test func anUnknownParameterKeyExitsTwoWithItsPosition() throws {
        let repo = try repository(config: "rules:\n  GO003: {maxRatoi: 0.9}\nruntimes:\n  jvm: {threds: 80}\n")
        defer { try? FileManager.default.removeItem(at: repo) }
        let result = try runMemlint(["check", "--format", "sarif", "k8s"], in: repo)
        #expect(result.status == 2)
        #expect(result.stderr.contains(".lint.yml:2:11: error: unknown setting 'maxRatoi' for GO003; did you mean 'maxRatio'?"))
        #expect(result.stderr.contains(".lint.yml:4:9: error: unknown setting 'threds' for the jvm runtime; did you mean 'threads'?"))
        #expect(result.stdout.contains("\"toolConfigurationNotifications\""), "the report still says why")
    }

    @Test func configIsFoundFromASubfolderAndApplied() throws {
        let repo = try repository(config: "failOn: error\nexclude: [vendor]\nrules: {K8S002: warning}\n")
        defer { try? FileManager.default.removeItem(at: repo) }
        let result = try runMemlint(["check", "."], in: repo.appendingPathComponent("k8s"))
        #expect(result.status == 0, "K8S002 is a warning now and failOn is error")
        #expect(result.stdout == """
            pod.yaml:6:13: warning: no memory limit: the container may use the whole node's memory (container 'a' of Pod/p) [K8S001]
            pod.yaml:8:38: warning: memory request 1Gi is above the limit 512Mi: the API server rejects the pod (container 'b' of Pod/p) [K8S002]

            """)
        #expect(try runMemlint(["check", "--fail-on", "warning", "."], in: repo.appendingPathComponent("k8s")).status == 1)
        #expect(try runMemlint(["check", "--no-config", "."], in: repo.appendingPathComponent("k8s")).stdout.contains("vendor/pod.yaml"))
    }

    @Test func selectAndIgnore() throws {
        let repo = try repository(config: nil)
        defer { try? FileManager.default.removeItem(at: repo) }
        let only = try runMemlint(["check", "--select", "K8S002", "k8s/pod.yaml"], in: repo)
        #expect(only.stdout.split(separator: "\n").map { $0.hasSuffix("[K8S002]") } == [true])
        let ignored = try runMemlint(["check", "--ignore", "K8S", "k8s/pod.yaml"], in: repo)
        #expect(ignored.stdout.isEmpty && ignored.status == 0)
        let unknown = try runMemlint(["check", "--select", "JAVA", "k8s/pod.yaml"], in: repo)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("'JAVA' matches no rule"))
    }

    @Test func explicitConfigFileAndItsErrors() throws {
        let repo = try repository(config: nil)
        defer { try? FileManager.default.removeItem(at: repo) }
        try "rules:\n  K8S001: off\n".write(to: repo.appendingPathComponent("strict.yml"), atomically: true, encoding: .utf8)
        let result = try runMemlint(["check", "--config", "strict.yml", "k8s/pod.yaml"], in: repo)
        #expect(!result.stdout.contains("K8S001"))
        #expect(try runMemlint(["check", "--config", "missing.yml", "k8s"], in: repo).status == 2)
    }

    @Test func rulesCommandListsAndExplains() throws {
        let list = try runMemlint(["rules"])
        #expect(list.status == 0)
        #expect(list.stdout.split(separator: "\n").contains { $0.hasPrefix("K8S002 ") && $0.contains(" memory-request-over-limit ") })
        let one = try runMemlint(["rules", "memory-fractional-bytes"])
        #expect(one.stdout.hasPrefix("K8S004 memory-fractional-bytes (Kubernetes, default severity error)"))
        #expect(one.stdout.contains("Why this matters:"))
        #expect(try runMemlint(["rules", "K8S999"]).status == 2)
    }

    @Test func summaryCountsSuppressed() throws {
        let result = try runMemlint(["check", "Fixtures/manifests/platform/ingress.yaml"])
        #expect(result.stderr.contains("2 suppressed"))
        #expect(result.stdout.contains("[M001]"))
    }
}
