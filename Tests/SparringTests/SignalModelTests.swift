import Foundation
import Testing
@testable import Sparring

/// The learned model beside the lexicons: what it adds, what it never does, and its file.
@Suite struct SignalModelTests {
    /// English replies where handing the issue to "the night desk" who "rings back" is escalation:
    /// a phrasing the shipped lexicons do not know, so only a model can learn it.
    static let labelled: [(String, Bool)] = {
        let owners = ["Priya", "Tom", "Kemal", "Ada", "Joss", "Mara", "Ines", "Luka", "Odile", "Ravi"]
        let times = ["by noon", "before six", "within the hour", "this evening", "first thing tomorrow"]
        var replies: [(String, Bool)] = []
        for (index, owner) in owners.enumerated() {
            for (offset, time) in times.enumerated() where (index + offset) % 2 == 0 {
                replies.append(("Your case sits with the night desk now; \(owner) there rings back \(time).", true))
                replies.append(("The parcel left the depot \(time) and \(owner) signed the sheet.", false))
            }
        }
        return replies
    }()

    static func trainedPack() throws -> LanguagePack {
        let pack = Shared.grader.analyzer.pack(.en)
        let examples = labelled.map { pack.trainingExample($0.0, labels: ["escalation": $0.1]) }
        let (model, outcomes) = SignalModelTrainer.train(examples)
        #expect(outcomes.map(\.signal) == ["escalation"])
        var files = try lexiconFiles(.en)
        files["signal-model"] = model.text(header: "test model")
        return try LanguagePack(language: .en, files: files, speller: nil)
    }

    static func lexiconFiles(_ language: Language) throws -> [String: String] {
        let folder = Analyzer.bundledLexicons.appendingPathComponent(language.rawValue)
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".txt") && name != "signal-model.txt" && name != "confusions.txt" {
            files[String(name.dropLast(4))] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    @Test func learnsAPhrasingTheLexiconsMissAndQuotesItsSentence() throws {
        let pack = try Self.trainedPack()
        let reply = "Thanks for waiting. Your case sits with the night desk now; Wendy there rings back soon."
        #expect(pack.signals(for: reply, usingModel: false).signals.escalation == false)
        let report = pack.signals(for: reply)
        #expect(report.signals.escalation)
        #expect(report.evidence["escalation"]?.quote == "Your case sits with the night desk now; Wendy there rings back soon")
        #expect(report.evidence["escalation"]?.note?.hasPrefix("signal model, p = ") == true)
        #expect(pack.signals(for: "The parcel left the depot at noon and Wendy signed the sheet.").signals.escalation == false)
    }

    @Test func theModelOnlyAddsAndKeepsTheLexiconsEvidence() throws {
        let pack = try Self.trainedPack()
        let reply = "I've passed this to our claims lead, she will call you by 4pm."
        let lexicons = pack.signals(for: reply, usingModel: false)
        let combined = pack.signals(for: reply)
        #expect(lexicons.signals.escalation)
        #expect(combined.evidence["escalation"] == lexicons.evidence["escalation"])
        for signal in SignalModel.signals where lexicons.signals[flag: signal] == true {
            #expect(combined.signals[flag: signal] == true)
        }
    }

    @Test func theFileRoundTripsAndIsDeterministic() throws {
        let pack = Shared.grader.analyzer.pack(.en)
        let examples = Self.labelled.map { pack.trainingExample($0.0, labels: ["escalation": $0.1]) }
        let first = SignalModelTrainer.train(examples).0.text(header: "h")
        let second = SignalModelTrainer.train(examples).0.text(header: "h")
        #expect(first == second)
        let reread = try SignalModel(text: first)
        #expect(reread.text(header: "h") == first)
        #expect(reread.heads.first?.threshold ?? 2 <= 1, "a signal this plain is learned well enough to switch on")
    }

    @Test(arguments: [
        ("bias\t1\n", "1: the 'signals' line must come first"),
        ("signals\tescalation\tsmugness\n", "1: unknown signal 'smugness'; a model can add apology, empathy, deflection, clarifying, escalation, channel_push, canned"),
        ("signals\tescalation\nbias\t-1\nthreshold\t0.5\nw:desk\t1\t2\n", "4: 'w:desk' needs one number, one per signal of the 'signals' line, separated by tabs"),
        ("signals\tescalation\nbias\t-1\nthreshold\t0.5\nx:desk\t1\n", "4: unknown feature 'x:desk'; features are w:STEM, not:STEM, b:STEM STEM and question"),
        ("signals\tescalation\nw:desk\t1\n", "1: the 'bias' and 'threshold' lines are missing; retrain with 'sparring train'"),
    ])
    func brokenFilesNameTheLine(text: String, expected: String) {
        do {
            _ = try SignalModel(text: text)
            Issue.record("accepted a broken model file")
        } catch {
            #expect("\(error.line): \(error.message)" == expected)
        }
    }

    @Test func aBrokenShippedModelIsALoadErrorNamingTheFile() throws {
        var files = try Self.lexiconFiles(.ru)
        files["signal-model"] = "signals\tescalation\nbias\tlots\n"
        #expect(throws: LanguagePack.LoadError.self) { try LanguagePack(language: .ru, files: files, speller: nil) }
        do {
            _ = try LanguagePack(language: .ru, files: files, speller: nil)
        } catch {
            #expect(error.description == "Lexicons/ru/signal-model.txt:2: error: 'bias' needs one number, one per signal of the 'signals' line, separated by tabs.")
        }
        // the quick check before the REPL's prompt finds it too, without building the model
        do {
            try LanguagePack.checkSyntax(language: .ru, files: files)
            Issue.record("the quick check accepted a broken model")
        } catch {
            #expect(error.description == "Lexicons/ru/signal-model.txt:2: error: 'bias' needs one number, one per signal of the 'signals' line, separated by tabs.")
        }
    }
}
