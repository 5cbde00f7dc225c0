import MemlintEngine

struct GoMemlimitMissingRule: ContainerRule {
    static let description = RuleDescription(
        code: "GO001", name: "go-memlimit-missing", pack: "Go", defaultSeverity: .warning,
        summary: "A Go container with a memory limit does not set GOMEMLIMIT.",
        rationale: """
            The Go runtime never reads the cgroup memory limit (Go's `runtime/debug.SetMemoryLimit` docs and `parseByteCount` in `src/runtime/string.go`: no release from 1.19 \
            to 1.27 does). Without `GOMEMLIMIT` the GC lets the heap grow to twice the live heap \
            (`GOGC=100`) before collecting, so a service with 300Mi of live data reaches 600Mi \
            and is OOMKilled under a 512Mi limit although a collection would have freed half of it. \
            `GOMEMLIMIT` (Go 1.19+) makes the GC work harder as memory nears the limit; the GC guide \
            advises leaving 5–10 % for memory the runtime does not count. The suggestion is 90 % of the \
            limit, which is also what KimMachineGun/automemlimit sets (a container that sets \
            `AUTOMEMLIMIT` is taken to use it and is not reported).
            """,
        fix: "Set GOMEMLIMIT to about 90 % of the limit, in the runtime's units (e.g. 460MiB for 512Mi).",
        references: ["https://go.dev/doc/gc-guide#Memory_limit", "https://pkg.go.dev/runtime/debug#SetMemoryLimit"],
        triggering: [
            Example("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: api}
                spec:
                  template:
                    spec:
                      containers:
                        - name: ↓api
                          image: golang:1.22
                          command: [/app/api]
                          resources: {limits: {memory: 384Mi}}
                """).fixed("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: api}
                spec:
                  template:
                    spec:
                      containers:
                        - name: api
                          env:
                            - name: GOMEMLIMIT
                              value: 345MiB
                          image: golang:1.22
                          command: [/app/api]
                          resources: {limits: {memory: 384Mi}}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: worker}
                spec:
                  containers:
                    - {name: ↓worker, image: "golang:1.22", command: [/worker], env: [{name: GOGC, value: "50"}], resources: {limits: {memory: 1Gi}}}
                """).fixed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: worker}
                spec:
                  containers:
                    - {name: worker, image: "golang:1.22", command: [/worker], env: [{name: GOGC, value: "50"}, {name: GOMEMLIMIT, value: 921MiB}], resources: {limits: {memory: 1Gi}}}
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: go-runtime}
                data: {GOMEMLIMIT: 345MiB}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: api}
                spec:
                  template:
                    spec:
                      containers:
                        - name: api
                          image: golang:1.22
                          command: [/app/api]
                          envFrom: [{configMapRef: {name: go-runtime}}]
                          resources: {limits: {memory: 384Mi}}
                """),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard let settings = GoSettings.of(context), let limit = context.memoryLimit else { return }
        guard settings.memoryLimit == nil, !settings.automemlimit, !settings.mayBeSetUnseen else { return }
        let suggested = GoMemLimit.suggested(for: limit.bytes) >> 20
        let anchor = context.container.name?.span ?? context.container.span
        var fix = "add env GOMEMLIMIT=\(suggested)MiB (90 % of the limit)"
        if let program = settings.programLimit, program.applies == false, let since = program.facts.since {
            fix += ", or upgrade: \(program.name) sets it from the limit itself from version \(since) on (\(program.facts.source))"
        } else if let program = settings.programLimit {
            if program.setsMemoryLimit { return }
            // The catalogue says the product sets it from some version on, and the tag hides the version.
            let since = program.facts.since.map { " from version \($0) on" } ?? ""
            sink.report(
                "no GOMEMLIMIT under the \(limit.describe("limit")); \(program.name) sets it from the limit itself\(since), but \(context.resolved.image?.reference ?? "the image")'s tag does not tell which version runs (\(program.facts.source))",
                at: anchor, related: [limit.related("limit")], fix: "pin a version tag, or \(fix)", atMost: program.applies == nil ? .note : nil)
            return
        }
        // A vendor's program (an exporter, a controller) has the memory profile its vendor tuned: a hint, not a warning.
        let vendor = context.resolved.isThirdPartyProduct ? context.resolved.imageMatch.map { " (\($0.facts.name), a third-party program)" } ?? "" : ""
        // Unsafe: a soft limit makes the GC work harder near it; where to add it is the file's own style.
        let edit = Fix.addingEnv("GOMEMLIMIT", "\(suggested)MiB", in: context, .unsafe, "add GOMEMLIMIT=\(suggested)MiB")
        sink.report(
            "no GOMEMLIMIT under the \(limit.describe("limit")): the Go runtime does not read the limit, and its heap may grow to \(settings.growthText) before a collection\(vendor)",
            at: anchor, related: [limit.related("limit")],
            fix: fix, atMost: vendor.isEmpty ? nil : .note, edit: edit)
    }
}
