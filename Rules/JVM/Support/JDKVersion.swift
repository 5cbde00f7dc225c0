import MemlintEngine

/// The JDK a container runs, as far as its image tag tells (`17-jre`, `8u181`, `11.0.14`,
/// `17.0.8_7-jre-jammy`, `gcr.io/distroless/java17`), and whether it is OpenJ9.
struct JDKVersion: Sendable, CustomStringConvertible {
    var major: Int
    /// 8u**181**, 11.0.**14**, 17.0.**8**; nil when the tag does not say.
    var update: Int?
    var openJ9: Bool
    /// Where this was read from.
    var image: String

    var description: String {
        let update = self.update.map { major == 8 ? "u\($0)" : ".0.\($0)" } ?? ""
        return "JDK \(major)\(update)\(openJ9 ? " (OpenJ9)" : "") from \(image)"
    }

    /// The JDK of a container, only from where it is written: a JDK image's tag (the catalogue says
    /// `runtimeVersion: tag`), a `-jdk17` / `-jre21` / `-java11` part of any tag, or the catalogue's
    /// "this product bundles JDK N". A product's own version (`elasticsearch:8.15.0`) is never read
    /// as a JDK version. The base image a Dockerfile reaches is asked first.
    static func of(_ container: ResolvedContainer) -> JDKVersion? {
        let candidates: [(ImageReference?, MatchedImage?)] = [
            (container.linkedImage?.baseImage, container.baseImageMatch), (container.image, container.imageMatch),
        ]
        // A JDK the Dockerfile installs names its major version: openjdk-17-jre-headless, java-21-openjdk.
        if let package = container.linkedImage?.installedPackages.first(where: JVMRuntime.isJDKPackage),
           let major = firstMajor(in: package) {
            return JDKVersion(major: major, update: nil, openJ9: false, image: "package \(package) installed by \(container.linkedImage?.model.path ?? "the Dockerfile")")
        }
        for case let (reference?, match) in candidates {
            if let version = fromTagMarker(reference) { return version }
            guard let match else { continue }
            switch match.facts.runtimeVersion {
            case .tag:
                if let version = from(reference) { return version }
            case .bundled:
                if let bundled = match.bundledRuntime {
                    return JDKVersion(major: bundled.major, update: nil, openJ9: false,
                                      image: "\(reference.reference), which bundles it (\(bundled.source))")
                }
            case .unknown:
                break
            }
        }
        return nil
    }

    /// The first number 8…30 in a package name (`openjdk17-jre` → 17, `java-21-openjdk` → 21).
    static func firstMajor(in package: String) -> Int? {
        var digits = ""
        for character in package + " " {
            if character.isASCII, character.isNumber { digits.append(character); continue }
            if let number = Int(digits), (8...30).contains(number) { return number }
            digits = ""
        }
        return nil
    }

    /// `tomcat:9.0-jdk17-temurin`, `maven:3.9-eclipse-temurin-21`, `jenkins/jenkins:lts-jdk17`: the
    /// number after `jdk`, `jre`, `java` or `temurin-` in a tag part.
    static func fromTagMarker(_ reference: ImageReference) -> JDKVersion? {
        // Most tags name no JDK (`1.27`, `v2.3.1`): skip them before any allocation.
        guard let raw = reference.tag, raw.utf8.contains(where: { $0 == UInt8(ascii: "j") || $0 == UInt8(ascii: "J") || $0 == UInt8(ascii: "-") }) else { return nil }
        let tag = raw.lowercased()
        for part in tag.split(whereSeparator: { $0 == "-" || $0 == "_" }) {
            for marker in ["openjdk", "jdk", "jre", "java"] where part.hasPrefix(marker) {
                let digits = part.dropFirst(marker.count).prefix { $0.isASCII && $0.isNumber }
                if let major = Int(digits), [8, 11, 17, 21, 25].contains(major) || (9...30).contains(major) {
                    return JDKVersion(major: major, update: nil, openJ9: tag.containsLiteral("openj9"), image: reference.raw)
                }
            }
        }
        // `eclipse-temurin-21`, `amazoncorretto-17`: a JDK vendor followed by its major version.
        let parts = tag.split(separator: "-")
        for (i, part) in parts.enumerated() where ["temurin", "corretto", "zulu", "liberica", "semeru", "sapmachine"].contains(String(part)) {
            if i + 1 < parts.count, let major = Int(parts[i + 1]), (8...30).contains(major) {
                return JDKVersion(major: major, update: nil, openJ9: part == "semeru", image: reference.raw)
            }
        }
        return nil
    }

