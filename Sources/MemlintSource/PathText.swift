/// Path arithmetic on `/`-separated text, as NSString's path methods do it (memlint links no
/// NSString, so no ICU: docs/architecture.md).
public enum PathText {
    /// `a/b/c.yaml` → `c.yaml`, `a/b/` → `b`, `/` → `/`.
    public static func lastComponent(_ path: String) -> String {
        let trimmed = droppingTrailingSlashes(Substring(path))
        if trimmed == "/" { return "/" }
        guard let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// `a/b/c.yaml` → `a/b`, `/a` → `/`, `c.yaml` → ``.
    public static func deletingLastComponent(_ path: String) -> String {
        let trimmed = droppingTrailingSlashes(Substring(path))
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        let head = droppingTrailingSlashes(trimmed[..<slash])
        return head.isEmpty ? "/" : String(head)
    }

    private static func droppingTrailingSlashes(_ text: Substring) -> Substring {
        var text = text
        while text.count > 1 && text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// One path segment percent-encoded for a URI: every byte but letters, digits and
    /// `-._~!$&'()*+,=@` (Foundation's urlPathAllowed without `:` and `/`).
    public static func percentEncodedSegment(_ segment: some StringProtocol) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in segment.utf8 {
            if isPathCharacter(byte) { out.append(byte) } else { out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]] }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isPathCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: "-._~!$&'()*+,=@".utf8.contains(byte)
        }
    }
}
