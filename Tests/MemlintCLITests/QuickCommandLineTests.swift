import ArgumentParser
@testable import MemlintCLI
import MemlintTestSupport
import Testing

/// The quick parser must make, for every line it accepts, the request ArgumentParser makes; it may
/// give up on any line (ArgumentParser then parses it), but not on the lines users write most.
@Suite struct QuickCommandLineTests {
    /// What ArgumentParser makes of `arguments`: check's request, or nil when it is not a check line
    /// or ArgumentParser refuses it.
    static func parsedByArgumentParser(_ arguments: [String]) -> CheckRequest? {
        (try? Memlint.parseAsRoot(arguments) as? CheckCommand)?.request
    }

    static func quickRequest(_ arguments: [String]) -> CheckRequest? {
        if case .check(let request) = QuickCommandLine.parse(arguments) { return request }
        return nil
    }

    @Test(arguments: [
        ["check", "k8s/deployment.yaml"],
        ["check", "--fix", "a.yaml", "b.yml", "Dockerfile"],
        ["a.yaml"],
        [],
        ["check"],
        ["check", "--no-config", "--fail-on", "never", "small.yaml"],
        ["check", "--format", "sarif", "--output", "memlint.sarif", "."],
        ["check", "--format=json", "-o", "report.json", "--exit-zero", "k8s/"],
        ["check", "--select", "K8S002,JVM", "--ignore=GO003", "--jobs", "2", "charts/", "overlays/"],
        ["check", "-", "--stdin-filename", "chart.yaml"],
        ["check", "--diff", "--unsafe-fixes", "--color", "never", "-v", "x.yaml"],
        ["check", "--config", "ci/.lint.yml", "--no-render", "--no-plugins", "--file-timeout", "2.5", "."],
        ["--fail-on", "error", "."],
        ["check", "--no-color", "--verbose", "a=b.yaml", "dir with space/"],
    ])
    func acceptsWhatHooksAndCIWriteAndAgrees(arguments: [String]) throws {
        let quick = try #require(Self.quickRequest(arguments), "the quick parser gave up on \(arguments)")
        #expect(quick == Self.parsedByArgumentParser(arguments), "\(arguments)")
    }

    @Test(arguments: [
        ["--help"], ["check", "--help"], ["-h"], ["help"], ["explain", "."], ["rules"], ["debug", "yaml-floor", "x"],
        ["check", "--", "-odd.yaml"], ["check", "-vo", "out.txt"], ["check", "--fix", "--fix"],
        ["check", "--format", "xml"], ["check", "--jobs", "0"], ["check", "--jobs"], ["check", "--select", "--fix"],
        ["check", "--fix", "--diff"], ["check", "--fix=true"], ["check", "--output="], ["check", "--bogus"],
        ["check", "a.yaml", "check"], ["check", ""], ["check", "--version"], ["--version", "a.yaml"],
        ["check", "--no-config", "--config", "x.yml"], ["check", "--file-timeout", "0"],
    ])
    func givesUpOnEverythingElse(arguments: [String]) {
        #expect(QuickCommandLine.parse(arguments) == nil, "\(arguments)")
    }

    @Test func versionAlone() {
        #expect(QuickCommandLine.parse(["--version"]) == .version)
    }

    /// Lines drawn from a vocabulary of paths, options, values and near-misses: wherever the quick
    /// parser accepts one, ArgumentParser must make the same request.
    @Test func agreesWithArgumentParserOnGeneratedLines() {
        let vocabulary = [
            "check", "check", "a.yaml", "dir/", "-", "b.yml", "explain", "", "--",
            "--fix", "--diff", "--unsafe-fixes", "--exit-zero", "--no-color", "--verbose", "-v", "--no-config",
            "--no-render", "--no-plugins", "--fix=1", "-vo", "-x", "--help",
            "--format", "--format=sarif", "--format=", "json", "gitlab", "xml", "--fail-on", "never", "error", "Never",
            "--color", "always", "auto", "--jobs", "--jobs=3", "2", "0", "-1", "+4", "x", "--file-timeout", "1e300",
            "nan", "inf", "0x10", "2.5", "--select", "--select=K8S,GO", "K8S002", "--ignore", "JVM",
            "--config", ".lint.yml", "--stdin-filename", "c.yaml", "-o", "--output", "--output=r.json", "r.sarif",
        ]
        var random = SeededRandom(seed: 0x6D656D6C696E74)
        var accepted = 0
        let lines = 3000
        for _ in 0..<lines {
            let count = random.below(7)
            let arguments = (0..<count).map { _ in vocabulary[random.below(vocabulary.count)] }
            guard let quick = Self.quickRequest(arguments) else { continue }
            accepted += 1
            #expect(quick == Self.parsedByArgumentParser(arguments), "\(arguments)")
        }
        // The vocabulary must exercise both outcomes, or the comparison proves little.
        #expect(accepted > lines / 10 && accepted < lines * 9 / 10, "accepted \(accepted) of \(lines)")
    }
}
