import MemlintEngine

struct PythonWorkersOverLimitRule: ContainerRule {
    static let description = RuleDescription(
        code: "PY003", name: "python-workers-over-limit", pack: "Python", defaultSeverity: .warning,
        summary: "A Python server starts more worker processes than its memory limit can hold.",
        rationale: """
            gunicorn, uvicorn, hypercorn, celery and uwsgi fork worker processes, each a full \
            interpreter with the application loaded; copy-on-write sharing fades as soon as the \
            workers touch their objects (gunicorn's and uvicorn's settings documentation). Memory is roughly workers × per-worker \
            RSS. The worker count is read from the command line, then `GUNICORN_CMD_ARGS`, then \
            `WEB_CONCURRENCY` (gunicorn and uvicorn's default); the per-worker size is the python runtime's `perWorker` \
            assumption (`runtimes: {python: {perWorker: 150Mi}}` in `.lint.yml`, or the annotation \
            `python.memlint.io/perWorker` on a workload). celery without `--concurrency` starts one worker per CPU of the node, which \
            memlint cannot know; `memlint explain` says so.
            """,
        fix: "Lower the worker count to fit limit / perWorker, or raise the limit.",
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers:
                    - name: web
                      image: python:3.12-slim
                      command: [gunicorn, ↓-w, "8", app:app]
                      resources: {requests: {memory: 256Mi}, limits: {memory: 512Mi}}
                """),
            Example("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: web-env}
                data:
                  WEB_CONCURRENCY: ↓"6"
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers:
                    - name: web
                      image: python:3.12-slim
                      command: [uvicorn, app:app]
                      envFrom: [{configMapRef: {name: web-env}}]
                      resources: {requests: {memory: 256Mi}, limits: {memory: 512Mi}}
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers:
                    - name: web
                      image: python:3.12-slim
                      command: [gunicorn, --workers=4, app:app]
                      resources: {requests: {memory: 256Mi}, limits: {memory: 512Mi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let settings = PythonSettings.of(context), let limit = context.memoryLimit, let workers = settings.workers else { return }
        let perWorker = settings.perWorker
        let total = Int64(workers.count).saturatingMultiply(perWorker)
        guard total > limit.bytes, perWorker > 0 else { return }
        let fits = max(1, limit.bytes / perWorker)
        sink.report(
            "\(workers.count) \(workers.server) workers (\(workers.source)) × \(ByteFormat.format(perWorker)) each is \(ByteFormat.mib(total)), more than the \(limit.describe("limit"))",
            at: workers.location ?? context.container.name.map { context.here($0.span) } ?? context.here(context.container.span),
            related: [limit.related("limit")], fix: "run at most \(fits) workers, or raise the limit")
    }
}
