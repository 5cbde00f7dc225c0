import MemlintEngine

/// A memory-relevant JVM setting, whatever flag spelled it (`-Xmx` and `-XX:MaxHeapSize=` are one).
enum JVMSetting: Hashable, Sendable {
    case maxHeap, initialHeap, threadStack, newSize
    case maxRAMPercentage, initialRAMPercentage, minRAMPercentage, maxRAMFraction, minRAMFraction, initialRAMFraction, maxRAM
    case maxMetaspace, reservedCodeCache, maxDirectMemory, compressedClassSpace
    case containerSupport, tieredCompilation
    /// `-XX:+UseSerialGC`, `+UseG1GC`, …: the heap's alignment depends on the collector.
    case garbageCollector
}

/// Where a flag came from, lowest precedence first (the `java` man page on `JDK_JAVA_OPTIONS`, and HotSpot's `arguments.cpp` for `JAVA_TOOL_OPTIONS` and `_JAVA_OPTIONS`).
enum JVMOptionSource: Sendable, Equatable, CustomStringConvertible {
    case javaToolOptions
    case jdkJavaOptions
    /// Options a product's launcher passes by default (the catalogue's `launcher.options`).
    case launcherDefault(String)
    case launcher(String)
    case commandLine
    case javaOptionsOverride

    var description: String {
        switch self {
        case .javaToolOptions: "JAVA_TOOL_OPTIONS"
        case .jdkJavaOptions: "JDK_JAVA_OPTIONS"
        case .launcherDefault(let name): "the defaults of \(name)"
        case .launcher(let variable): variable
        case .commandLine: "the java command line"
        case .javaOptionsOverride: "_JAVA_OPTIONS"
        }
    }
}

struct JVMFlag: Sendable {
    var setting: JVMSetting
    /// The whole token as written (`-Xmx900m`), with its position.
    var token: TracedText
    var value: String
    /// Sizes in bytes (`ThreadStackSize` is written in KiB and converted).
    var bytes: Int64?
    /// Percentages and fractions.
    var number: Double?
    /// `-XX:+Flag` / `-XX:-Flag`.
    var enabled: Bool?
    var source: JVMOptionSource
    /// What is wrong with it, if anything.
    var problem: String?
    /// The JVM refuses the option and does not start (false: it starts, but not as the author meant).
    var refuses = true

    var text: String { token.text }
    /// "-Xmx1G", or "-Xmx1G, Apache Kafka's kafka-server-start.sh's default" when no file of the user's wrote it.
    var described: String {
        if case .launcherDefault(let name) = source { return "\(token.text), the default of \(name)" }
        return token.text
    }
    var location: SourceLocation? { token.location }
    /// Set by a product's launcher, not written in any file of the user's.
    var isLauncherDefault: Bool {
        if case .launcherDefault = source { return true }
        return false
    }
}

/// Every JVM flag a container's process gets, in the order the JVM reads them.
struct JVMOptions: Sendable {
    var flags: [JVMFlag] = []
    var version: JDKVersion?
    var launcher: ActiveLauncher?
    /// False when the JVM is started by something memlint cannot read (a start script).
    var commandLineKnown = true
    /// A `-javaagent:` reaches the JVM (command line or an options variable): agents load classes
    /// and keep native memory of their own.
    var hasAgent = false

    /// The flag that wins for a setting: the last valid one in precedence order.
    func effective(_ setting: JVMSetting) -> JVMFlag? {
        flags.last { $0.setting == setting && ($0.problem == nil || !$0.refuses) }
    }

    /// The options the resolution stage read, for a container that runs a JVM.
    static func of(_ context: ContainerContext) -> JVMOptions? { context.settings(JVMSettings.self)?.options }

    /// Reads the options of a JVM container.
    static func read(_ container: ResolvedContainer) -> JVMOptions {
        var options = JVMOptions()
        let process = container.process
        options.version = JDKVersion.of(container)
        let executable = process.executableName
        let isJava = executable == "java"

        func fromVariable(_ name: String, _ source: JVMOptionSource) {
            guard let value = process.environment[name]?.value else { return }
            for token in tokens(value) { options.flags += parse(token, source: source, version: options.version) }
        }

        fromVariable("JAVA_TOOL_OPTIONS", .javaToolOptions)
        if isJava, (options.version?.major ?? 9) >= 9 { fromVariable("JDK_JAVA_OPTIONS", .jdkJavaOptions) }
        if !isJava, let launcher = container.launcher {
            options.launcher = launcher
            if launcher.passesOptions, let defaults = launcher.facts.options {
                // Written in the catalogue, not in the user's files: the flags have no position.
                for token in tokens(TracedText(synthetic: defaults)) {
                    options.flags += parse(token, source: .launcherDefault(launcher.name), version: options.version)
                }
            }
            for variable in launcher.facts.reads { fromVariable(variable, .launcher(variable)) }
        } else if isJava {
            for token in commandLineOptions(process.command) { options.flags += parse(token, source: .commandLine, version: options.version) }
        } else {
            options.commandLineKnown = false
        }
        fromVariable("_JAVA_OPTIONS", .javaOptionsOverride)
        let variables = ["JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"] + (options.launcher?.facts.reads ?? [])
        options.hasAgent = process.command.contains { $0.text.hasPrefix("-javaagent:") }
            || variables.contains { process.environment[$0]?.value?.text.containsLiteral("-javaagent:") == true }
        return options
    }

