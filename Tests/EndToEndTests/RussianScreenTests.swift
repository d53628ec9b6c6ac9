import Foundation
import Testing

/// A Russian trainee's whole day in a real terminal (tmux), from the first run's questions to the extra
/// practice started with one key, and the screens around it through pipes (`course`, `progress`,
/// `rules`, an error): no English word anywhere outside what was typed, ids and commands.
@Suite(.serialized) struct RussianScreenTests {
    let tmux = Tmux()

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// Ids a Russian screen may show as they are: cases, rules, language codes, the program, key names.
    static func ids() throws -> Set<String> {
        // formats and protocols are names, not English: json, csv, html, postgres://, TLS, ISO 8601, UUID
        var ids: Set<String> = ["sparring", "ru", "en", "enter", "tab", "crm", "id", "json", "csv", "html", "postgres",
                                "tls", "iso", "uuid", "sslmode"]
        let cases = try FileManager.default.contentsOfDirectory(atPath: Binary.root.appendingPathComponent("Cases/ru").path)
        ids.formUnion(cases.map { ($0 as NSString).deletingPathExtension })
        let catalogue = try String(contentsOf: Binary.root.appendingPathComponent("Sources/Sparring/Resources/Catalog/en.txt"),
                                   encoding: .utf8)
        for line in catalogue.split(separator: "\n") where line.hasPrefix("rule.") {
            if let key = line.split(separator: " ").first, key.hasSuffix(".title") {
                ids.insert(String(key.dropFirst("rule.".count).dropLast(".title".count)))
            }
        }
        return ids
    }

    /// The English words of a screen: words of Latin letters only that are not ids, commands (`/lookup`,
    /// `--profile`), paths, addresses or what the trainee typed after a prompt.
    static func englishWords(_ screen: String, typed: [String]) throws -> [String] {
        let ids = try Self.ids()
        var text = screen
        for input in typed where !input.isEmpty { text = text.replacingOccurrences(of: input, with: " ") }
        // a command to type is an id too: `sparring cases list`, `sparring play ID`
        let commands = "cases|list|check|play|rules|progress|course|grade|team|export|import|sync|report|duel"
        text = text.replacingOccurrences(of: "sparring( (\(commands)))+", with: " ",
                                         options: .regularExpression)
        return text.split(whereSeparator: \.isWhitespace).compactMap { token -> String? in
            if token.contains("/") || token.contains("@") || token.hasPrefix("--") || token.hasPrefix("$") { return nil }
            // an id with digits (a uuid, a port) or an environment variable (SPARRING_TEAM_DB) is no word
            if token.contains(where: \.isNumber) || token.contains("_") { return nil }
            // an address's option (?sslmode=require) is an id as well
            if token.contains("=") { return nil }
            let word = token.trimmingCharacters(in: CharacterSet.letters.union(CharacterSet(charactersIn: "-")).inverted)
            // a dot inside a word is a file or an address (sparring.sqlite, vera.sokolova)
            if word.isEmpty || token.dropLast().contains(".") && !token.hasSuffix("..") { return nil }
            // an option quoted in a sentence («--seed») is a command's name too
            if word.hasPrefix("--") { return nil }
            guard word.unicodeScalars.filter({ CharacterSet.letters.contains($0) }).count >= 2,
                  word.unicodeScalars.allSatisfy({ $0.isASCII }) else { return nil }
            return ids.contains(word.lowercased()) ? nil : word
        }
    }

