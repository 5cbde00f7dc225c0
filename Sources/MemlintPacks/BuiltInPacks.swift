import CoreRules
import GoRules
import JVMRules
import KubernetesRules
import MemlintEngine
import NodeRules
import PythonRules

/// The one list of packs. Adding a pack means one line here and one target in Package.swift.
public enum BuiltInPacks {
    public static let all: [RulePack] = [
        corePack,
        kubernetesPack,
        jvmPack,
        goPack,
        nodePack,
        pythonPack,
        metaPack,
    ]

    /// Every rule of every pack, in pack order.
    public static var rules: [any Rule.Type] { all.flatMap { $0.rules } }

    /// Every runtime the packs register.
    public static var runtimes: [any RuntimeDescriptor] { all.flatMap { $0.runtimes } }
}
