import MemlintEngine

struct MemoryFractionalBytesRule: FileRule {
    static let description = RuleDescription(
        code: "K8S004", name: "memory-fractional-bytes", pack: "Kubernetes", defaultSeverity: .error,
        summary: "A memory quantity is a fraction of a byte, usually a lowercase m (milli) meant as Mi.",
        rationale: """
            In a quantity `m` is milli (10^-3), so `256m` of memory is 0.256 bytes, not 256 mebibytes. \
            The API server accepts it with the warning `fractional byte value "256m" is invalid, must \
            be an integer` and rounds it up to 1 byte (apimachinery's `pkg/api/resource/quantity.go`; kubernetes/kubernetes \
            `pkg/api/pod/warnings.go`): a limit of 1 byte kills the container at start. Any other \
            fractional byte count (`1.5`, `0.5Ki`) is rounded up the same way.
            """,
        fix: "Use a binary suffix: `256Mi` instead of `256m`.",
        references: ["https://github.com/kubernetes/kubernetes/blob/master/pkg/api/pod/warnings.go"],
        triggering: [
            Example("""
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: agent}
                spec:
                  template:
                    spec:
                      containers:
                        - name: agent
                          image: agent:1
                          resources:
                            limits: {memory: ↓256m}
                """).fixed("""
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: agent}
                spec:
                  template:
                    spec:
                      containers:
                        - name: agent
                          image: agent:1
                          resources:
                            limits: {memory: 256Mi}
                """),
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                    - name: a
                      resources:
                        requests:
                          memory: ↓1.5
                """),
        ],
        nonTriggering: [
            Example("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                    - name: a
                      resources:
                        requests: {memory: 0.5Mi, cpu: 250m}
                        limits: {memory: 256Mi}
                """),
        ])

    func check(_ file: FileContext, _ sink: inout DiagnosticSink) {
        MemoryQuantities.forEach(in: file.manifest) { quantity in
            guard case .success(let parsed) = Quantity.parse(quantity.value.value), parsed.isFractional else { return }
            let text = parsed.text
            if text.hasSuffix("m") {
                let number = String(text.dropLast())
                // Unsafe: 256m was meant as 256Mi or 256M, and the two differ by 5 %.
                quantity.report(
                    "\(quantity.describe()) is \(Self.decimal(parsed.approximate)) bytes (lowercase m means milli); did you mean \"\(number)Mi\"?",
                    fix: "write \(number)Mi", edit: quantity.replacement(number + "Mi", .unsafe, path: file.path), into: &sink)
            } else {
                quantity.report(
                    "\(quantity.describe()) is a fractional number of bytes; the API server rounds it up to \(parsed.roundedUp)",
                    fix: "write a whole number of bytes or use a larger unit", into: &sink)
            }
        }
    }
}

extension MemoryFractionalBytesRule {
    /// `0.256`, not `0.25600000000000001`.
    static func decimal(_ value: Double) -> String {
        var text = NumberText.fixed(value, digits: 9)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
