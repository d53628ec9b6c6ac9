import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 15's reproducers through the built binary: paths that are not case files, batch input that
/// is not what it should be. Each ends in seconds with a message that names the thing and the fix.
@Suite struct HostilePathTests {
    /// A folder holding a FIFO, a link to /dev/zero, a link loop, a dangling link, a folder named
    /// like a case file and a link to a sparse 1 GB file.
    static func hostileFolder() throws -> String {
        let folder = Binary.home()
        #expect(mkfifo(folder + "/fifo.yaml", 0o644) == 0)
        let links = [("zero.yaml", "/dev/zero"), ("loop.yaml", "loop.yaml"), ("dangling.yaml", "nowhere.yaml"),
                     ("big.yaml", "big.bin")]
        for (name, target) in links {
            try FileManager.default.createSymbolicLink(atPath: folder + "/" + name, withDestinationPath: target)
        }
        try FileManager.default.createDirectory(atPath: folder + "/folder.yaml", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: folder + "/big.bin", contents: nil))
        #expect(truncate(folder + "/big.bin", 1 << 30) == 0)
        return folder
    }

    @Test(arguments: [
        ("fifo.yaml", "fifo.yaml:1:1: error: '{dir}/fifo.yaml' is a named pipe (FIFO), not a file; "
            + "a case file is a regular .yaml file"),
        ("zero.yaml", "zero.yaml:1:1: error: '{dir}/zero.yaml' is a device, not a file; "
            + "a case file is a regular .yaml file"),
        ("loop.yaml", "loop.yaml:1:1: error: '{dir}/loop.yaml' is a symbolic link that loops "
            + "(it leads back to itself); point it at a case file"),
        ("dangling.yaml", "dangling.yaml:1:1: error: '{dir}/dangling.yaml' is a symbolic link to 'nowhere.yaml', "
            + "which does not exist; fix the link or remove it"),
        ("folder.yaml", "folder.yaml:1:1: error: '{dir}/folder.yaml' is a folder with no case files "
            + "(.yaml or .yml) in it; name a case file or a folder of them"),
        ("big.yaml", "big.yaml:1:1: error: the file is 1073.7 MB; a case file must be under 1 MB, "
            + "so split it or remove what is not the case"),
    ])
    func aPathThatIsNoCaseFileIsNamedForWhatItIs(_ name: String, _ expected: String) throws {
        let folder = try Self.hostileFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (status, output) = try Binary.run(["cases", "check", folder + "/" + name])
        #expect(status == 1)
        #expect(output.contains(folder + "/" + expected.replacingOccurrences(of: "{dir}", with: folder)), "\(output)")
        #expect(output.contains("1 error"))
    }

    @Test func aWalkedFolderNamesEveryOddEntryAndSkipsTheFolder() throws {
        let folder = try Self.hostileFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (status, output) = try Binary.run(["cases", "check", folder])
        #expect(status == 1)
        #expect(output.contains("checked 5 case files: 5 errors"), "\(output)")
        #expect(!output.contains("folder.yaml"), "a folder inside a walked folder is walked, not read")
    }

    @Test func playingAFIFOOrAHugeLinkSaysWhatItIs() throws {
        let folder = try Self.hostileFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (fifoStatus, fifo) = try Binary.run(["play", folder + "/fifo.yaml", "--new-profile", "anna"])
        #expect(fifoStatus == 1)
        #expect(fifo.contains("is a named pipe (FIFO)"), "\(fifo)")
        let (bigStatus, big) = try Binary.run(["play", folder + "/big.yaml", "--new-profile", "anna"])
        #expect(bigStatus == 1)
        #expect(big.contains("the file is 1073.7 MB"), "\(big)")
    }
}

