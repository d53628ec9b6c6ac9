import Foundation
import Testing
@testable import Sparring

/// Batch grading's parts: lines split as bytes, fields checked by type, results kept in input order;
/// and the grader's caps on what it reads, each with a note in the result.
@Suite struct BatchTests {
    func lines(_ text: String, chunk: Int, maximum: Int = 1 << 20) -> [LineSplitter.Line] {
        var splitter = LineSplitter(maximumLineLength: maximum)
        let bytes = Array(text.utf8)
        var found: [LineSplitter.Line] = []
        var start = 0
        while start < bytes.count {
            found += splitter.push(bytes[start..<min(bytes.count, start + chunk)])
            start += chunk
        }
        if let last = splitter.finish() { found.append(last) }
        return found
    }

    @Test func crlfLinesSplitAtEachBreakWithExactNumbers() {
        let text = "{\"a\": 1}\r\n{\"b\": «ё»}\r\n\r\nlast\r"
        let expected: [LineSplitter.Line] = [
            .line(number: 1, bytes: Array("{\"a\": 1}".utf8)), .line(number: 2, bytes: Array("{\"b\": «ё»}".utf8)),
            .line(number: 3, bytes: []), .line(number: 4, bytes: Array("last".utf8)),
        ]
        // wherever the chunks break the bytes (inside a letter, between \r and \n), the lines are the same
        for chunk in [1, 2, 3, 7, 1000] { #expect(lines(text, chunk: chunk) == expected, "chunk \(chunk)") }
        #expect(lines("one\ntwo\n", chunk: 4)
            == [.line(number: 1, bytes: Array("one".utf8)), .line(number: 2, bytes: Array("two".utf8))])
    }