    @Test func aRussianTraineesDayHasNoEnglishWord() throws {
        let home = Binary.home()
        let curriculum = try FlowTests.oneModuleCourse()
        let session = "ru-day"
        let command = tmux.sparring("--curriculum '\(curriculum)'", home: home,
                                    environment: "LC_ALL=C.UTF-8 LANG=ru_RU.UTF-8", after: "echo SPARRING-DONE; sleep 60")
        try tmux.start(session, command, width: 80)
        defer { tmux.stop() }

        var screen = try tmux.wait(session) { $0.contains("[ru]:") }
        #expect(screen.contains("Язык: ru (русский) или en (английский) [ru]:"), "the first question in Russian:\n\(screen)")
        try tmux.type(session, "")
        screen = try tmux.wait(session) { $0.contains("Ваше имя:") }
        try tmux.type(session, "Тестер")
        screen = try tmux.wait(session) { $0.contains("Enter — начать") }
        #expect(screen.contains("Профиль «Тестер» создан"), "\(screen)")
        try tmux.type(session, "")
        let prompt = "Вера · чат ›"
        screen = try tmux.wait(session) { Self.count(of: prompt, in: $0) == 1 }
        let bad = "Назовите номер телефона"
        let good = FlowTests.goodReply
        for (index, input) in [bad, "/lookup", "/restart"].enumerated() {
            try tmux.type(session, input)
            screen = try tmux.wait(session) { Self.count(of: prompt, in: $0) == index + 2 }
        }
        try tmux.type(session, good)
        // the module is passed; the practice for the mistake made is offered, and one key starts it
        screen = try tmux.wait(session) { $0.contains("потренироваться на кейсе") }
        #expect(screen.contains("Модуль пройден"), "\(screen)")
        try #require(screen.contains("потренироваться на кейсе"), "no practice offered:\n\(screen)")
        let headers = Self.count(of: "── ", in: screen)
        try tmux.type(session, "п", enter: false)
        screen = try tmux.wait(session) { Self.count(of: "── ", in: $0) > headers }
        #expect(Self.count(of: "── ", in: screen) > headers, "the practice case did not start:\n\(screen)")
        try tmux.type(session, "/quit")
        screen = try tmux.wait(session) { $0.contains("SPARRING-DONE") }
        try #require(screen.contains("SPARRING-DONE"), "\(screen)")

        // the screens around the day, through pipes
        var others = ""
        for arguments in [["course"], ["progress"], ["rules"], ["rules", "look-it-up"], ["course", "--profile", "Тестор"],
                          ["play", "no-such-case"], ["grade", "--case", "clinic-confirmation-call", bad]] {
            others += try Binary.run(arguments, home: home).1 + "\n"
        }
        // the parser's own headings stay English; what the options do is said in Russian
        let help = try Binary.run(["play", "--help"], home: home).1
        #expect(help.contains("Профиль стажёра") && help.contains("Сыграть один кейс"), "help in Russian:\n\(help)")
        let english = try Self.englishWords(screen + "\n" + others, typed: [bad, good, "Тестер", "SPARRING-DONE", "no-such-case"])
        #expect(english.isEmpty, "English words on a Russian screen: \(english)\n\(screen)\n\(others)")
    }

    /// The trainer's commands and their errors through pipes, in Russian: report, team, sync, export,
    /// import, duels. The parser's own "Usage" lines are the parser's; what is said is in Russian.
    @Test func aRussianTrainersCommandsHaveNoEnglishWord() throws {
        let home = Binary.home()
        _ = try Binary.run(["play", "clinic-confirmation-call", "--new-profile", "вера", "--lang", "ru", "--seed",
                            "1"],
                           input: "Назовите номер телефона\n\(FlowTests.goodReply)\n", home: home)
        let notExport = home + "/not-an-export.json"
        try "{}".write(toFile: notExport, atomically: true, encoding: .utf8)
        let runs: [([String], Int32)] = [
            (["report"], 0), (["team"], 0), (["team", "--name", "Поддержка"], 0), (["sync"], 1),
            (["team", "--db", "mysql://host/db"], 2), (["export", "--output", home + "/no-such-folder/out.json"], 1),
            (["import", home + "/missing.json"], 1), (["import", notExport], 1), (["import"], 2),
            (["duel", "clinic-confirmation-call", "--players", "анна"], 2),
            (["duel", "clinic-confirmation-call", "--players", "анна,анна"], 2),
            (["duel", "join", "nowhere", "--code", "ABCDEF", "--name", "анна"], 2),
            (["duel", "host", "clinic-confirmation-call", "--port", "70000"], 2),
            (["report", "--html", home + "/no-such-folder/report.html"], 1),
        ]
        var screens = ""
        for (arguments, expected) in runs {
            let (status, output) = try Binary.run(arguments + ["--lang", "ru"], home: home)
            #expect(status == expected, "\(arguments): exit \(status)\n\(output)")
            // the parser's usage lines are its own; everything before them is Sparring's
            screens += (output.components(separatedBy: "Usage:").first ?? output) + "\n"
        }
        #expect(screens.contains("Отчёт") || screens.contains("отчёт") || screens.contains("Стажёр"), "\(screens)")
        #expect(screens.contains("команда") && screens.contains("Поддержка"), "\(screens)")
        let english = try Self.englishWords(screens, typed: ["mysql://host/db", "nowhere", "ABCDEF", "Поддержка"])
        #expect(english.isEmpty, "English words on a Russian trainer's screen: \(english)\n\(screens)")
        let help = try Binary.run(["report", "--help", "--lang", "ru"], home: home).1
        #expect(help.contains("Обзор команды для наставника") && help.contains("Только попытки"), "\(help)")
    }

