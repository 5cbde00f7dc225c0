import MemlintYAML

/// Where each workload kind keeps its pod spec (the Kubernetes API types that embed a `PodTemplateSpec` or `PodSpec`). Knowing this once, here,
/// keeps every rule free of kind-specific paths.
enum PodSpecLocator {
    struct Location {
        /// Path from the object's root to the pod spec.
        let podSpec: [StaticString]
        /// Path from the object's root to the pod template's metadata, if it has one.
        let templateMetadata: [StaticString]?
    }

    static func location(forKind kind: String) -> Location? {
        switch kind {
        case "Pod":
            Location(podSpec: ["spec"], templateMetadata: nil)
        case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController":
            Location(podSpec: ["spec", "template", "spec"], templateMetadata: ["spec", "template", "metadata"])
        case "CronJob":
            Location(podSpec: ["spec", "jobTemplate", "spec", "template", "spec"],
                     templateMetadata: ["spec", "jobTemplate", "spec", "template", "metadata"])
        case "PodTemplate":
            Location(podSpec: ["template", "spec"], templateMetadata: ["template", "metadata"])
        default:
            nil
        }
    }
}
