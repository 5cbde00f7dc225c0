import MemlintEngine

struct PythonDebugMallocRule: ContainerRule {
    static let checksImagesWithoutWorkload = true

    static let description = RuleDescription(
        code: "PY002", name: "python-debug-malloc", pack: "Python", defaultSeverity: .warning,
        summary: "PYTHONMALLOC selects a debug allocator in a service.",
        rationale: """
            `PYTHONMALLOC=debug`, `malloc_debug`, `pymalloc_debug` and `mimalloc_debug` install CPython's \
            debug hooks (CPython's `Objects/obmalloc.c` and the `PYTHONMALLOC` documentation): every allocation gets guard bytes and is checked, \
            which costs memory and CPU on every object. They are for hunting memory bugs, not for \
            running a service.
            """,
        fix: "Remove PYTHONMALLOC, or set it to pymalloc, malloc or mimalloc.",
        references: ["https://docs.python.org/3/using/cmdline.html#envvar-PYTHONMALLOC"],
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: api}
                spec:
                  containers:
                    - name: api
                      image: python:3.12
                      command: [gunicorn, app:app]
                      env: [{name: PYTHONMALLOC, value: ↓debug}]
                      resources: {requests: {memory: 256Mi}, limits: {memory: 512Mi}}
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: api}
                spec:
                  containers:
                    - name: api
                      image: python:3.12
                      command: [gunicorn, app:app]
                      env: [{name: PYTHONMALLOC, value: malloc}]
                      resources: {requests: {memory: 256Mi}, limits: {memory: 512Mi}}
                """),
        ])

    static let debugAllocators: Set<String> = ["debug", "malloc_debug", "pymalloc_debug", "mimalloc_debug"]

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let variable = PythonSettings.of(context)?.pythonMalloc, let value = variable.value?.text,
              Self.debugAllocators.contains(value) else { return }
        sink.report("PYTHONMALLOC=\(value) installs CPython's debug allocator hooks: every allocation carries guard bytes and checks",
                    at: variable.location, fix: "remove PYTHONMALLOC")
    }
}
