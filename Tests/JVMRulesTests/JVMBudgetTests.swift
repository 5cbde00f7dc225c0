@testable import JVMRules
import MemlintEngine
import MemlintTestSupport
import MemlintPacks
import Testing

/// The JVM pack's arithmetic, through the whole runner (so detection, options and limits are real).
@Suite struct JVMBudgetTests {
    func report(image: String = "eclipse-temurin:17-jre", command: String = "[java, -jar, /app.jar]", env: String = "[]",
                limit: String? = "512Mi", annotations: String = "{}") throws -> Report {
        let resources = limit.map { "resources: {limits: {memory: \($0)}}" } ?? ""
        let manifest = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, annotations: \(annotations)}
            spec:
              containers:
                - name: app
                  image: \(image)
                  command: \(command)
                  env: \(env)
                  \(resources)
            """
        let result = TestLinter.make()
            .run([InputFile(path: "p.yaml", contents: .bytes(Array(manifest.utf8)))], jobs: 1)
        return Report(budget: try #require(result.containers.first).runtime?.budget)
    }

    struct Report { var budget: MemoryBudget? }

    func heap(_ limit: String, command: String = "[java, -jar, /app.jar]", image: String = "eclipse-temurin:17-jre") throws -> Int64? {
        try report(image: image, command: command, limit: limit).budget?.components.first?.bytes
    }

    /// HotSpot's default max heap for a container limit L (`Arguments::set_heap_size`).
    /// The 124.8Mi floor, aligned up to HotSpot's 2 MiB heap alignment, is 126Mi, as a real JDK 17
    /// reports (the truth lab checks this table against one).
    static let defaultHeaps: [(String, Int64)] = [
        ("128Mi", 64 << 20), ("200Mi", 100 << 20), ("256Mi", 126 << 20), ("384Mi", 126 << 20),
        ("512Mi", 128 << 20), ("1Gi", 256 << 20), ("2Gi", 512 << 20), ("4Gi", 1 << 30),
    ]

    @Test(arguments: defaultHeaps)
    func hotspotDefaultHeapFollowsTheTable(limit: String, expected: Int64) throws {
        #expect(try heap(limit) == expected)
    }

    @Test func floorIs124Point8Mebibytes() {
        #expect(ByteFormat.mib(JVMBudget.hotspotDefaultMaxHeap) == "124.8Mi")
    }

    @Test func percentagesFractionsAndInitialHeap() throws {
        #expect(try heap("2Gi", command: "[java, -XX:MaxRAMPercentage=75.0, -jar, /a.jar]") == 1536 << 20)
        #expect(try heap("2Gi", command: "[java, -XX:MaxRAMFraction=2, -jar, /a.jar]") == 1 << 30)
        // MaxRAMFraction only counts while MaxRAMPercentage is at its default.
        #expect(try heap("2Gi", command: "[java, -XX:MaxRAMFraction=2, -XX:MaxRAMPercentage=25, -jar, /a.jar]") == 512 << 20)
        #expect(try heap("1Gi", command: "[java, -Xms600m, -jar, /a.jar]") == 600 << 20)
        #expect(try heap("1Gi", command: "[java, -XX:MaxRAM=4g, -jar, /a.jar]") == 1 << 30)
    }

    @Test func openJ9UsesItsOwnDefaults() throws {
        #expect(try heap("512Mi", image: "ibm-semeru-runtimes:open-17-jre") == 256 << 20)
        #expect(try heap("1536Mi", image: "ibm-semeru-runtimes:open-17-jre") == 1024 << 20)
        #expect(try heap("4Gi", image: "ibm-semeru-runtimes:open-17-jre") == 3 << 30)
    }

    @Test func theIssuesWorkedExamples() throws {
        let all = try report(env: #"[{name: JAVA_TOOL_OPTIONS, value: "-Xmx384m -XX:MaxMetaspaceSize=64m -XX:MaxDirectMemorySize=64m"}]"#)
        // 384 + 64 + 48 + 50 × 256Ki + 64 + 50 = 622.5Mi (half MiBs are 1 << 19).
        #expect(all.budget?.total == 1245 << 19)
        #expect(try report(command: "[java, -Xmx384m, -jar, /a.jar]").budget?.total == 1105 << 19)  // 552.5Mi
        #expect(try report(command: "[java, -Xmx256m, -jar, /a.jar]").budget?.total == 849 << 19)   // 424.5Mi
    }

    @Test func precedenceIsToolOptionsLauncherCommandLineThenUnderscoreOptions() throws {
        let env = #"[{name: JAVA_TOOL_OPTIONS, value: "-Xmx1g"}, {name: JDK_JAVA_OPTIONS, value: "-Xmx2g"}, {name: _JAVA_OPTIONS, value: "-Xmx4g -Xmx5g"}]"#
        #expect(try report(command: "[java, -Xmx3g, -jar, /a.jar]", env: env, limit: "8Gi").budget?.components.first?.bytes == 5 << 30)
        let noOverride = #"[{name: JAVA_TOOL_OPTIONS, value: "-Xmx1g"}, {name: JDK_JAVA_OPTIONS, value: "-Xmx2g"}]"#
        #expect(try report(command: "[java, -Xmx3g, -jar, /a.jar]", env: noOverride, limit: "8Gi").budget?.components.first?.bytes == 3 << 30)
        #expect(try report(env: noOverride, limit: "8Gi").budget?.components.first?.bytes == 2 << 30)
        // JDK 8's launcher does not know JDK_JAVA_OPTIONS.
        #expect(try report(image: "openjdk:8u372-jre", env: noOverride, limit: "8Gi").budget?.components.first?.bytes == 1 << 30)
        // Options after -jar belong to the application.
        #expect(try report(command: "[java, -jar, /a.jar, -Xmx7g]", env: noOverride, limit: "8Gi").budget?.components.first?.bytes == 2 << 30)
    }

    @Test func launcherVariablesCountOnlyWhereTheLauncherRuns() throws {
        let tomcat = try report(image: "tomcat:10.1-jre17", command: "null",
                                env: #"[{name: JAVA_OPTS, value: "-Xmx300m"}, {name: CATALINA_OPTS, value: "-Xmx400m"}]"#, limit: "1Gi")
        #expect(tomcat.budget?.components.first?.bytes == 400 << 20)
        #expect(tomcat.budget?.notes.contains { $0.contains("Tomcat") } == true)
    }

    @Test func annotationsTuneTheAssumptions() throws {
        let tuned = try report(command: "[java, -Xmx256m, -jar, /a.jar]", annotations: #"{jvm.memlint.io/threads: "200", jvm.memlint.io/metaspace: "128Mi"}"#)
        let threads = tuned.budget?.components.first { $0.name == "thread stacks" }
        #expect(threads?.bytes == 50 << 20, "200 threads × 256Ki resident")
        let deep = try report(command: "[java, -Xmx256m, -jar, /a.jar]", annotations: #"{jvm.memlint.io/stackTouched: "1Mi"}"#)
        #expect(deep.budget?.components.first { $0.name == "thread stacks" }?.bytes == 50 << 20, "50 threads × the whole 1Mi")
        #expect(tuned.budget?.components.first { $0.name == "metaspace" }?.bytes == 128 << 20)
        // ThreadStackSize is in KiB; -Xss in bytes. A stack smaller than the resident assumption counts whole.
        let stacks = try report(command: "[java, -Xmx256m, -XX:ThreadStackSize=192, -jar, /a.jar]").budget?.components.first { $0.name == "thread stacks" }
        #expect(stacks?.bytes == Int64(50 * 192 * 1024), "50 threads × the 192Ki stack, smaller than the resident assumption")
    }

    @Test func noLimitMeansNoHeapUnlessSet() throws {
        #expect(try report(limit: nil).budget?.components == nil)
        let total: Int64? = try report(command: "[java, -Xmx1g, -jar, /a.jar]", limit: nil).budget?.total
        #expect(total == (1 << 30) + (337 << 19))  // + 168.5Mi
    }
}

@Suite struct JVMSyntaxTests {
    @Test(arguments: [
        ("512m", Int64(512 << 20)), ("1g", 1 << 30), ("1G", 1 << 30), ("0x100", 256), ("2048k", 2 << 20), ("1t", 1 << 40), ("1024", 1024),
    ])
    func validSizes(text: String, bytes: Int64) {
        #expect(JVMSize.parse(text) == bytes)
    }

    @Test(arguments: ["1.5g", "512MB", "512Mi", "=512m", " 512m", "", "m", "0x", "-1g", "99999999999999999999"])
    func invalidSizes(text: String) {
        #expect(JVMSize.parse(text) == nil)
    }

    @Test(arguments: [
        ("eclipse-temurin:17-jre", 17, nil as Int?), ("openjdk:8u181-jre", 8, 181), ("openjdk:11.0.14-jre-slim", 11, 14),
        ("eclipse-temurin:17.0.8_7-jre-jammy", 17, 8), ("amazoncorretto:8u392", 8, 392), ("openjdk:1.8.0_292", 8, 292),
        ("gcr.io/distroless/java17-debian12", 17, nil), ("registry.access.redhat.com/ubi8/openjdk-11:1.17", 11, nil),
    ])
    func jdkVersionFromTags(image: String, major: Int, update: Int?) throws {
        let version = try #require(JDKVersion.from(ImageReference(image)))
        #expect(version.major == major)
        #expect(version.update == update)
    }

    @Test func openJ9IsRecognised() {
        #expect(JDKVersion.from(ImageReference("ibm-semeru-runtimes:open-17-jre"))?.openJ9 == true)
        #expect(JDKVersion.from(ImageReference("eclipse-temurin:latest")) == nil)
    }

    @Test func optionTokensKeepQuotesTogetherAndPositions() {
        let value = TracedText(#"-Dname="a b" -Xmx1g"#, path: "f", start: Mark(line: 3, column: 10, offset: 0))
        let tokens = JVMOptions.tokens(value)
        #expect(tokens.map(\.text) == ["-Dname=a b", "-Xmx1g"])
        #expect(tokens[1].location?.span.start.column == 23)
    }
}