    static func from(_ reference: ImageReference) -> JDKVersion? {
        let repository = reference.normalizedRepository.lowercased()
        let tag = (reference.tag ?? "").lowercased()
        let openJ9 = repository.containsLiteral("semeru") || repository.containsLiteral("openj9") || tag.containsLiteral("openj9")
        // distroless/java17, ubi8/openjdk-17
        if let digits = trailingNumber(in: repository), [8, 11, 17, 21, 25].contains(digits) {
            return JDKVersion(major: digits, update: parse(tag)?.update, openJ9: openJ9, image: reference.raw)
        }
        guard var parsed = parse(tag) else { return nil }
        parsed.openJ9 = openJ9
        parsed.image = reference.raw
        return parsed
    }

    private static let versionMarkers = ["openjdk-", "java", "jdk", "jre"].map { Array($0.utf8) }

    /// The number after `java`, `openjdk-`, `jdk` or `jre` in the last path segment
    /// (`distroless/java17-debian12`, `ubi8/openjdk-11`, `sapmachine/jdk21`).
    private static func trailingNumber(in repository: String) -> Int? {
        var last = Array(repository.utf8)
        while last.count > 1, last.last == UInt8(ascii: "/") { last.removeLast() }
        if let slash = last.lastIndex(of: UInt8(ascii: "/")) { last.removeSubrange(...slash) }
        for marker in versionMarkers where last.count > marker.count {
            var from = 0
            while let found = marker.withUnsafeBufferPointer({ marker in
                last.withUnsafeBufferPointer { ByteSearch.firstOffset(of: marker, in: UnsafeBufferPointer(rebasing: $0[from...])) }
            }) {
                let digitsStart = from + found + marker.count
                let digits = last[digitsStart...].prefix { $0 >= 0x30 && $0 <= 0x39 }
                if !digits.isEmpty, let number = Int(String(decoding: digits, as: UTF8.self)) { return number }
                from += found + 1
            }
        }
        return nil
    }

    /// The first version-looking part of a tag: `8u181`, `1.8.0_292`, `11.0.14`, `17`.
    private static func parse(_ tag: String) -> JDKVersion? {
        let chars = Array(tag)
        var i = 0
        while i < chars.count {
            guard chars[i].isNumber, i == 0 || !chars[i - 1].isNumber else { i += 1; continue }
            var j = i
            while j < chars.count, chars[j].isNumber { j += 1 }
            guard var major = Int(String(chars[i..<j])) else { return nil }
            var update: Int?
            func number(at start: Int) -> (Int, Int)? {
                var end = start
                while end < chars.count, chars[end].isNumber { end += 1 }
                return end > start ? (Int(String(chars[start..<end]))!, end) : nil
            }
            if major == 1, j + 1 < chars.count, chars[j] == ".", let (minor, next) = number(at: j + 1), minor == 8 {
                major = 8
                j = next
                if j + 2 < chars.count, chars[j] == ".", let (_, afterZero) = number(at: j + 1), afterZero < chars.count, chars[afterZero] == "_" {
                    update = number(at: afterZero + 1)?.0
                }
            } else if j < chars.count, chars[j] == "u", let (value, _) = number(at: j + 1) {
                update = value
            } else if j < chars.count, chars[j] == ".", let (_, next) = number(at: j + 1), next < chars.count, chars[next] == ".", let (patch, _) = number(at: next + 1) {
                update = patch
            }
            guard (5...40).contains(major) else { i = j; continue }
            return JDKVersion(major: major, update: update, openJ9: false, image: "")
        }
        return nil
    }
}