@Suite struct HostileBatchTests {
    func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString).jsonl")
            .path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func objects(_ output: String) -> [[String: Any]] {
        output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    @Test func aCRLFFileIsGradedLineByLineWithExactLineNumbers() throws {
        let path = try file([#"{"id": "a", "lang": "en", "text": "Hello! Sorry for the delay."}"#,
                             #"{"id": "b", "text": ""}"#, "", #"{"id": "d", "lang": "ru", "text": "Здравствуйте!"}"#,
                             "not json"].joined(separator: "\r\n"))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try Binary.run(["grade", "--batch", path])
        let lines = objects(output)
        #expect(lines.count == 4, "\(output)")
        #expect(lines.map { $0["id"] as? String } == ["a", "b", "d", nil])
        #expect(lines[1]["error"] as? String == "line 2: 'text' is empty; give the reply to grade")
        #expect((lines[2]["signals"] as? [String: Any])?["greeting"] as? Bool == true)
        #expect(lines[3]["line"] as? Int == 5)
        #expect(status == 1, "a line failed")
    }

    @Test func everyFieldTypeIsCheckedAndExitIsOneWhenAnyLineFails() throws {
        let path = try file([#"{"text": "Hi", "turn": "x"}"#, #"{"text": "Hi", "turn": 0}"#,
                             #"{"text": "Hi", "turn": -5}"#,
                             #"{"text": "Hi", "case": 42}"#, #"{"text": "Hi", "lang": 1}"#].joined(separator: "\n"))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try Binary.run(["grade", "--batch", path])
        #expect(objects(output).compactMap { $0["error"] as? String } == [
            "line 1: 'turn' must be a positive whole number (1 for the first reply); found the string \"x\"",
            "line 2: 'turn' must be a positive whole number (1 for the first reply); found 0",
            "line 3: 'turn' must be a positive whole number (1 for the first reply); found -5",
            "line 4: 'case' must be a string, the id of a case; found 42",
            "line 5: 'lang' must be a string, ru or en; found 1",
        ])
        #expect(status == 1)
        let good = try file(#"{"text": "Hello! How can I help?", "turn": 2, "case": "clinic-confirmation-call"}"#
            + "\n")
        defer { try? FileManager.default.removeItem(atPath: good) }
        let (goodStatus, goodOutput) = try Binary.run(["grade", "--batch", good])
        #expect(goodStatus == 0, "findings alone do not fail a batch: \(goodOutput)")
    }

    @Test func aTenMegabyteLineIsGradedWithANoteBetweenTheLinesAroundIt() throws {
        let huge = String(repeating: "Hello there, we are checking your order now. ", count: 10_000_000 / 45)
        let path = try file([#"{"id": "before", "text": "Hello! Sorry for the delay."}"#,
                             #"{"id": "huge", "lang": "en", "text": "\#(huge)"}"#,
                             #"{"id": "after", "text": "Здравствуйте!"}"#].joined(separator: "\n"))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try Binary.run(["grade", "--batch", path])
        let lines = objects(output)
        #expect(lines.map { $0["id"] as? String } == ["before", "huge", "after"])
        let note = (lines[1]["notes"] as? [String])?.first ?? ""
        #expect(note.hasPrefix("The reply is 9,999,990 characters long; only its first 20,000"))
        #expect(status == 0)
    }

    @Test func aLineWithNoEndIsReportedAndWhatFollowsIsGraded() throws {
        let endless = String(repeating: "x", count: 17 << 20)
        let path = try file(#"{"id": "a", "text": "Hi"}"# + "\n" + endless + "\n" + #"{"id": "c", "text": "Hi"}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try Binary.run(["grade", "--batch", path])
        let lines = objects(output)
        #expect(lines.map { $0["id"] as? String } == ["a", nil, "c"])
        #expect(lines[1]["error"] as? String
            == "line 2 is 17.8 MB long; a batch line must be under 16 MiB, so split the reply")
        #expect(status == 1)
    }

    @Test func eachResultIsWrittenAsSoonAsItsLineIsGraded() throws {
        let child = try Binary.start(["grade", "--batch", "-", "--jobs", "2"], home: Binary.home())
        child.write(#"{"id": "first", "text": "Hello!"}"# + "\n")
        // standard input is still open: the result must come out before the input ends
        #expect(child.read(until: { $0.contains(#""id":"first""#) }, seconds: 30), "\(child.printed)")
        child.write(#"{"id": "second", "text": "Hi"}"# + "\n")
        #expect(child.read(until: { $0.contains(#""id":"second""#) }, seconds: 30))
        child.closeInput()
        child.read()
        #expect(try child.wait() == 0)
    }

    @Test func parallelGradingGivesTheOneCoreOutputInInputOrder() throws {
        let corpus = Binary.root.appendingPathComponent("Tests/Corpus/blind5-replies.jsonl").path
        let (oneStatus, one) = try Binary.run(["grade", "--batch", corpus, "--jobs", "1"])
        let (twoStatus, two) = try Binary.run(["grade", "--batch", corpus, "--jobs", "3"])
        #expect(oneStatus == 0 && twoStatus == 0)
        #expect(one.split(separator: "\n").count == 160)
        #expect(one == two)
    }

    @Test func aMegabytePasteInPlayIsGradedWithANote() throws {
        let paste = String(repeating: "Hello Emily, your booking is confirmed. ", count: 25_000)
        let arguments = ["play", "clinic-confirmation-call", "--new-profile", "anna", "--seed", "1", "--lang", "en"]
        let (_, output) = try Binary.run(arguments,
                                         input: paste + "\n/quit\n")
        #expect(output.contains("The reply is 999,999 characters long; only its first 20,000 were graded."),
                "\(output.suffix(2000))")
        #expect(output.contains("Saved."))
    }
}

@Suite struct HostileStoreTests {
    @Test func aSecondPlayOnTheSameProfileStartsItsOwnAttempt() throws {
        let home = Binary.home()
        let arguments = ["play", "clinic-confirmation-call", "--profile", "anna", "--seed", "1", "--lang", "en"]
        let first = try Binary.start(arguments.map { $0 == "--profile" ? "--new-profile" : $0 }, home: home)
        first.write("Hello Emily, let me check your booking.\n")
        // the customer answered the first reply: the opening and the reaction are out
        #expect(first.read(until: { $0.components(separatedBy: "\nEmily: ").count >= 3 }), "\(first.printed)")
        // the first player is still in the case: the second must not be offered its live attempt
        let (_, second) = try Binary.run(arguments, input: "Hi Emily, one moment please.\n/quit\n", home: home)
        let notice = "Another terminal is playing this case on the same profile right now (process \(first.pid))"
        #expect(second.contains(notice), "\(second)")
        #expect(!second.contains("unfinished attempt"))
        first.write("Your booking is confirmed.\n/quit\n")
        first.closeInput()
        first.read()
        #expect(try first.wait() == 0)
        let (_, exported) = try Binary.run(["export"], home: home)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(exported.utf8)) as? [String: Any])
        let attempts = (document["profiles"] as? [[String: Any]] ?? []).flatMap { $0["attempts"] as? [[String: Any]] ?? [] }
        let rows = attempts.flatMap { attempt in
            (attempt["turns"] as? [[String: Any]] ?? []).map { ["input": $0["input"] as? String, "attempt": attempt["id"] as? String] }
        }
        func attempt(_ input: String) -> String? { rows.first { $0["input"] == input }?["attempt"] ?? nil }
        #expect(attempt("Hello Emily, let me check your booking.") != nil)
        #expect(attempt("Hello Emily, let me check your booking.") == attempt("Your booking is confirmed."), "\(rows)")
        #expect(attempt("Hi Emily, one moment please.") != attempt("Your booking is confirmed."))
        // both left: the next start offers the newest of them again
        let (_, third) = try Binary.run(arguments, input: "/quit\n", home: home)
        #expect(third.contains("unfinished attempt"), "\(third)")
    }

    @Test func aCorruptDatabaseIsNamedWithWhatToDo() throws {
        let home = Binary.home()
        let garbage = Data(repeating: 0x5A, count: 8192)
        try garbage.write(to: URL(fileURLWithPath: home + "/sparring.sqlite"))
        let (status, output) = try Binary.run(["progress", "--profile", "anna"], home: home)
        #expect(status == 1)
        let message = "error: the progress database \(home)/sparring.sqlite is corrupt "
            + "(it does not start as an SQLite database does); it was left as it is."
        #expect(output.contains(message), "\(output)")
        #expect(output.contains("pass --data-dir DIR"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: home + "/sparring.sqlite")) == garbage)
    }
}
