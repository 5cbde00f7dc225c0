import MemlintEngine

struct PythonLimitHeadroomRule: ContainerRule {
    static let minRatio = Parameter.ratio("minRatio", default: 1.5, in: 1...100, "Smallest limit / request ratio accepted.")

    static let description = RuleDescription(
        code: "PY001", name: "python-limit-headroom", pack: "Python", defaultSeverity: .warning,
        summary: "A Python container's memory limit leaves too little headroom over its request.",
        rationale: """
            CPython's pymalloc returns an arena (1 MiB on 64-bit since 3.10) to the OS only when every \
            pool in it is free (CPython's `Objects/obmalloc.c` and the `PYTHONMALLOC` documentation), so after a peak the process keeps most of its memory: \
            RSS ratchets up, it rarely comes back down. A service sized at its typical usage with \
            limit = request is OOMKilled at its first sustained peak. A request without a limit is \
            defaulted by the API server to the limit, so a limit-only container has a ratio of 1.0. \
            The rule wants the limit at least `minRatio` times the request.
            """,
        fix: "Raise the limit to at least minRatio × the request (or lower the request).",
        parameters: [minRatio.description],
        triggering: [
            Example("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: recommender}
                spec:
                  template:
                    spec:
                      containers:
                        - name: api
                          image: python:3.12-slim
                          command: [python, -m, app]
                          resources:
                            requests: {memory: 512Mi}
                            limits: {memory: ↓512Mi}
                """).fixed("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: recommender}
                spec:
                  template:
                    spec:
                      containers:
                        - name: api
                          image: python:3.12-slim
                          command: [python, -m, app]
                          resources:
                            requests: {memory: 512Mi}
                            limits: {memory: 768Mi}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: worker}
                spec:
                  containers:
                    - name: worker
                      image: python:3.12-slim
                      command: [python, worker.py]
                      resources:
                        limits:
                          memory: ↓1Gi   # 요청은 한도와 같다
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: recommender}
                spec:
                  template:
                    spec:
                      containers:
                        - name: api
                          image: python:3.12-slim
                          command: [python, -m, app]
                          resources:
                            requests: {memory: 512Mi}
                            limits: {memory: 768Mi}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard PythonSettings.of(context) != nil, let limit = context.memoryLimit, let request = context.memoryRequest, request.bytes > 0 else { return }
        let minRatio = context.parameters[Self.minRatio]
        let ratio = Double(limit.bytes) / Double(request.bytes)
        guard ratio < minRatio else { return }
        let wanted = Int64(saturating: (Double(request.bytes) * minRatio).rounded(.up))
        let wantedMiB = wanted.saturatingAdd((1 << 20) - 1) >> 20
        let message = "\(limit.describe("limit")) is \(NumberText.fixed(ratio, digits: 2)) × the \(request.describe("request")): Python's memory only grows after peaks, so give the limit at least \(NumberText.fixed(minRatio, digits: 2)) × the request"
        if case .defaultedFromLimit = request.origin {
            // Raising the limit alone raises the defaulted request with it.
            sink.report(message, at: limit.location, related: [request.related("request")],
                        fix: "set requests.memory to the memory the service needs at rest, at most \(ByteFormat.mib(Int64(Double(limit.bytes) / minRatio))) under this limit")
            return
        }
        // Unsafe: a larger limit lets the pod use more of the node, and the scheduler does not plan for it.
        let written = context.container.resources.limits.memory
        let edit = limit.isOwn && written?.span == limit.location.span && limit.location.path == context.path
            ? written.flatMap { Fix.replacing($0, in: context.path, with: "\(wantedMiB)Mi", .unsafe, "raise the limit to \(wantedMiB)Mi") } : nil
        sink.report(message, at: limit.location, related: [request.related("request")], fix: "raise the limit to \(wantedMiB)Mi", edit: edit)
    }
}
