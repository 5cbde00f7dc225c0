import MemlintEngine

struct JVMRAMPercentageIgnoredRule: ContainerRule {
    static let checksImagesWithoutWorkload = true

    static let description = RuleDescription(
        code: "JVM009", name: "jvm-ram-percentage-ignored", pack: "JVM", defaultSeverity: .note,
        summary: "MaxRAMPercentage is set together with -Xmx or MaxHeapSize, which override it.",
        rationale: """
            HotSpot computes the heap from `MaxRAMPercentage` only when `MaxHeapSize` is at its default \
            (HotSpot's `Arguments::set_heap_size`, `src/hotspot/share/runtime/arguments.cpp`). With `-Xmx` anywhere in the options \
            the percentage does nothing — often a sign that someone tuned one and forgot the other, \
            for instance a `-Xmx` baked into the image under a percentage set in the manifest. \
            Removing it is a safe fix: the truth lab runs a real JDK with and without it and finds \
            every flag HotSpot ends with unchanged but `MaxRAM`, which a set percentage fills in and \
            which only sizes a heap that `-Xmx` already fixes.
            """,
        fix: "Keep one of the two: MaxRAMPercentage to follow the limit, or -Xmx for a fixed heap.",
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: both}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:17-jre
                      env: [{name: JAVA_TOOL_OPTIONS, value: "↓-XX:MaxRAMPercentage=75.0"}]
                      command: [java, -Xmx512m, -jar, /app.jar]
                      resources: {limits: {memory: 1Gi}}
                """).fixed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: both}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:17-jre
                      env: []
                      command: [java, -Xmx512m, -jar, /app.jar]
                      resources: {limits: {memory: 1Gi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: both}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:17-jre
                      env:
                        - name: JAVA_TOOL_OPTIONS
                          value: "-Xss512k ↓-XX:MaxRAMPercentage=75.0 -Dfile.encoding=UTF-8"
                      command:
                        - java
                        - -Xmx512m
                        - -jar
                        - /app.jar
                      resources: {limits: {memory: 1Gi}}
                """).fixed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: both}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:17-jre
                      env:
                        - name: JAVA_TOOL_OPTIONS
                          value: "-Xss512k -Dfile.encoding=UTF-8"
                      command:
                        - java
                        - -Xmx512m
                        - -jar
                        - /app.jar
                      resources: {limits: {memory: 1Gi}}
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: one}
                spec:
                  containers:
                    - name: app
                      image: eclipse-temurin:17-jre
                      env: [{name: JAVA_TOOL_OPTIONS, value: "-XX:MaxRAMPercentage=75.0"}]
                      command: [java, -jar, /app.jar]
                      resources: {limits: {memory: 1Gi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let options = JVMOptions.of(context) else { return }
        guard let percentage = options.effective(.maxRAMPercentage), let heap = options.effective(.maxHeap),
              let location = percentage.location else { return }
        let (edit, why) = removal(of: percentage, context)
        sink.report(
            "\(percentage.text) is ignored: \(heap.text) (from \(heap.source)) sets the heap",
            at: location, related: heap.location.map { [RelatedLocation($0, "heap size set here")] } ?? [],
            fix: "remove \(percentage.text) or \(heap.text)" + (why.map { " (not fixed automatically: \($0))" } ?? ""),
            edit: edit.map { Fix(.safe, "remove \(percentage.text)", edits: [$0]) })
    }

    /// Safe: HotSpot never reads the percentage while a heap size is set, so removing it changes
    /// nothing. A word among other options goes with its blanks, an argv item with its comma or
    /// line; a variable that holds nothing else goes whole, when the manifest's env sets it and
    /// nothing refers to it. Otherwise the reason there is no fix.
    private func removal(of flag: JVMFlag, _ context: ContainerContext) -> (Fix.Edit?, String?) {
        guard let location = flag.token.contiguousLocation else { return (nil, "the option is not written in one piece") }
        let variable: String? = switch flag.source {
        case .javaToolOptions: "JAVA_TOOL_OPTIONS"
        case .jdkJavaOptions: "JDK_JAVA_OPTIONS"
        case .javaOptionsOverride: "_JAVA_OPTIONS"
        case .launcher(let name): name
        case .commandLine, .launcherDefault: nil
        }
        guard let variable, let set = context.process.environment[variable], let value = set.value,
              value.text.trimmingBlanks() == flag.text else { return (.removing(location), nil) }
        // The option is all the variable holds: remove the env entry, unless something expands it.
        let referenced = context.process.expandedVariables.contains(variable)
            || ([context.container.command, context.container.args].compactMap { $0 }.joined().map(\.value)
                + context.container.env.compactMap { if case .value(let text) = $0.source { text.value } else { nil } })
            .contains { $0.contains("$(\(variable))") }
        guard set.mechanism == .env, !referenced, set.location.path == context.path,
              let entry = context.container.env.last(where: { $0.name.value == variable }), let item = entry.itemSpan,
              case .value(let written) = entry.source, written.span == set.location.span else {
            return (nil, "it is all of \(variable), set \(set.describeOrigin); remove the variable")
        }
        return (.removing(SourceLocation(path: context.path, span: item)), nil)
    }
}
