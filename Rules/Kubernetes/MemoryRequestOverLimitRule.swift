import MemlintEngine

struct MemoryRequestOverLimitRule: ContainerRule {
    static let description = RuleDescription(
        code: "K8S002", name: "memory-request-over-limit", pack: "Kubernetes", defaultSeverity: .error,
        summary: "A container requests more memory than its limit, which the API server rejects.",
        rationale: """
            Validation requires `requests.memory` ≤ `limits.memory` ("must be less than or equal to \
            memory limit"), so the pod is never created (`pkg/apis/core/v1/defaults.go` and `ValidateResourceRequirements` in Kubernetes, \
            in kubernetes/kubernetes `pkg/apis/core/validation/validation.go`). The limit may come \
            from a LimitRange default when the container sets none; the finding then points at it.
            """,
        fix: "Lower the request to at most the limit, or raise the limit.",
        references: ["https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"],
        triggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: api}
                spec:
                  containers:
                    - name: api
                      image: api:3
                      resources:
                        requests: {memory: ↓1Gi}
                        limits: {memory: 512Mi}
                """),
            Example("""
                apiVersion: v1
                kind: LimitRange
                metadata: {name: defaults}
                spec:
                  limits:
                    - type: Container
                      default: {memory: 256Mi}
                ---
                apiVersion: batch/v1
                kind: Job
                metadata: {name: report}
                spec:
                  template:
                    spec:
                      containers:
                        - name: report
                          image: report:1
                          resources:
                            requests: {memory: ↓300Mi}
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
                      image: api:3
                      resources:
                        requests: {memory: 512Mi}
                        limits: {memory: 0.5Gi}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let request = context.memoryRequest, let limit = context.memoryLimit,
              case .container = request.origin, request.bytes > limit.bytes else { return }
        sink.report(
            "memory request \(request.quantity.text) is above the \(limit.describe("limit")): the API server rejects the pod",
            at: request.location,
            related: [limit.related("limit")],
            fix: "lower the request to \(limit.quantity.text) or less")
    }
}
