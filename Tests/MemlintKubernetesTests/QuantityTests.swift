import MemlintKubernetes
import Testing

/// Every example of RUNTIME-FACTS §6.1, plus the edges of apimachinery's parser.
@Suite struct QuantityTests {
    func bytes(_ text: String) -> Int64? {
        guard case .success(let q) = Quantity.parse(text) else { return nil }
        return q.roundedUp
    }

    func error(_ text: String) -> Quantity.ParseError? {
        guard case .failure(let e) = Quantity.parse(text) else { return nil }
        return e
    }

    @Test(arguments: [
        ("512Mi", Int64(536_870_912)),
        ("1.5Gi", 1_610_612_736), (".5Gi", 536_870_912), ("1.Gi", 1_073_741_824), ("+1Gi", 1_073_741_824),
        ("1e9", 1_000_000_000), ("1E9", 1_000_000_000), ("1e+9", 1_000_000_000),
        ("1E", 1_000_000_000_000_000_000), ("1E3", 1000),
        ("1k", 1000), ("1Ki", 1024), ("1M", 1_000_000), ("128974848", 128_974_848), ("129e6", 129_000_000),
        ("123Mi", 128_974_848), ("0", 0), ("0.0", 0), (" 512Mi ", 536_870_912),
        ("100m", 1), ("256m", 1), ("1.5", 2),
        // An empty numerator is "0" in parseQuantityString, so a bare suffix is a valid zero.
        ("Gi", 0), ("-", 0),
    ])
    func validQuantitiesHaveTheirByteValue(text: String, expected: Int64) {
        #expect(bytes(text) == expected)
    }

    // RUNTIME-FACTS §6.1 lists `1gi` here too, but lowercase `g` is not in apimachinery's suffix
    // character set (`eEinumkKMGTP`), so the source gives ErrFormatWrong for it (tested below).
    @Test(arguments: ["512mi", "1K", "1ki", "1e"])
    func wrongCaseOrLoneExponentIsASuffixError(text: String) {
        guard case .suffix = error(text) else {
            Issue.record("\(text) should be ErrSuffix, got \(String(describing: error(text)))")
            return
        }
    }

    @Test(arguments: ["512MB", "1GB", "1KiB", "1Mb", "1b", "1 Gi", "1_000", "", "1gi", "1Gi1Gi", "1.2.3"])
    func bytesSpacesAndGarbageAreFormatErrors(text: String) {
        #expect(error(text) == .formatWrong)
    }

    @Test func millisOfMemoryAreFractionalBytes() throws {
        let q = try Quantity.parse("100m").get()
        #expect(q.isFractional)
        #expect(q.roundedUp == 1)
        #expect(try !Quantity.parse("0.5Mi").get().isFractional)
        #expect(try Quantity.parse("0.5Ki").get().roundedUp == 512)
        #expect(try Quantity.parse("1.0001").get().isFractional)
    }

    @Test func negativeQuantitiesParseButAreFlagged() throws {
        let q = try Quantity.parse("-1Gi").get()
        #expect(q.isNegative)
        #expect(try !Quantity.parse("-0").get().isNegative)
    }

    @Test func hugeBinaryValuesSaturate() throws {
        #expect(try Quantity.parse("8Ei").get().roundedUp == Int64.max)
        #expect(try Quantity.parse("7Ei").get().roundedUp == 7 << 60)
        #expect(try Quantity.parse("1e100").get().roundedUp == Int64.max)
    }

    @Test func tinyValuesRoundUpToOneByte() throws {
        let q = try Quantity.parse("0.000000000000000000000000000000000000000001").get()
        #expect(q.roundedUp == 1)
        #expect(q.isFractional)
    }

    @Test(arguments: [
        ("512MB", ["512Mi", "512M"]), ("512mi", ["512Mi"]), ("1K", ["1k", "1Ki"]),
        ("1GiB", ["1Gi"]), ("1 Gi", ["1Gi"]), ("1gb", ["1G", "1Gi"]),
    ])
    func invalidQuantitiesGetSuggestions(text: String, expected: [String]) {
        #expect(Quantity.suggestions(for: text) == expected)
    }

    @Test func byteFormatPrefersBinaryUnits() {
        #expect(ByteFormat.format(536_870_912) == "512Mi")
        #expect(ByteFormat.format(1_610_612_736) == "1.5Gi")
        #expect(ByteFormat.format(1000) == "1000 bytes")
        #expect(ByteFormat.mib(130_862_284) == "124.8Mi")
    }
}
