import MemlintEngine

struct PythonMallocInvalidRule: ContainerRule {
    static let description = RuleDescription(
        code: "PY004", name: "python-malloc-invalid", pack: "Python", defaultSeverity: .error,
        summary: "PYTHONMALLOC names an allocator the interpreter does not have, so it stops at startup.",
        rationale: """
            CPython reads `PYTHONMALLOC` before anything else and accepts only `default`, `malloc`, \
            `pymalloc`, their `_debug` variants and `debug`, plus `mimalloc` and `mimalloc_debug` from \
            Python 3.13 (`Python/preconfig.c`, `_PyMem_GetAllocatorName`; the `PYTHONMALLOC` \
            documentation). Any other value — `jemalloc`, `Malloc`, a trailing blank — ends the process \
            with "Fatal Python error: PYTHONMALLOC: unknown allocator" before the application runs: the \
            pod crash-loops. A real CPython 3.11 refuses exactly these values in the truth lab \
            (docs/truth-lab.md). The version is read from a `python` image tag; without one, \
            mimalloc is accepted.
            """,
        fix: "Remove PYTHONMALLOC, or set it to one of pymalloc, malloc (or mimalloc on 3.13+).",
        references: ["https://docs.python.org/3/using/cmdline.html#envvar-PYTHONMALLOC"],
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: api}
                spec:
                  containers:
                    - name: api
                      image: python:3.11-slim
                      command: [gunicorn, -w, "2", app:app]
                      env: [{name: PYTHONMALLOC, value: ↓jemalloc}]
                      resources: {requests: {memory: 256Mi}, limits: {memory: 512Mi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: api}
                spec:
                  containers:
                    - name: api
                      image: python:3.12
                      command: [python, app.py]
                      env: [{name: PYTHONMALLOC, value: ↓mimalloc}]
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
                      image: python:3.13
                      command: [python, app.py]
                      env: [{name: PYTHONMALLOC, value: mimalloc}]
                      resources: {requests: {memory: 256Mi}, limits: {memory: 512Mi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let settings = PythonSettings.of(context), let value = settings.unknownAllocator, let variable = settings.pythonMalloc else { return }
        let version = settings.version.map { " \($0.major).\($0.minor)" } ?? ""
        sink.report("PYTHONMALLOC=\"\(value)\" is not an allocator Python\(version) has: the interpreter stops with 'unknown allocator' before the application starts",
                    at: variable.value?.location ?? variable.location, fix: "remove PYTHONMALLOC, or set it to pymalloc")
    }
}