    /// "started by Apache Kafka's kafka-server-start.sh (entry point of apache/kafka:3.9.1): passes -Xmx1G -Xms1G unless
    /// KAFKA_HEAP_OPTS is set, then KAFKA_HEAP_OPTS, … (source)", for explain and the budget's notes.
    static func launcherNote(_ launcher: ActiveLauncher) -> String {
        var parts: [String] = []
        if let defaults = launcher.facts.options {
            let unless = launcher.facts.unless.isEmpty ? "" : " unless \(launcher.facts.unless.joined(separator: " or ")) is set"
            if launcher.passesOptions {
                parts.append("passes \(defaults)\(unless)")
            } else if let variable = launcher.defaultsReplacedBy {
                parts.append("its default \(defaults) is replaced by \(variable)")
            } else if launcher.applies == nil {
                parts.append("passes \(defaults) from version \(launcher.facts.since.map(String.init(describing:)) ?? "?") on; the tag does not tell the version, so memlint does not assume it")
            }
        }
        if !launcher.facts.reads.isEmpty { parts.append("then reads \(launcher.facts.reads.joined(separator: ", "))") }
        return "started by \(launcher.name) (\(launcher.reason))\(parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")) (\(launcher.facts.source))"
    }

    private static let optionsWithSeparateValue: Set<String> = [
        "-cp", "-classpath", "--class-path", "-p", "--module-path", "--upgrade-module-path", "--add-modules",
        "--add-exports", "--add-opens", "--add-reads", "--patch-module", "--limit-modules", "--source",
    ]

    /// Options before the main class, `-jar` or `-m`; options that take a separate value skip it.
    static func commandLineOptions(_ command: [TracedText]) -> [TracedText] {
        var result: [TracedText] = []
        var i = 1
        while i < command.count {
            let word = command[i].text
            if word == "-jar" || word == "-m" || word == "--module" || !word.hasPrefix("-") { break }
            result.append(command[i])
            if optionsWithSeparateValue.contains(word) { i += 1 }
            i += 1
        }
        return result
    }

    /// The JDK launcher reads `JDK_JAVA_OPTIONS` and the VM `JAVA_TOOL_OPTIONS` as blank-separated
    /// words with quotes grouping.
    static func tokens(_ value: TracedText) -> [TracedText] { OptionTokens.split(value) }

    static let sizeFlags: [String: JVMSetting] = [
        "MaxHeapSize": .maxHeap, "InitialHeapSize": .initialHeap, "ThreadStackSize": .threadStack, "NewSize": .newSize,
        "MaxRAM": .maxRAM, "MaxMetaspaceSize": .maxMetaspace, "ReservedCodeCacheSize": .reservedCodeCache,
        "MaxDirectMemorySize": .maxDirectMemory, "CompressedClassSpaceSize": .compressedClassSpace,
    ]
    /// True when some option keeps the JVM from starting.
    var refusesToStart: Bool { flags.contains { $0.problem != nil && $0.refuses } }

    static let doubleFlags: [String: JVMSetting] = [
        "MaxRAMPercentage": .maxRAMPercentage, "InitialRAMPercentage": .initialRAMPercentage, "MinRAMPercentage": .minRAMPercentage,
    ]
    static let fractionFlags: [String: JVMSetting] = [
        "MaxRAMFraction": .maxRAMFraction, "MinRAMFraction": .minRAMFraction, "InitialRAMFraction": .initialRAMFraction,
    ]

    /// One token to zero or one flag (tokens that are not memory flags give none).
    static func parse(_ token: TracedText, source: JVMOptionSource, version: JDKVersion?) -> [JVMFlag] {
        let text = token.text
        func flag(_ setting: JVMSetting, value: String, bytes: Int64? = nil, number: Double? = nil, enabled: Bool? = nil, refuses: Bool = true,
                  problem: String? = nil) -> [JVMFlag] {
            [JVMFlag(setting: setting, token: token, value: value, bytes: bytes, number: number, enabled: enabled, source: source, problem: problem,
                     refuses: refuses)]
        }
        for (prefix, setting) in [("-Xmx", JVMSetting.maxHeap), ("-Xms", .initialHeap), ("-Xss", .threadStack), ("-Xmn", .newSize)] where text.hasPrefix(prefix) {
            let value = String(text.dropFirst(prefix.count))
            guard let bytes = JVMSize.parse(value) else {
                return flag(setting, value: value, problem: sizeProblem(prefix, value))
            }
            if setting == .threadStack, let problem = stackProblem(bytes, written: text) {
                return flag(setting, value: value, bytes: bytes, problem: problem)
            }
            return flag(setting, value: value, bytes: bytes)
        }
        guard text.hasPrefix("-XX:") else { return [] }
        let body = text.dropFirst(4)
        if let sign = body.first, sign == "+" || sign == "-" {
            let name = String(body.dropFirst())
            let enabled = sign == "+"
            if name == "UseContainerSupport" { return flag(.containerSupport, value: name, enabled: enabled) }
            if name == "TieredCompilation" { return flag(.tieredCompilation, value: name, enabled: enabled) }
            if name.hasPrefix("Use"), name.hasSuffix("GC"), enabled { return flag(.garbageCollector, value: name, enabled: true) }
            return []
        }
        guard let equals = body.firstIndex(of: "=") else { return [] }
        let name = String(body[..<equals])
        let value = String(body[body.index(after: equals)...])
        if let setting = sizeFlags[name] {
            guard let parsed = JVMSize.parse(value) else { return flag(setting, value: value, problem: sizeProblem("-XX:\(name)=", value)) }
            if setting == .threadStack {
                // ThreadStackSize is in KiB (`intx ThreadStackSize`, range [0, 1M] in globals_linux_x86.hpp):
                // `=1m` asks for 1 GiB per thread; the JVM starts, and every thread reserves that much.
                let bytes = parsed.saturatingMultiply(1024)
                if parsed > 1 << 20 {
                    return flag(setting, value: value, bytes: bytes,
                                problem: "-XX:ThreadStackSize=\(value) is outside the range the JVM accepts (0 to 1048576 KiB): it does not start")
                }
                if let problem = stackProblem(bytes, written: text), parsed != 0 {
                    return flag(setting, value: value, bytes: bytes, problem: problem)
                }
                if let unit = value.last, "mMgGtT".contains(unit) {
                    return flag(setting, value: value, bytes: bytes, refuses: false,
                                problem: "-XX:ThreadStackSize is in KiB, so \(value) means \(ByteFormat.format(bytes)) per thread; write -XX:ThreadStackSize=\(parsed >> 10) or -Xss\(value)")
                }
                if parsed > 65_536 {
                    return flag(setting, value: value, bytes: bytes, refuses: false,
                                problem: "-XX:ThreadStackSize is in KiB, so \(value) means \(ByteFormat.format(bytes)) per thread")
                }
                return flag(setting, value: value, bytes: bytes)
            }
            return flag(setting, value: value, bytes: parsed)
        }
        if let setting = doubleFlags[name] {
            guard let number = Double(value), number.isFinite, !value.contains("e"), !value.contains("E") else {
                return flag(setting, value: value, problem: "-XX:\(name) takes a number (e.g. 75.0), not '\(value)'")
            }
            guard (0...100).contains(number) else {
                return flag(setting, value: value, number: number, problem: "-XX:\(name) must be between 0 and 100, got \(value)")
            }
            if let version, version.major == 8 {
                if let update = version.update, update < 191 {
                    return flag(setting, value: value, number: number, problem: "-XX:\(name) does not exist before JDK 8u191 (\(version)): the JVM exits with 'Unrecognized VM option'")
                }
                if !value.contains(".") {
                    return flag(setting, value: value, number: number, problem: "JDK 8 reads -XX:\(name) as a double and refuses '\(value)' without a decimal point (\(version)); write \(value).0")
                }
            }
            return flag(setting, value: value, number: number)
        }
        if let setting = fractionFlags[name] {
            guard let number = Int(value), number >= 1 else { return flag(setting, value: value, problem: "-XX:\(name) takes a whole number ≥ 1, not '\(value)'") }
            return flag(setting, value: value, number: Double(number))
        }
        return []
    }

    /// HotSpot on Linux x86-64 refuses stacks under 136k ("The Java thread stack size specified is
    /// too small") and -Xss above 1g ("Invalid thread stack size"); 0 means the default. Checked against
    /// a real JDK 17 in the truth lab.
    static let minimumThreadStack: Int64 = 136 << 10
    static let maximumXss: Int64 = 1 << 30

    private static func stackProblem(_ bytes: Int64, written: String) -> String? {
        if bytes == 0 { return nil }
        if bytes < minimumThreadStack { return "\(written) is below the smallest thread stack the JVM accepts (136k): it does not start" }
        if written.hasPrefix("-Xss"), bytes > maximumXss { return "\(written) is above the largest -Xss the JVM accepts (1g): it does not start" }
        return nil
    }

    private static func sizeProblem(_ prefix: String, _ value: String) -> String {
        var message = "\(prefix)\(value) is not a size the JVM accepts (digits and an optional k, m, g or t)"
        if let suggestion = JVMSize.suggestion(for: value) { message += "; write \(prefix)\(suggestion)" }
        return message
    }
}