    @Test func aLineOverTheLimitIsReportedNotKeptAndTheNextLinesGoOn() {
        let text = "short\n" + String(repeating: "x", count: 100) + "\nafter\n" + String(repeating: "y", count: 50)
        for chunk in [1, 9, 64, 1000] {
            #expect(lines(text, chunk: chunk, maximum: 20) == [
                .line(number: 1, bytes: Array("short".utf8)), .tooLong(number: 2, length: 100),
                .line(number: 3, bytes: Array("after".utf8)), .tooLong(number: 4, length: 50),
            ], "chunk \(chunk)")
        }
        // a CRLF line exactly at the limit is within it
        #expect(lines(String(repeating: "z", count: 20) + "\r\n", chunk: 5, maximum: 20)
            == [.line(number: 1, bytes: Array(String(repeating: "z", count: 20).utf8))])
    }

    func parse(_ json: String) -> Result<BatchRequest, BatchLineError> { BatchLine.parse(Array(json.utf8), line: 7) }

    static let turn = "line 7: 'turn' must be a positive whole number (1 for the first reply); found "

    @Test(arguments: [
        (#"{"text": ""}"#, "line 7: 'text' is empty; give the reply to grade"),
        (#"{"text": "  \n "}"#, "line 7: 'text' is empty; give the reply to grade"),
        (#"{"id": "a"}"#, "line 7 has no 'text'; give the reply to grade as a string"),
        (#"{"text": 5}"#, "line 7: 'text' must be a string, the reply to grade; found 5"),
        (#"{"text": null}"#, "line 7: 'text' must be a string, the reply to grade; found null"),
        (#"{"text": "Hi", "turn": "x"}"#, BatchTests.turn + "the string \"x\""),
        (#"{"text": "Hi", "turn": 0}"#, BatchTests.turn + "0"),
        (#"{"text": "Hi", "turn": -5}"#, BatchTests.turn + "-5"),
        (#"{"text": "Hi", "turn": 1.5}"#, BatchTests.turn + "1.5"),
        (#"{"text": "Hi", "turn": true}"#, BatchTests.turn + "true"),
        (#"{"text": "Hi", "case": 42}"#, "line 7: 'case' must be a string, the id of a case; found 42"),
        (#"{"text": "Hi", "case": ["a"]}"#, "line 7: 'case' must be a string, the id of a case; found a list"),
        (#"{"text": "Hi", "lang": 1}"#, "line 7: 'lang' must be a string, ru or en; found 1"),
        (#"{"text": "Hi", "lang": "xx"}"#, "line 7: unknown lang 'xx'; use ru or en"),
        (#"{"text": "Hi", "id": {"a": 1}}"#, "line 7: 'id' must be a string or a number; found an object"),
        (#"[1, 2]"#, "line 7 is not a JSON object; write one object a line, such as {\"text\": \"Hello!\"}"),
        (#"{"text": "Hi""#, "line 7 is not a JSON object; write one object a line, such as {\"text\": \"Hello!\"}"),
    ])
    func everyFieldIsCheckedByTypeWithItsName(_ json: String, _ message: String) {
        guard case .failure(let error) = parse(json) else {
            Issue.record("\(json) was accepted")
            return
        }
        #expect(error.message == message)
    }

    @Test func deepNestingIsRefusedBeforeTheDecoderSeesIt() {
        // 513 unclosed brackets made Foundation's JSONDecoder trap: `make fuzz` found it
        for line in [String(repeating: "[", count: 513), String(repeating: "{\"a\":", count: 513),
                     #"{"text": "Hi", "x": "# + String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
                        + "}"] {
            guard case .failure(let error) = parse(line) else {
                Issue.record("accepted")
                continue
            }
            #expect(error.message == "line 7 nests lists or objects more than 100 deep; write one flat object a line")
        }
        // brackets inside strings are text
        let text = #"{"text": "[[[[ \" {{{{"}"#
            .replacingOccurrences(of: "[[[[", with: String(repeating: "[", count: 600))
        #expect((try? parse(text).get())?.text.hasPrefix("[[[[") == true)
    }

    @Test func aGoodLineKeepsItsFieldsAndTheErrorKeepsItsID() throws {
        let line = #"{"id": 12, "text": "Hi", "lang": "ru", "case": "c", "turn": 3, "greeting": true}"#
        let request = try parse(line).get()
        #expect(request == BatchRequest(id: "12", text: "Hi", language: .ru, caseID: "c", turn: 3))
        let defaults = try parse(#"{"text": "Hi", "lang": null, "turn": 2.0}"#).get()
        #expect(defaults == BatchRequest(id: nil, text: "Hi", language: nil, caseID: nil, turn: 2))
        guard case .failure(let error) = parse(#"{"id": "x1", "text": ""}"#) else {
            Issue.record("accepted")
            return
        }
        #expect(error.id == "x1")
    }

    /// Counts what the pipeline read and emitted, from its reader thread and the emitting one.
    final class Progress: @unchecked Sendable {
        // `@unchecked Sendable`: every property is touched only under `lock`
        private let lock = NSLock()
        private var read = 0
        private var emitted = 0
        private(set) var widest = 0

        func next(total: Int) -> Int? {
            lock.withLock {
                widest = max(widest, read - emitted)
                guard read < total else { return nil }
                read += 1
                return read
            }
        }

        func emit() { lock.withLock { emitted += 1 } }
    }

    @Test func thePipelineKeepsInputOrderAndABoundedWindow() {
        for jobs in [1, 2, 4] {
            let total = 300
            let progress = Progress()
            var emitted: [Int] = []
            OrderedPipeline.run(jobs: jobs, window: jobs * 3, next: { progress.next(total: total) }, work: { number in
                // uneven work, so that later inputs often finish first
                var sum = 0
                for step in 0..<(number * 7919 % 13) * 2000 { sum &+= step }
                return sum >= 0 ? number * 2 : 0
            }, emit: { output in
                emitted.append(output)
                progress.emit()
            })
            #expect(emitted == (1...total).map { $0 * 2 }, "jobs \(jobs)")
            #expect(progress.widest <= max(1, jobs * 3), "jobs \(jobs): \(progress.widest) inputs read ahead")
        }
    }

    @Test func aLongReplyIsGradedUpToTheCapWithANoteAndRightQuotes() {
        let sentence = "Hello Anna, we are checking your order now and will write back today. "
        let reply = String(String(repeating: sentence, count: 1_000_000 / sentence.count + 1).prefix(1_000_000))
        let graded = Shared.grader.grade(reply, language: .en)
        #expect(graded.notes == ["The reply is 1,000,000 characters long; only its first 20,000 were graded. "
            + "Split it into replies of a normal length."])
        #expect(graded.report.reply.text.unicodeScalars.count <= Grader.maximumReplyLength)
        #expect(graded.report.evidence["greeting"]?.quote == "Hello")
        let russian = Shared.grader.grade(String(repeating: "Здравствуйте! Проверяю заказ. ", count: 1000),
                                          language: .ru)
        #expect(russian.notes == ["В ответе 30\u{00A0}000 знаков; оценены только первые 20\u{00A0}000. "
            + "Разбейте его на ответы обычной длины."])
    }

    @Test func quotesComeFromTheirOffsetsAnywhereInTheReply() {
        let reply = String(repeating: "Ёж и «ёлка» 👋🏽. ", count: 500) + "Sorry about that."
        let analyzed = Shared.grader.analyzer.pack(.en).analyze(reply)
        let last = analyzed.sentences.last!.words.last!
        #expect(analyzed.quote(last.start, last.end) == "that")
        #expect(analyzed.quote(0, 2) == "Ёж")
        #expect(analyzed.quote(5, 5).isEmpty)
        #expect(analyzed.quote(0, reply.unicodeScalars.count + 1).isEmpty)
    }

    @Test(arguments: [("en", "Hello, " + String(repeating: "a", count: 4000) + " thanks.", 4000),
                      ("ru", "Здравствуйте, " + String(repeating: "а", count: 4000) + " спасибо.", 4000),
                      ("en", "Hello, " + String(repeating: "ab", count: 5000) + " thanks.", 10000)])
    func aLongWordIsNotSearchedForTyposAndTheResultSaysSo(_ code: String, _ reply: String, _ length: Int) {
        let language = Language(rawValue: code)!
        let graded = Shared.grader.grade(reply, language: language)
        let note = language == .en
            ? "A word of \(length) letters was not checked for typos: only words of up to 40 letters are."
            : "Слово из \(length) букв не проверялось на опечатки: проверяются слова не длиннее 40 букв."
        #expect(graded.notes == [note])
        #expect(graded.report.evidence["greeting"] != nil)
    }

    @Test func aNoteReachesThePlayerAsANotice() {
        let caseFile = Shared.loadCase("clinic-confirmation-call", .en)
        let session = Session(caseFile: caseFile, grader: Shared.grader, seed: 1)
        let events = session.handle("Hello Emily, " + String(repeating: "x", count: 500) + ".")
        let note = "A word of 500 letters was not checked for typos: only words of up to 40 letters are."
        #expect(events.contains(.notice(note)))
        #expect(session.turns.count == 1)
    }
}
