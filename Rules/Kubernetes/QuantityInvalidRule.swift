import MemlintEngine

struct QuantityInvalidRule: FileRule {
    static let description = RuleDescription(
        code: "K8S003", name: "quantity-invalid", pack: "Kubernetes", defaultSeverity: .error,
        summary: "A memory quantity is not valid Kubernetes quantity syntax, or is negative.",
        rationale: """
            Quantities follow apimachinery's grammar exactly (apimachinery's `pkg/api/resource/quantity.go` \
            `k8s.io/apimachinery/pkg/api/resource/quantity.go`): a number, then one of the binary \
            suffixes `Ki Mi Gi Ti Pi Ei`, a decimal suffix `n u m k M G T P E`, or an exponent `e3`. \
            Suffixes are case-sensitive, so `512mi`, `1K` and `1gi` are rejected, and `B` is not a unit \
            (`512MB`, `1GiB`). Negative requests and limits parse but fail validation. The API server \
            refuses the whole object.
            """,
        fix: "Write the quantity with a Kubernetes suffix: `512Mi` (2^20 bytes each) or `512M` (10^6 bytes each).",
        references: [
            "https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/",
            "https://github.com/kubernetes/apimachinery/blob/master/pkg/api/resource/quantity.go",
        ],
        triggering: [
            Example("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db}
                spec:
                  template:
                    spec:
                      containers:
                        - name: db
                          image: postgres:16
                          resources:
                            limits: {memory: ↓512MB}
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
                          memory: ↓512mi
                        limits:
                          memory: ↓"-1Gi"
                """).fixed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                    - name: a
                      resources:
                        requests:
                          memory: 512Mi
                        limits:
                          memory: "-1Gi"
                """),
            Example("""
                apiVersion: v1
                kind: LimitRange
                metadata: {name: defaults}
                spec:
                  limits:
                    - type: Container
                      default:
                        memory: ↓1K
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
                        requests: {memory: 1e9}
                        limits: {memory: "1.5Gi"}
                """),
        ])

    func check(_ file: FileContext, _ sink: inout DiagnosticSink) {
        MemoryQuantities.forEach(in: file.manifest) { quantity in
            let text = quantity.value.value
            switch Quantity.parse(text) {
            case .success(let parsed):
                guard parsed.isNegative else { return }
                quantity.report("\(quantity.describe()) is negative: the API server rejects it", into: &sink)
            case .failure(let error):
                let suggestions = Quantity.suggestions(for: text)
                var message = "\(quantity.describe()) is not a valid quantity"
                switch error {
                case .suffix(let suffix): message += ": unknown suffix \"\(suffix)\" (suffixes are case-sensitive)"
                case .formatWrong: message += reason(text)
                }
                if !suggestions.isEmpty {
                    message += "; did you mean " + suggestions.map { "\"\($0)\"" }.joined(separator: " or ") + "?"
                }
                // Only one reading: `512mi` can only be 512Mi (safe); `2GB` could be 2Gi or 2G (no fix).
                let edit = suggestions.count == 1 ? quantity.replacement(suggestions[0], Self.onlyCaseOrSpacing(text, suggestions[0]) ? .safe : .unsafe, path: file.path) : nil
                quantity.report(message, fix: suggestions.first.map { "write \($0)" }, edit: edit, into: &sink)
            }
        }
    }

    /// The suggestion differs only in letter case or in spaces: the amount the author wrote is kept.
    static func onlyCaseOrSpacing(_ written: String, _ suggestion: String) -> Bool {
        written.filter { $0 != " " }.lowercased() == suggestion.lowercased()
    }

    private func reason(_ text: String) -> String {
        if text.trimmingCharacters(in: " ").contains(" ") { return ": spaces are not allowed" }
        if text.hasSuffix("B") || text.hasSuffix("b") { return ": \"B\" is not a unit" }
        if text.isEmpty { return ": it is empty" }
        return ""
    }
}

private extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
