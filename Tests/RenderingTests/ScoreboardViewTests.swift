import Foundation
import Testing
@testable import Sparring
@testable import sparring

@Suite struct ScoreboardViewTests {
    let view = ScoreboardView(style: plain, catalog: catalog, language: .en, columns: 80)

    @Test func aBoardBeforeAnyReplyShowsADashAndNoWinner() {
        let board = view.render([DuelResult(player: "anna"), DuelResult(player: "boris")], final: true)
        #expect(board.contains("—") && !board.contains("100"), "\(board)")
        #expect(board.contains("A tie for first place."))
    }

    @Test func manyPlayersBecomeOneRankedLineEachWithinTheWidth() {
        let results = (0..<200).map {
            DuelResult(
                player: "player-with-a-long-name-\($0)", score: $0 % 100, turns: 2,
                connected: $0 != 7)
        }
        let board = view.render(results, final: false)
        let lines = board.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 203, "\(lines.count)")
        #expect(lines.allSatisfy { Columns.of(String($0)) <= 80 })
        #expect(lines[3].hasPrefix("1.") && lines[3].contains(" 99 "), "highest score first: \(lines[3])")
        #expect(board.contains("(dropped)"))
    }

    @Test func namesFromTheNetworkArePrintedEscaped() {
        let board = view.render([DuelResult(player: "an\u{200B}na\u{1B}[2J", score: 90, turns: 1)], final: false)
        #expect(!board.contains("\u{1B}") && !board.contains("\u{200B}") && board.contains("\\u{200B}"), "\(board)")
    }

    @Test func passedRanksFirstAndIsMarked() {
        let board = view.render(
            [
                DuelResult(player: "clean", score: 85, turns: 2, outcome: "resolved", passed: true),
                DuelResult(
                    player: "deadly", score: 90, turns: 1, outcome: "resolved", passed: false,
                    findings: ["look-it-up": 1]),
            ], final: true)
        #expect(board.contains("Winner: clean!"), "\(board)")
        #expect(board.contains("resolved ✓"))
    }

    @Test func aPlayerOpensOnlyLibraryCasesById() {
        #expect(JoinDuelCommand.isCaseId("clinic-confirmation-call"))
        for bad in ["../../etc/passwd", "/etc/passwd", "case.yaml", "", "-rf", "Case", "a b"] {
            #expect(!JoinDuelCommand.isCaseId(bad), "\(bad)")
        }
    }
}
