import MemlintEngine

/// E006: a `memlint.io/runtime` or `<runtime>.memlint.io/<setting>` annotation memlint cannot use.
/// Ignoring it silently would switch a runtime's rules off (a misspelt runtime) or keep an
/// assumption the user meant to change.
struct AnnotationInvalidRule: ContainerRule {
    static let description = RuleDescription(
        code: "E006", name: "memlint-annotation-invalid", pack: "Core", defaultSeverity: .error,
        summary: "A memlint annotation names a runtime or a setting memlint does not know, or gives a value it cannot read.",
        rationale: """
            `memlint.io/runtime: <runtime>` (or `memlint.io/runtime.<container>`) declares what a container \
            runs, and `<runtime>.memlint.io/<setting>` tunes one of the runtime's assumptions for a \
            workload (`jvm.memlint.io/threads: "200"`). A misspelt runtime used to be taken at its word \
            and silently switched every rule of the intended runtime off; a misspelt setting or an \
            unreadable value silently kept the default. memlint now reports the annotation at its \
            value, with the spelling it probably meant, and carries on as if it were not there: the \
            runtime is detected as usual and the setting keeps its configured value.
            """,
        fix: "Correct the annotation: `memlint rules` lists the runtimes' settings; docs/packs/ describes each runtime.",
        triggering: [
            Example("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: orders}
                spec:
                  template:
                    metadata:
                      annotations: {memlint.io/runtime: ↓jvmm}
                    spec:
                      containers:
                        - name: orders
                          image: registry.example.com/orders:1.0
                          resources: {limits: {memory: 512Mi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: batch
                  annotations: {jvm.memlint.io/thread: ↓"200"}
                spec:
                  containers:
                    - name: batch
                      image: eclipse-temurin:21-jre
                      command: [java, -Xmx256m, -jar, /batch.jar]
                      resources: {limits: {memory: 1Gi}}
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: batch
                  annotations: {memlint.io/runtime: jvm, jvm.memlint.io/threads: "200"}
                spec:
                  containers:
                    - name: batch
                      image: registry.example.com/batch:1.0
                      command: [/opt/app/bin/start]
                      resources: {limits: {memory: 1Gi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        for problem in context.resolved.annotationProblems {
            sink.report(problem.message, at: problem.location, fix: "correct the annotation, or remove it")
        }
    }
}
