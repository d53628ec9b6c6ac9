import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SparringStore
import SparringTeam
import Testing

/// The team store against a real PostgreSQL server (`make test` starts a private cluster and passes its
/// address in SPARRING_TEST_PG, and how to stop and start it in SPARRING_TEST_PG_STOP / _START), driven
/// through the built binary as trainees and a trainer would.
enum Cluster {
    static let environment = ProcessInfo.processInfo.environment
    static var admin: String? { environment["SPARRING_TEST_PG"] }
    static var available: Bool { admin != nil }

    /// A fresh database on the cluster for one test; its URL.
    static func database() throws -> String {
        let name = "team_\(UUID().uuidString.prefix(8).lowercased())"
        let (status, output) = try shell("psql '\(admin!)' -v ON_ERROR_STOP=1 -qc 'CREATE DATABASE \(name)'")
        #expect(status == 0, "\(output)")
        // the cluster's address ends in its maintenance database, /postgres
        return String(admin!.dropLast("postgres".count)) + name
    }

    static func psql(_ url: String, _ sql: String) throws -> String {
        let (status, output) = try shell("psql '\(url)' -v ON_ERROR_STOP=1 -Atqc \"\(sql)\"")
        #expect(status == 0, "\(output)")
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func stop() throws { #expect(try shell(environment["SPARRING_TEST_PG_STOP"]!).0 == 0) }
    static func start() throws { #expect(try shell(environment["SPARRING_TEST_PG_START"]!).0 == 0) }

    /// Runs a shell command through system(3), which waits with waitpid: Foundation's
    /// `Process.waitUntilExit` was seen to miss the exit of a command that forks a daemon (pg_ctl start).
    @discardableResult
    static func shell(_ command: String) throws -> (Int32, String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("shell-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let raw = system("(\(command)) > '\(output)' 2>&1 < /dev/null")
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return ((raw >> 8) & 0xff, text)
    }
}

enum Binary {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static var path: String { root.appendingPathComponent(".build/debug/sparring").path }

    static func dataDir() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sparring-team-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    static func process(_ arguments: [String], dataDir: String, team: String?) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.currentDirectoryURL = root
        process.arguments = arguments + ["--data-dir", dataDir]
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.removeValue(forKey: "SPARRING_TEAM_DB")
        if let team { environment["SPARRING_TEAM_DB"] = team }
        process.environment = environment
        return process
    }

    /// Runs to the end with `input` on standard input; the exit status and everything printed.
    @discardableResult
    static func run(_ arguments: [String], dataDir: String, team: String? = nil, input: String = "") throws -> (Int32, String) {
        let process = process(arguments, dataDir: dataDir, team: team)
        let output = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = stdin
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func json(_ arguments: [String], dataDir: String, team: String? = nil) throws -> Any {
        let (status, output) = try run(arguments + ["--json"], dataDir: dataDir, team: team)
        #expect(status == 0, "\(output)")
        return try JSONSerialization.jsonObject(with: Data(output.utf8))
    }
}

let modelReply = "Здравствуйте, Вера! Понимаю, как тревожно сидеть у телефона. Я нашла вашу запись: она подтверждена, "
    + "вас ждут завтра в 10:30. Звонка ждать не нужно: запись к терапевту подтверждается автоматически. "
    + "Простите, что вам так и не позвонили."

@Suite(.serialized, .enabled(if: Cluster.available, "needs SPARRING_TEST_PG: run through make test"))
struct TeamStoreTests {
    @Test func twoMachinesWriteToOneTeamStore() throws {
        let team = try Cluster.database()
        let anna = Binary.dataDir(), boris = Binary.dataDir()
        let play = ["play", "clinic-confirmation-call", "--seed", "1", "--lang", "ru"]
        try Binary.run(play + ["--new-profile", "anna"], dataDir: anna, team: team, input: "Назовите номер телефона\n\(modelReply)\n")
        try Binary.run(play + ["--new-profile", "boris"], dataDir: boris, team: team, input: "\(modelReply)\n")
        // a second Anna on Boris's machine is another person
        try Binary.run(play + ["--new-profile", "anna"], dataDir: boris, team: team, input: "\(modelReply)\n")
        #expect(try Cluster.psql(team, "SELECT count(*) FROM profiles") == "3")
        #expect(try Cluster.psql(team, "SELECT name FROM sparring_migrations") == "v1-team-profiles-attempts-turns")
        for dataDir in [anna, boris] {
            let (_, exported) = try Binary.run(["export"], dataDir: dataDir)
            let local = try #require(try JSONSerialization.jsonObject(with: Data(exported.utf8)) as? [String: Any])
            for trainee in try #require(local["profiles"] as? [[String: Any]]) {
                let id = try #require(trainee["id"] as? String)
                let attempts = try #require(trainee["attempts"] as? [[String: Any]])
                let turns = attempts.flatMap { ($0["turns"] as? [[String: Any]]) ?? [] }.count
                #expect(try Cluster.psql(team, "SELECT count(*) FROM attempts WHERE profile_id = '\(id)'") == "\(attempts.count)")
                #expect(try Cluster.psql(team, """
                    SELECT count(*) FROM turns JOIN attempts ON attempts.id = turns.attempt_id WHERE profile_id = '\(id)'
                    """) == "\(turns)")
            }
        }
        let report = try #require(try Binary.json(["report", "--from", "team"], dataDir: Binary.dataDir(), team: team)
            as? [String: Any])
        let trainees = try #require(report["trainees"] as? [[String: Any]])
        #expect(trainees.compactMap { $0["name"] as? String }.sorted() == ["anna", "anna", "boris"])
        let scores = trainees.map { ($0["name"] as! String, $0["averageBest"] as? Int, $0["passedCases"] as? Int) }
        #expect(scores.filter { $0.0 == "boris" }.map(\.1) == [100])
        #expect(scores.filter { $0.0 == "anna" }.compactMap(\.2).sorted() == [0, 1])
    }

    @Test func aServerStoppedMidCaseLosesNoTurnAndSyncSendsEachOnce() throws {
        let team = try Cluster.database()
        let dataDir = Binary.dataDir()
        let process = Binary.process(["play", "clinic-confirmation-call", "--seed", "1", "--lang", "ru", "--new-profile", "vera"],
                                     dataDir: dataDir, team: team)
        let output = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = stdin
        try process.run()
        func localTurns() throws -> Int {
            let store = try Store(path: dataDir + "/sparring.sqlite")
            return try store.teamRows().turns.count
        }
        func waitFor(_ count: Int) throws {
            let deadline = Date().addingTimeInterval(30)
            while try localTurns() < count && Date() < deadline { usleep(50_000) }
            #expect(try localTurns() == count)
        }
        stdin.fileHandleForWriting.write(Data("Здравствуйте, Вера!\n".utf8))
        try waitFor(1)
        let sentDeadline = Date().addingTimeInterval(15)
        while try Cluster.psql(team, "SELECT count(*) FROM turns") != "1" && Date() < sentDeadline { usleep(100_000) }
        #expect(try Cluster.psql(team, "SELECT count(*) FROM turns") == "1", "the first turn went out while the server was up")
        try Cluster.stop()
        var restarted = false
        defer { if !restarted { try? Cluster.start() } }
        stdin.fileHandleForWriting.write(Data("Назовите номер телефона\n/lookup\n".utf8))
        try waitFor(3)
        stdin.fileHandleForWriting.write(Data("\(modelReply)\n".utf8))
        try stdin.fileHandleForWriting.close()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(printed.contains("Разбор"), "the case went on to its end with the server down: \(printed)")
        // vera trains in Russian: what waits for the team store is said in Russian too
        #expect(printed.contains("ждущих отправки в общее хранилище"), "\(printed)")
        try waitFor(4)
        try Cluster.start()
        restarted = true
        let status = try #require(try Binary.json(["team", "--profile", "vera"], dataDir: dataDir, team: team) as? [String: Any])
        #expect((status["waiting"] as? Int ?? 0) > 0)
        let (code, synced) = try Binary.run(["sync"], dataDir: dataDir, team: team)
        #expect(code == 0, "\(synced)")
        #expect(synced.contains("3 новых хода"), "\(synced)")
        #expect(try Cluster.psql(team, "SELECT count(*) FROM turns") == "4")
        #expect(try Cluster.psql(team, "SELECT count(DISTINCT id) FROM turns") == "4")
        #expect(try Cluster.psql(team, "SELECT outcome || ' ' || score FROM attempts") == "resolved 70")
        // a second sync has nothing to send and doubles nothing
        let again = try Binary.run(["sync"], dataDir: dataDir, team: team).1
        #expect(again.contains("0 новых ходов; ещё ждут 0 изменений"), "\(again)")
        #expect(try Cluster.psql(team, "SELECT count(*) FROM turns") == "4")
    }

    @Test func theSameExportImportedTwiceAddsNothing() throws {
        let team = try Cluster.database()
        let laptop = Binary.dataDir()
        try Binary.run(["play", "clinic-confirmation-call", "--seed", "1", "--lang", "ru", "--new-profile", "gleb"], dataDir: laptop,
                       input: "Назовите номер телефона\n\(modelReply)\n")
        let file = laptop + "/export.json"
        #expect(try Binary.run(["export", "--output", file], dataDir: laptop).0 == 0)
        let trainer = Binary.dataDir()
        for into in ["team", "local"] {
            let first = try #require(try Binary.json(["import", file, "--into", into], dataDir: trainer, team: team)
                as? [[String: Any]])
            #expect((first[0]["added"] as? [String: Int]) == ["profiles": 1, "attempts": 1, "turns": 2])
            let second = try #require(try Binary.json(["import", file, "--into", into], dataDir: trainer, team: team)
                as? [[String: Any]])
            #expect((second[0]["added"] as? [String: Int]) == ["profiles": 0, "attempts": 0, "turns": 0])
        }
        #expect(try Cluster.psql(team, "SELECT count(*) FROM turns") == "2")
        // the import into the trainer's local store went to the team store too, and doubled nothing
        #expect(try Binary.run(["sync"], dataDir: trainer, team: team).1.contains("0 new turns"))
        #expect(try Cluster.psql(team, "SELECT count(*) FROM turns") == "2")
    }

    @Test func theHTMLReportShowsTheStoresFigures() throws {
        let team = try Cluster.database()
        let anna = Binary.dataDir(), boris = Binary.dataDir()
        let play = ["play", "clinic-confirmation-call", "--seed", "1", "--lang", "ru"]
        try Binary.run(play + ["--new-profile", "anna"], dataDir: anna, team: team, input: "Назовите номер телефона\n\(modelReply)\n")
        try Binary.run(play + ["--profile", "anna"], dataDir: anna, team: team, input: "\(modelReply)\n")
        try Binary.run(play + ["--new-profile", "boris"], dataDir: boris, team: team,
                       input: String(repeating: "Назовите номер телефона\n", count: 4))
        let trainer = Binary.dataDir()
        let page = Binary.root.appendingPathComponent(".build/report.html").path
        let (status, output) = try Binary.run(["report", "--from", "team", "--lang", "ru", "--html", page], dataDir: trainer,
                                              team: team)
        #expect(status == 0, "\(output)")
        let figures = try #require(try Binary.json(["report", "--from", "team", "--lang", "ru"], dataDir: trainer, team: team)
            as? [String: Any])
        let html = try String(contentsOfFile: page, encoding: .utf8)
        let offline = html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
        #expect(!offline.contains("http") && !offline.contains(" src=") && !offline.contains("<link"), "nothing from the network")
        let (rendered, dom) = try Cluster.shell("chromium --headless --no-sandbox --disable-gpu --dump-dom 'file://\(page)' 2>/dev/null")
        #expect(rendered == 0)
        for id in ["trainees", "modules", "scores", "heatmap", "cases"] { #expect(dom.contains("<section id=\"\(id)\">")) }
        #expect(dom.contains("id=\"modules-chart\"") && dom.contains("id=\"scores-chart\""))
        for trainee in try #require(figures["trainees"] as? [[String: Any]]) {
            let id = try #require(trainee["id"] as? String)
            let row = try #require(dom.components(separatedBy: "data-id=\"\(id)\"").dropFirst().first)
            #expect(row.contains("data-passed-cases=\"\(trainee["passedCases"] as! Int)\""))
            #expect(row.contains("data-average-best=\"\((trainee["averageBest"] as? Int).map(String.init) ?? "")\""))
            let points = dom.components(separatedBy: "class=\"trainee-scores\" data-id=\"\(id)\"").dropFirst().first
            #expect(points?.contains("data-count=\"\((trainee["scores"] as? [Any])?.count ?? -1)\"") == true)
            for (rule, count) in try #require(trainee["mistakeCounts"] as? [String: Int]) {
                #expect(dom.contains("data-trainee=\"\(id)\" data-rule=\"\(rule)\" data-count=\"\(count)\""))
            }
        }
        for figures in try #require(figures["cases"] as? [[String: Any]]) {
            let rate = String(format: "%.4f", figures["passRate"] as! Double)
            #expect(dom.contains("data-case=\"\(figures["caseId"] as! String)\" data-attempts=\"\(figures["attempts"] as! Int)\" "
                + "data-pass-rate=\"\(rate)\""))
        }
        #expect(dom.contains("Просить то, что есть в наших системах"), "mistakes by title in the trainer's language")
        let shot = Binary.root.appendingPathComponent(".build/report-screenshot.png").path
        try? FileManager.default.removeItem(atPath: shot)
        let (shotStatus, _) = try Cluster.shell("""
            chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,1900 \
            --screenshot='\(shot)' 'file://\(page)' 2>/dev/null
            """)
        #expect(shotStatus == 0)
        let size = (try? FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
        #expect(size > 10_000, "a screenshot with something on it is kept at \(shot)")
    }
}
