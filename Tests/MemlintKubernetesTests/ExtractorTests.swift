import MemlintKubernetes
import MemlintYAML
import Testing

@Suite struct ExtractorTests {
    func extract(_ text: String) -> ManifestFile {
        var extractor = ManifestExtractor()
        YAMLLoader().load(SourceText(text)) { extractor.add($0) }
        return extractor.file
    }

    @Test(arguments: [
        ("v1", "Pod", "spec:\n  containers: [{name: a}]"),
        ("apps/v1", "Deployment", "spec:\n  template:\n    spec:\n      containers: [{name: a}]"),
        ("apps/v1", "StatefulSet", "spec:\n  template:\n    spec:\n      containers: [{name: a}]"),
        ("apps/v1", "DaemonSet", "spec:\n  template:\n    spec:\n      containers: [{name: a}]"),
        ("apps/v1", "ReplicaSet", "spec:\n  template:\n    spec:\n      containers: [{name: a}]"),
        ("batch/v1", "Job", "spec:\n  template:\n    spec:\n      containers: [{name: a}]"),
        ("v1", "ReplicationController", "spec:\n  template:\n    spec:\n      containers: [{name: a}]"),
        ("batch/v1", "CronJob", "spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: a}]"),
        ("v1", "PodTemplate", "template:\n  spec:\n    containers: [{name: a}]"),
    ])
    func everyWorkloadKindFindsItsPodSpec(apiVersion: String, kind: String, body: String) {
        let file = extract("apiVersion: \(apiVersion)\nkind: \(kind)\nmetadata: {name: x}\n\(body)\n")
        #expect(file.workloads.count == 1)
        #expect(file.workloads.first?.containers.map(\.displayName) == ["a"])
    }

    @Test func listsAreUnpackedRecursively() {
        let file = extract("""
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: Pod
                metadata: {name: a}
                spec: {containers: [{name: one}]}
              - apiVersion: v1
                kind: ConfigMapList
                items:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: cm}, data: {K: V}}
            """)
        #expect(file.workloads.map(\.meta.displayName) == ["Pod/a"])
        #expect(file.configMaps.first?.data["K"]?.value == "V")
    }

    @Test func containerRolesAndFields() throws {
        let file = extract("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              namespace: ns
              annotations: {a: b}
            spec:
              initContainers:
                - {name: init}
                - {name: side, restartPolicy: Always}
              containers:
                - name: app
                  image: eclipse-temurin:17-jre
                  command: [java]
                  args: ["-Xmx384m", -jar, app.jar]
                  env:
                    - {name: A, value: "1"}
                    - name: B
                      valueFrom: {configMapKeyRef: {name: cm, key: b}}
                    - name: C
                      valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}
                    - name: D
                      valueFrom: {secretKeyRef: {name: s, key: d}}
                    - {name: E}
                  envFrom:
                    - prefix: P_
                      configMapRef: {name: cm}
                  resources:
                    requests: {memory: 256Mi, cpu: 100m}
                    limits: {memory: 512Mi}
              ephemeralContainers:
                - {name: debug}
            """)
        let workload = try #require(file.workloads.first)
        #expect(workload.meta.namespace?.value == "ns")
        #expect(workload.meta.annotations["a"]?.value == "b")
        #expect(workload.containers.map(\.role) == [.initContainer, .sidecar, .regular, .ephemeral])
        let app = workload.containers[2]
        #expect(app.image?.value == "eclipse-temurin:17-jre")
        #expect(app.command?.map(\.value) == ["java"])
        #expect(app.args?.map(\.value) == ["-Xmx384m", "-jar", "app.jar"])
        #expect(app.resources.limits.memory?.value == "512Mi")
        #expect(app.resources.requests.cpu?.value == "100m")
        #expect(app.env.map(\.name.value) == ["A", "B", "C", "D", "E"])
        guard case .resourceFieldRef(_, let resource, let divisor) = app.env[2].source else {
            Issue.record("C is not a resourceFieldRef")
            return
        }
        #expect(resource.value == "limits.memory")
        #expect(divisor?.value == "1Mi")
        #expect(app.envFrom.first?.prefix?.value == "P_")
    }

    @Test func documentsWithoutKindAreSkippedAndAnchorsWork() throws {
        let file = extract("""
            x-defaults: {replicas: 3}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            x-resources: &res
              limits: {memory: 1Gi}
            spec:
              containers:
                - name: a
                  resources: *res
            """)
        #expect(file.documentCount == 2)
        #expect(file.objects.count == 1)
        #expect(file.workloads.first?.containers.first?.resources.limits.memory?.value == "1Gi")
    }

    @Test func limitRangeItemsAreDefaultedLikeTheAPI() throws {
        let file = extract("""
            apiVersion: v1
            kind: LimitRange
            metadata: {name: lr}
            spec:
              limits:
                - type: Pod
                  max: {memory: 8Gi}
                - type: Container
                  max: {memory: 2Gi}
            """)
        let range = try #require(file.limitRanges.first)
        #expect(file.limitRanges.count == 1)
        #expect(range.defaultLimit?.value == "2Gi")
        #expect(range.defaultRequest?.value == "2Gi")
    }
}
