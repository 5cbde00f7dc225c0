import Foundation
@testable import MemlintCLI
import MemlintTestSupport
import Testing

@Suite struct SummaryTests {
    /// The summary's time is what `String(format: "%.2fs")` printed before it was replaced, except
    /// on a value that lies (within floating-point error) halfway between two hundredths, where
    /// either neighbour is as right.
    @Test func secondsReadAsPrintfWroteThem() {
        var random = SeededRandom(seed: 42)
        var values: [Double] = [0, 0.004, 0.005, 0.015, 0.125, 0.994, 0.995, 0.999, 1, 1.5, 59.999, 1234.5678]
        for _ in 0..<20_000 { values.append(Double(random.next() % 10_000_000) / 100_000) }  // 0–100 s, 5 decimals
        for _ in 0..<5_000 { values.append(Double(random.next() % 1_000_000) / 1_000_000_000 * Double(random.next() % 100)) }
        for value in values {
            let hundredths = value * 100
            if abs(hundredths - hundredths.rounded(.down) - 0.5) < 1e-6 { continue }
            #expect(Summary.seconds(value) == String(format: "%.2fs", value), "\(value)")
        }
    }
}
