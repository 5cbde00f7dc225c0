import MemlintEngine

struct DockerfileLinkAmbiguousRule: ContainerRule {
    static let description = RuleDescription(
        code: "E005", name: "dockerfile-link-ambiguous", pack: "Core", defaultSeverity: .note,
        summary: "Several Dockerfiles could build a container's image, so memlint used none of them.",
        rationale: """
            To see a container's inherited ENV, ENTRYPOINT and CMD, memlint ties its image to a \
            Dockerfile: an `images` entry in `.lint.yml` first, then a skaffold.yaml artifact, then a \
            Dockerfile whose folder is named like the image (`…/cart:2.4` and `services/cart/Dockerfile`). \
            When that last guess finds more than one folder, picking one could check the wrong image, so \
            memlint picks none and says so; runtime rules then see only what the manifest says.
            """,
        fix: "Add an `images` entry to `.lint.yml` that names the right Dockerfile for the image.",
        triggering: [
            Example(files: [
                ("k8s/cart.yaml", """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: cart}
                    spec:
                      template:
                        spec:
                          containers:
                            - name: cart
                              image: ↓registry.example.com/shop/cart:2.4.1
                              resources: {limits: {memory: 512Mi}}
                    """),
                ("services/cart/Dockerfile", "FROM eclipse-temurin:17-jre\nCMD [\"java\", \"-jar\", \"/app.jar\"]\n"),
                ("legacy/cart/Dockerfile", "FROM openjdk:8-jre\nCMD [\"java\", \"-jar\", \"/app.jar\"]\n"),
            ]),
        ],
        nonTriggering: [
            Example(files: [
                ("k8s/cart.yaml", """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: cart}
                    spec:
                      template:
                        spec:
                          containers:
                            - name: cart
                              image: registry.example.com/shop/cart:2.4.1
                              resources: {limits: {memory: 512Mi}}
                    """),
                ("services/cart/Dockerfile", "FROM eclipse-temurin:17-jre\nCMD [\"java\", \"-jar\", \"/app.jar\"]\n"),
            ]),
        ])

    func check(_ context: ContainerContext, _ sink: inout DiagnosticSink) {
        guard case .ambiguous(let candidates) = context.resolved.link, let first = candidates.first, let image = context.container.image else { return }
        let reference = ImageReference(image.value)
        sink.report(
            "image \(image.value) could be built by \(candidates.count) Dockerfiles (\(candidates.joined(separator: ", "))); memlint used none",
            at: image.span,
            fix: "add to .lint.yml: images: [{match: \"\(reference.repository):*\", dockerfile: \(first)}]")
    }
}
