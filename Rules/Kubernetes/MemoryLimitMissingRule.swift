import MemlintEngine

struct MemoryLimitMissingRule: ContainerRule {
    static let description = RuleDescription(
        code: "K8S001", name: "memory-limit-missing", pack: "Kubernetes", defaultSeverity: .warning,
        summary: "A container has no memory limit, and no LimitRange in this run supplies one.",
        rationale: """
            Without `resources.limits.memory` a container may use all of its node's memory, and the \
            runtimes that size themselves from the limit (the JVM, Node.js, .NET) size themselves from \
            the node's RAM instead: the kernel's OOM killer then picks a victim, often another pod. \
            A LimitRange of type Container with a `default` (or `max`) memory in the same namespace \
            gives such containers a limit at admission (`pkg/apis/core/v1/defaults.go` and `ValidateResourceRequirements` in Kubernetes; the LimitRanger admission plugin); memlint counts one \
            when it is among the files it checks. Ephemeral containers cannot set resources and are \
            not checked.
            """,
        fix: "Set `resources.limits.memory` on the container, or add a LimitRange with a default memory limit for its namespace.",
        references: [
            "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
            "https://kubernetes.io/docs/concepts/policy/limit-range/",
        ],
        triggering: [
            Example("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  template:
                    spec:
                      containers:
                        - name: ↓web
                          image: nginx:1.27
                          resources:
                            requests: {memory: 128Mi}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: job}
                spec:
                  initContainers:
                    - name: ↓migrate
                      image: flyway/flyway:10
                  containers:
                    - name: app
                      image: app:1
                      resources: {limits: {memory: 256Mi}}
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
                      image: nginx:1.27
                      resources: {limits: {memory: 256Mi}}
                """),
            Example("""
                apiVersion: v1
                kind: LimitRange
                metadata: {name: defaults, namespace: shop}
                spec:
                  limits:
                    - type: Container
                      default: {memory: 512Mi}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: cart, namespace: shop}
                spec:
                  template:
                    spec:
                      containers:
                        - name: cart
                          image: cart:2
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        let container = context.container
        // A limit that is present but invalid is K8S003's finding, not a missing limit.
        guard context.memoryLimit == nil, container.resources.limits.memory == nil else { return }
        let anchor = container.name?.span ?? container.span
        sink.report(
            "no memory limit: the container may use the whole node's memory",
            at: anchor,
            fix: "add resources.limits.memory to '\(container.displayName)'")
    }
}
