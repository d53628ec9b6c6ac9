import Foundation
import Testing
@testable import Sparring

/// Issue 15's case-file reproducers: alias bombs, and scalars of the wrong type, each refused with
/// path:line:col and a fix, in bounded time.
@Suite struct HostileCaseFileTests {
    let loader = CaseLoader(analyzer: Shared.grader.analyzer)
    var valid: String { try! String(contentsOf: Shared.fixture("valid.yaml"), encoding: .utf8) }

    func errors(_ text: String, path: String = "valid.yaml") -> [String] {
        loader.load(text: text, path: path).1.filter { $0.severity == .error }.map(\.description)
    }

    /// Nine levels of nine aliases each: 9^8 nodes once expanded, from a few hundred bytes.
    static func bomb(levels: Int = 8) -> String {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for level in 1...levels {
            let previous = "*a\(level - 1)"
            lines.append("a\(level): &a\(level) [" + Array(repeating: previous, count: 9).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let expansion = "bomb.yaml:5:10: error: aliases expand to more than 10000 nodes by '*a3'; "
        + "write the values out instead of nesting aliases"
    static let quote = ", so put it in quotes if it is meant as text"

    @Test func theIssuesBombIsRefusedAtTheAliasThatExpandsTooFar() {
        // 424 bytes that took 6 s before (478 bytes, 50 s; each level more, 9 times as long)
        let text = Self.bomb() + "? *a8\n: boom\n"
        #expect(text.utf8.count < 500)
        #expect(errors(text, path: "bomb.yaml") == [Self.expansion])
        #expect(errors(Self.bomb(levels: 20) + "? *a20\n: boom\n", path: "bomb.yaml").count == 1)
    }

    @Test func anAliasUsedAsAKeyIsRefusedWhereItStands() {
        let text = Self.bomb(levels: 2) + "? *a2\n: boom\n"
        #expect(errors(text, path: "bomb.yaml") == [
            "bomb.yaml:4:3: error: the alias '*a2' is used as a key; write the key out, aliases may only be values",
        ])
    }

    @Test func anAliasInsideAFlowKeyIsRefusedToo() {
        let text = valid.replacingOccurrences(of: "reactions:\n  look-it-up: You have my phone already.\n",
                                              with: "top: &top [a, b]\nreactions: {*top: x}\n")
        #expect(errors(text) == [
            "valid.yaml:25:13: error: the alias '*top' is used as a key; write the key out, aliases may only be values",
        ])
        let nested = Self.bomb(levels: 2) + "? [x, *a2]\n: boom\n"
        #expect(errors(nested, path: "bomb.yaml") == [
            "bomb.yaml:4:7: error: the alias '*a2' is used as a key; write the key out, aliases may only be values",
        ])
    }

    @Test func aliasesThatExpandTooFarAreCountedAndRefused() {
        let text = Self.bomb() + "examples: *a8\n"
        #expect(errors(text, path: "bomb.yaml") == [Self.expansion])
        // the same bomb in a preview (what `play` shows first) is refused, not expanded
        #expect(CasePreview.read(text: text) == nil)
    }

    @Test func aFewAliasesAsValuesStillLoad() {
        let text = valid
            .replacingOccurrences(of: "patterns: [\"confirm*\"] }", with: "patterns: &confirmed [\"confirm*\"] }")
            .replacingOccurrences(of: "answered_by: [\"confirm*\"]", with: "answered_by: *confirmed")
        #expect(text.contains("*confirmed"))
        // the alias is used before its anchor in the file's order: Yams names that, not the guard
        #expect(errors(text).count == 1)
        #expect(errors(text).first?.contains("found undefined alias") == true)
        let ordered = valid
            .replacingOccurrences(of: "answered_by: [\"confirm*\"]", with: "answered_by: &confirmed [\"confirm*\"]")
            .replacingOccurrences(of: "patterns: [\"confirm*\"] }", with: "patterns: *confirmed }")
        #expect(errors(ordered).isEmpty)
    }

    @Test(arguments: [
        ("model_reply: |\n  Hello Ann! I understand how worrying that is. Sorry nobody called: "
            + "your booking is confirmed.\n",
         "model_reply: true\n",
         "valid.yaml:31:14: error: 'model_reply' must be text; found a true/false value 'true'"
            + HostileCaseFileTests.quote),
        ("opening: |\n  Is my booking all right?\n", "opening: 1.5\n",
         "valid.yaml:11:10: error: 'opening' must be text; found a number '1.5'" + HostileCaseFileTests.quote),
        ("kind: screenshot, label: a screenshot of the pop-up }",
         "kind: screenshot, label: a screenshot, asked_by: [null] }",
         "valid.yaml:14:57: error: 'asked_by' is empty; write it"),
        ("title: A valid case", "title: 2024",
         "valid.yaml:4:8: error: 'title' must be text; found a number '2024'" + HostileCaseFileTests.quote),
        ("difficulty: 1", "difficulty: \"1\"",
         "valid.yaml:6:13: error: 'difficulty' must be a whole number from 1 to 3; found the text '1', "
            + "so remove the quotes"),
        ("patience: 3", "patience: 3.5",
         "valid.yaml:9:48: error: 'patience' must be a whole number from 1 to 9; found '3.5'"),
        ("format: 1", "format: \"1\"",
         "valid.yaml:1:9: error: 'format' must be 1, the only case format so far; found '1'"),
        ("expect: { passes: true }", "expect: { passes: \"true\" }",
         "valid.yaml:35:23: error: 'passes' must be true or false; found the text 'true', so remove the quotes"),
        ("channel: chat", "channel: 0x1F",
         "valid.yaml:8:10: error: 'channel' must be one of chat, email, social, phone; found a number '0x1F'"),
        ("text: the booking is confirmed", "text: ~", "valid.yaml:23:28: error: 'text' is empty; write it"),
    ])
    func scalarsOfTheWrongTypeAreRefused(_ original: String, _ replacement: String, _ expected: String) {
        #expect(valid.contains(original))
        #expect(errors(valid.replacingOccurrences(of: original, with: replacement)) == [expected])
    }

    @Test func quotedWordsThatLookLikeOtherTypesAreText() {
        let text = valid.replacingOccurrences(of: "title: A valid case", with: "title: \"true\"")
            .replacingOccurrences(of: "source: \"000 §1\"", with: "source: '1.5'")
        #expect(errors(text).isEmpty)
        // YAML 1.1's yes/no are words under the core schema: `escalate: no` is the choice "no"
        #expect(errors(valid.replacingOccurrences(of: "escalate: \"no\"", with: "escalate: no")).isEmpty)
    }

    @Test func scalarKinds() {
        func kind(_ text: String) -> NodeReader.ScalarKind { NodeReader.kind(plain: text) }
        #expect(kind("12") == .number)
        #expect(kind("-3.5e+2") == .number)
        #expect(kind(".5") == .number)
        #expect(kind("0o17") == .number)
        #expect(kind(".inf") == .number)
        #expect(kind("1.2.3") == .text)
        #expect(kind("e5") == .text)
        #expect(kind("+") == .text)
        #expect(kind("10:30") == .text)
        #expect(kind("False") == .boolean)
        #expect(kind("~") == .null)
        #expect(kind("no") == .text)
    }
}