    /// A Russian trainee who plays an English case reads Sparring in Russian: the header, hints, findings and
    /// what to do instead; only the customer (and what the case wrote) speaks English.
    @Test func aRussianTraineeReadsAnEnglishCaseInRussian() throws {
        let home = Binary.home()
        let english = Binary.root.appendingPathComponent("Cases/en/clinic-confirmation-call.yaml").path
        let (_, again) = try Binary.run(["play", english, "--new-profile", "тест", "--lang", "ru", "--seed", "1"],
                                        input: "/hint\nWhat is your phone number?\n/quit\n", home: home)
        #expect(again.contains("Клиент: Emily"), "\(again)")
        #expect(again.contains("Подсказка"), "the hint in Russian:\n\(again)")
        #expect(again.contains("Просить то, что есть в наших системах"), "the finding's title in Russian:\n\(again)")
        #expect(again.contains("как надо:") && again.contains("Вы попросили у клиента"), "and its message:\n\(again)")
        #expect(!again.contains("instead:") && !again.contains("Asking for what our own systems hold"), "\(again)")
    }

    /// The parser's complaints (an unknown option, a bad value, an extra or a missing argument) in Russian;
    /// its usage line is syntax and stays as it is.
    @Test func aMistypedCommandIsExplainedInRussian() throws {
        let home = Binary.home()
        for (arguments, expected) in [(["play", "clinic-confirmation-call", "--sed", "1"], "неизвестный параметр «--sed»"),
                                      (["play", "clinic-confirmation-call", "--seed", "abc"], "значение «abc» не подходит"),
                                      (["plya"], "лишний аргумент «plya»"), (["play"], "не хватает аргумента")] {
            let (status, output) = try Binary.run(arguments + ["--lang", "ru"], home: home)
            #expect(status == 2, "\(arguments): \(output)")
            #expect(output.contains(expected), "\(output)")
            #expect(!output.contains("for more information"), "\(output)")
            let said = output.components(separatedBy: "Usage:").first ?? output
            #expect(try Self.englishWords(said, typed: ["plya", "abc", "<seed>", "<case-reference>"]).isEmpty, "\(output)")
        }
    }

    /// A Russian trainer's `cases check` on a broken draft: every problem in Russian, with file, line and column.
    @Test func aBrokenCaseIsExplainedToARussianTrainerInRussian() throws {
        let home = Binary.home()
        let folder = home + "/drafts/ru"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let original = try String(contentsOf: Binary.root.appendingPathComponent("Cases/ru/clinic-confirmation-call.yaml"),
                                  encoding: .utf8)
        let broken = original.replacingOccurrences(of: "\npersona:", with: "\npersone:")
            .replacingOccurrences(of: "\nlang: ru", with: "\nlang: en")
        try broken.write(toFile: folder + "/clinic-confirmation-call.yaml", atomically: true, encoding: .utf8)
        let (status, output) = try Binary.run(["cases", "check", home + "/drafts", "--lang", "ru"], home: home)
        #expect(status == 1, "\(output)")
        #expect(output.contains("clinic-confirmation-call.yaml:"), "\(output)")
        #expect(output.contains("неизвестный ключ «persone» в кейсе; может быть, «persona»?"), "\(output)")
        #expect(output.contains("не совпадает с папкой"), "\(output)")
        // the YAML keys and values the messages quote are the file's own words
        let english = try Self.englishWords(output, typed: ["persone", "persona", "lang", "error", "en", "ru"])
        #expect(english.isEmpty, "English words in a Russian trainer's cases check: \(english)\n\(output)")
    }

    static func count(of needle: String, in text: String) -> Int { count(needle, in: text) }
}
