import MemlintSource

/// The parse tree in BuildKit's test notation (`(run "echo" "hi")`), for the conformance suite and
/// `memlint debug dockerfile-ast`.
public enum DockerfileDump {
    public static func render(_ file: Dockerfile) -> String {
        file.instructions.map { "(" + render($0) + ")\n" }.joined()
    }

    static func render(_ instruction: Instruction) -> String {
        var parts = [instruction.name]
        if !instruction.flags.isEmpty {
            parts.append("[" + instruction.flags.map { goQuote($0.text) }.joined(separator: " ") + "]")
        }
        if let nested = instruction.nested.first {
            parts.append("(" + render(nested) + ")")
        } else {
            parts += instruction.arguments.map { goQuote($0.text) }
        }
        return parts.joined(separator: " ")
    }

    /// Go's `strconv.Quote`.
    public static func goQuote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFFFF {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }
}
