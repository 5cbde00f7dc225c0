import CoreRules
import KubernetesRules
import MemlintEngine

/// The one list of packs. Adding a pack means one line here and one target in Package.swift.
public enum BuiltInPacks {
    public static let all: [RulePack] = [
        corePack,
        kubernetesPack,
        metaPack,
    ]

    /// Every rule of every pack, in pack order.
    public static var rules: [any Rule.Type] { all.flatMap { $0.rules } }
}
