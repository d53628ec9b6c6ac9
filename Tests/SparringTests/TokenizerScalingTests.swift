import Foundation
import Testing
@testable import Sparring

/// A run without spaces is scanned once: the domain test from every token in it answers from tables,
/// and must answer exactly as the string test it replaces.
@Suite struct TokenizerScalingTests {
    @Test func theDomainTablesAnswerAsTheStringTestDoes() {
        let pieces = ["a", "b", "z", "Q", "0", "7", "-", ".", ".", "..", "/", "(", ")", "«", "»", "\"", "'", ",", ":",
                      "!", "?",
                      "ж", "\u{301}", "é", "com", "ru", "shop", "www", "@", "_", "/\u{301}", "/ж"]
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var compared = 0
        for _ in 0..<400 {
            var text = ""
            while text.unicodeScalars.count <= DomainLength.minimum { text += pieces[next(pieces.count)] }
            let scalars = Array(text.unicodeScalars)
            let chunk = Tokenizer.Chunk(scalars, from: 0)
            #expect(chunk.end == scalars.count)
            guard chunk.lastInnerDot >= 0 else { continue }
            for start in 0..<scalars.count {
                let expected = Tokenizer.looksLikeDomain(String(String.UnicodeScalarView(scalars[start...])))
                #expect(chunk.looksLikeDomain(from: start, in: scalars) == expected, "\(text) from \(start)")
                compared += 1
            }
        }
        #expect(compared > 10_000)
        // and the obvious ones
        let domain = Array((String(repeating: "x", count: 70) + "shop.example/cancel).").unicodeScalars)
        #expect(Tokenizer.Chunk(domain, from: 0).looksLikeDomain(from: 0, in: domain))
    }

    @Test func aLongRunWithoutSpacesIsTokenizedAndGraded() {
        let run = "Could you g" + String(repeating: "ту.", count: 6000)
        let tokens = Tokenizer.tokens(run)
        #expect(tokens.filter { $0.kind == .word }.count == 6002, "Could, you, gту and 5,999 more ту")
        let graded = Shared.grader.grade(run, language: .ru)
        #expect(graded.report.reply.sentences.count > 1)
    }
}

enum DomainLength { static let minimum = Tokenizer.DomainIndex.minimumLength }
