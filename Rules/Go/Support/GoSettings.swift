import MemlintEngine

/// GOMEMLIMIT's grammar, exactly as the runtime's `parseByteCount` (`src/runtime/string.go`,
/// Go's `runtime/debug.SetMemoryLimit` docs and `parseByteCount` in `src/runtime/string.go`): `^[0-9]+(([KMGT]i)?B)?$`, case-sensitive, and the result must fit an int64.
/// `off` or an empty value mean no limit. Anything else is `fatal error: malformed GOMEMLIMIT`.
enum GoMemLimit {
    enum Parsed: Equatable {
        case off
        case bytes(Int64)
        case invalid
    }

    static func parse(_ text: String) -> Parsed {
        if text.isEmpty || text == "off" { return .off }
        var digits = Substring(text)
        var shift: Int64 = 0
        if digits.hasSuffix("B") {
            digits = digits.dropLast()
            if digits.hasSuffix("i"), let unit = digits.dropLast().last, let power = ["K": 10, "M": 20, "G": 30, "T": 40][String(unit)] {
                shift = Int64(power)
                digits = digits.dropLast(2)
            }
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(digits) else { return .invalid }
        let (result, overflow) = value.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? .invalid : .bytes(result)
    }

    /// The runtime's spelling of what a user probably meant (`450Mi` → `450MiB`, `1G` → `1GiB`).
    static func suggestion(for text: String) -> String? {
        let t = text.trimmingWhitespace().replacing(" ", with: "")
        if case .bytes = parse(t) { return t }
        // Go documents only powers of two, so K/M/G/T (with or without B) mean KiB/MiB/GiB/TiB here.
        let upper = t.uppercased()
        for (unit, shift) in [("KIB", 10), ("MIB", 20), ("GIB", 30), ("TIB", 40), ("KB", 10), ("MB", 20), ("GB", 30), ("TB", 40), ("K", 10), ("M", 20), ("G", 30), ("T", 40)] where upper.hasSuffix(unit) {
            // No suggestion for values past Int64: the runtime has no spelling for them either.
            guard let number = Double(upper.dropLast(unit.count)), number >= 0, number * Double(Int64(1) << shift) < Int64.doubleBound else { return nil }
            return spelling(Int64(saturating: number * Double(Int64(1) << shift)))
        }
        // Kubernetes spellings: 450Mi, 1Gi.
        if let quantity = try? Quantity.parse(t).get(), !quantity.isFractional, !quantity.isNegative {
            return spelling(quantity.roundedUp)
        }
        return nil
    }

    /// 90 % of the limit, rounded down to a whole MiB (automemlimit's ratio, the GC guide's headroom).
    static func suggested(for limit: Int64) -> Int64 {
        ((limit / 10 * 9) >> 20) << 20
    }

    /// The shortest exact spelling: `450MiB`, `1GiB`, or plain bytes.
    static func spelling(_ bytes: Int64) -> String {
        for (unit, shift) in [("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10)] where bytes > 0 && bytes % (Int64(1) << shift) == 0 {
            return "\(bytes >> shift)\(unit)"
        }
        return String(bytes)
    }
}

/// What a Go container tells its runtime.
struct GoSettings: RuntimeSettings {
    var memoryLimit: EnvValue?
    var parsedLimit: GoMemLimit.Parsed?
    var gogc: EnvValue?
    /// `AUTOMEMLIMIT` set (and not `off`): the app likely uses KimMachineGun/automemlimit, which sets
    /// GOMEMLIMIT to 90 % of the cgroup limit at start when GOMEMLIMIT itself is unset.
    var automemlimit: Bool
    /// An `envFrom` Secret or a missing ConfigMap might set GOMEMLIMIT without memlint seeing it.
    var mayBeSetUnseen: Bool
    /// The program sets GOMEMLIMIT from the container's limit itself (the catalogue's
    /// `launcher.memoryLimitRatio`: Prometheus ≥ 3.0), or may, when its tag does not tell the version.
    var programLimit: ActiveLauncher?

    /// The budget, computed with the settings (`explain` and the rules read the same one).
    var budget: MemoryBudget?

    /// The settings the resolution stage computed, for a container that runs Go.
    static func of(_ context: ContainerContext) -> GoSettings? { context.settings(GoSettings.self) }

    init(_ container: ResolvedContainer) {
        let env = container.process.environment
        memoryLimit = env["GOMEMLIMIT"]
        parsedLimit = memoryLimit?.value.map { GoMemLimit.parse($0.text) }
        gogc = env["GOGC"]
        automemlimit = env["AUTOMEMLIMIT"].map { $0.value?.text != "off" } ?? false
        mayBeSetUnseen = !env.opaqueSources.isEmpty
        programLimit = container.launcher.flatMap { $0.facts.memoryLimitRatio != nil && $0.optedOut == nil ? $0 : nil }
        budget = Self.budget(self, limit: container.memoryLimit)
    }

    /// The limit in bytes, when set and valid.
    var limitBytes: Int64? {
        if case .bytes(let bytes)? = parsedLimit { return bytes }
        return nil
    }

    /// GOMEMLIMIT comes from the Downward API (`resourceFieldRef`): its resource and divisor.
    var fromResourceField: (resource: String, divisor: String)? {
        if case .resourceField(let resource, let divisor)? = memoryLimit?.mechanism { return (resource, divisor) }
        return nil
    }

    /// The GC percentage the runtime uses, as `readGOGC` reads it (`src/runtime/mgcpacer.go`): `off`
    /// is -1, a decimal with an optional leading `-` that fits an int32 is itself (any negative means
    /// off), anything else — `1.5`, ` 50`, `+50`, `50%` — silently 100.
    var gcPercent: Int32 {
        guard let text = gogc?.value?.text else { return 100 }
        return Self.readGOGC(text)
    }

    /// "twice the live data (GOGC=100)", "1.3 × the live data (GOGC=30)": how far the heap grows
    /// past the live data before a collection, for messages.
    var growthText: String {
        let percent = gcPercent
        let source = gogc == nil ? "GOGC default 100" : "GOGC=\(gogc?.value?.text ?? "")"
        if percent == 100 { return "twice the live data (\(source))" }
        let factor = 1 + Double(percent) / 100
        let text = factor == factor.rounded() ? String(Int(factor)) : NumberText.significant(factor, digits: 2)
        return "\(text) × the live data (\(source))"
    }

    static func readGOGC(_ text: String) -> Int32 {
        if text == "off" { return -1 }
        // The runtime keeps any negative percentage as -1: the collector is off.
        return runtimeAtoi32(text).map { max($0, -1) } ?? 100
    }

    /// The runtime's `atoi32`: ASCII digits with an optional leading `-`, no `+`, no blanks.
    static func runtimeAtoi32(_ text: String) -> Int32? {
        var digits = Substring(text)
        let negative = digits.first == "-"
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var value: Int64 = 0
        for character in digits {
            guard character.isASCII, let digit = character.wholeNumberValue else { return nil }
            value = value * 10 + Int64(digit)
            if value > 1 << 31 { return nil }  // past any int32, leading zeros or not
        }
        return Int32(exactly: negative ? -value : value)
    }

    /// GOGC turns the collector off (`off`, or any negative percentage).
    var isGOGCOff: Bool { gcPercent < 0 }

    /// The figures the truth lab compares with a real Go runtime.
    var facts: [String: String] {
        var facts = ["starts": String(parsedLimit != .invalid), "gcPercent": String(gcPercent)]
        switch parsedLimit {
        case .bytes(let bytes)?: facts["memoryLimit"] = String(bytes)
        case .off?, nil: facts["memoryLimit"] = String(Int64.max)
        case .invalid?: break
        }
        return facts
    }
}

/// The Go pack's budget: the soft limit and what it leaves under the container limit.
extension GoSettings {
    static func budget(_ settings: GoSettings, limit: ResolvedMemory?) -> MemoryBudget {
        var notes = ["the Go GC guide suggests leaving 5–10 % of the limit for memory the runtime does not count (cgo, mmap, the binary)"]
        let component: MemoryBudget.Component
        if let bytes = settings.limitBytes, let variable = settings.memoryLimit {
            component = .init("GOMEMLIMIT (soft limit)", bytes, .setting("GOMEMLIMIT=\(variable.value?.text ?? "")", variable.value?.location ?? variable.location))
        } else {
            let verdict: String
            if settings.parsedLimit == .invalid {
                verdict = "GOMEMLIMIT=\(settings.memoryLimit?.value?.text ?? "") is malformed: the runtime stops at startup (GO004)"
            } else if settings.isGOGCOff {
                verdict = "no soft limit and GOGC=off: nothing bounds the heap (GO005)"
            } else {
                verdict = "no soft limit: the heap may grow to \(settings.growthText) before a collection, whatever the limit"
            }
            return MemoryBudget(runtime: GoRuntime.id, components: [], limit: limit, notes: notes, verdict: verdict)
        }
        if let limit {
            let percent = Double(component.bytes) / Double(limit.bytes) * 100
            notes.insert("GOMEMLIMIT is \(NumberText.fixed(percent, digits: 1)) % of the limit", at: 0)
        }
        return MemoryBudget(runtime: GoRuntime.id, components: [component], limit: limit, notes: notes)
    }
}
