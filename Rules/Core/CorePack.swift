import MemlintEngine

/// Problems with the input itself: files memlint could not read or parse. Their findings stand in
/// for every other rule on the part of the file that could not be read, so nothing is skipped silently.
public let corePack = RulePack(
    name: "Core",
    codePrefix: "E",
    rules: [
        YAMLSyntaxErrorRule.self,
        DockerfileSyntaxErrorRule.self,
        FileTooComplexRule.self,
        FileUnreadableRule.self,
        DockerfileLinkAmbiguousRule.self,
        AnnotationInvalidRule.self,
        NotRenderedRule.self,
        RenderFailedRule.self,
    ],
    catalogue: ("Rules/Core/images.yml", PackageResources.images_yml))
