import Foundation
import MemlintSource
import Testing

/// memlint links no corelibs Foundation (so no ICU); the few text helpers that replace its APIs
/// answer as those APIs do, here compared with Foundation itself.
@Suite struct FoundationFreeTextTests {
    // Not "a" or "a/": corelibs Foundation traps on their deletingLastPathComponent (Apple's
    // documents "" for it; checked below), nor "//", where it answers "" for both.
    static let paths = ["", "/", "/a", "/a/", "a/b", "a/b/", "/a/b/c.yaml", "a//b", "a/b//", "./a", "../a/b",
                        "charts/web/templates/deploy.yaml", "kustomize/overlays/prod/kustomization.yaml", "한국/설정.yaml"]

    @Test(arguments: paths)
    func pathComponentsAsNSString(path: String) {
        #expect(PathText.lastComponent(path) == (path as NSString).lastPathComponent)
        #expect(PathText.deletingLastComponent(path) == (path as NSString).deletingLastPathComponent)
    }

    @Test func aBareNameHasNoFolder() {
        #expect(PathText.lastComponent("a") == "a" && PathText.deletingLastComponent("a") == "")
        #expect(PathText.lastComponent("a/") == "a" && PathText.deletingLastComponent("a/") == "")
    }

    @Test func percentEncodingAsFoundation() {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")
        let segments = ["a", "deploy.yaml", "with space", "50%", "a:b", "한국어.yaml", "x#y?z", "[1]", "~!$&'()*+,;=@", "é", "tab\there", "\"q\""]
        for segment in segments {
            #expect(PathText.percentEncodedSegment(segment) == segment.addingPercentEncoding(withAllowedCharacters: allowed), "\(segment)")
        }
    }

    @Test func numbersAsStringFormat() {
        let values: [Double] = [0, 0.5, 1.5, 2.5, 0.125, 0.256, 99.95, 100, 1e-7, 123456.789, -3.25, 1e300, 0.1 + 0.2]
        for value in values {
            for digits in [0, 1, 2, 9] {
                #expect(NumberText.fixed(value, digits: digits) == String(format: "%.\(digits)f", value), "\(value) \(digits)")
            }
            #expect(NumberText.significant(value, digits: 2) == String(format: "%.2g", value), "\(value)")
        }
    }

    @Test func blanksAsFoundationWhitespaces() {
        let texts = ["", " ", "a", " a ", "\ta\t", " a b ", "\u{A0}x\u{2003}", "x\n", "\nx", " \u{3000}한\u{3000} "]
        for text in texts {
            #expect(text.trimmingBlanks() == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        }
    }
}
