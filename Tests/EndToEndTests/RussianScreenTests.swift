import Foundation
import Testing

/// A Russian trainee's whole day in a real terminal (tmux), from the first run's questions to the extra
/// practice started with one key, and the screens around it through pipes (`course`, `progress`,
/// `rules`, an error): no English word anywhere outside what was typed, ids and commands.
@Suite(.serialized) struct RussianScreenTests {
    let socket = "sparring-ru-\(UInt32.random(in: 0...UInt32.max))"

    func tmux(_ arguments: [String]) throws -> String {
        let child = try Child(["tmux", "-u", "-L", socket] + arguments, directory: Binary.root.path,
                              environment: ProcessInfo.processInfo.environment)
        child.closeInput()
        child.read(seconds: 20)
        _ = try child.wait(seconds: 20)
        return child.printed
    }

    func capture(_ session: String) throws -> String {
        try tmux(["capture-pane", "-p", "-J", "-S", "-", "-t", session])
    }

    func wait(_ session: String, until done: (String) -> Bool) throws -> String {
        var captured = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            captured = try capture(session)
            if done(captured) { return captured }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return captured
    }

    func type(_ session: String, _ text: String, enter: Bool = true) throws {
        if !text.isEmpty { _ = try tmux(["send-keys", "-t", session, "-l", text]) }
        if enter { _ = try tmux(["send-keys", "-t", session, "Enter"]) }
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// Ids a Russian screen may show as they are: cases, rules, language codes, the program, key names.
    static func ids() throws -> Set<String> {
        var ids: Set<String> = ["sparring", "ru", "en", "enter", "tab", "crm", "id"]
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
        text = text.replacingOccurrences(of: "sparring( (cases|list|check|play|rules|progress|course|grade))+", with: " ",
                                         options: .regularExpression)
        return text.split(whereSeparator: \.isWhitespace).compactMap { token -> String? in
            if token.contains("/") || token.contains("@") || token.hasPrefix("--") || token.hasPrefix("$") { return nil }
            let word = token.trimmingCharacters(in: CharacterSet.letters.union(CharacterSet(charactersIn: "-")).inverted)
            // a dot inside a word is a file or an address (sparring.sqlite, vera.sokolova)
            if word.isEmpty || token.dropLast().contains(".") && !token.hasSuffix("..") { return nil }
            guard word.unicodeScalars.filter({ CharacterSet.letters.contains($0) }).count >= 2,
                  word.unicodeScalars.allSatisfy({ $0.isASCII }) else { return nil }
            return ids.contains(word.lowercased()) ? nil : word
        }
    }

    @Test func aRussianTraineesDayHasNoEnglishWord() throws {
        let home = Binary.home()
        let curriculum = try FlowTests.oneModuleCourse()
        let session = "ru-day"
        let command = "cd '\(Binary.root.path)' && env -u NO_COLOR -u COLUMNS -u LINES LC_ALL=C.UTF-8 LANG=ru_RU.UTF-8 "
            + "SPARRING_HOME='\(home)' TERM=xterm-256color '\(Binary.path)' --curriculum '\(curriculum)'; echo SPARRING-DONE; sleep 60"
        _ = try tmux(["new-session", "-d", "-s", session, "-x", "80", "-y", "50", command])
        defer { _ = try? tmux(["kill-server"]) }
        _ = try tmux(["set-option", "-t", session, "history-limit", "20000"])

        var screen = try wait(session) { $0.contains("[ru]:") }
        #expect(screen.contains("Язык: ru (русский) или en (английский) [ru]:"), "the first question in Russian:\n\(screen)")
        try type(session, "")
        screen = try wait(session) { $0.contains("Ваше имя:") }
        try type(session, "Тестер")
        screen = try wait(session) { $0.contains("Enter — начать") }
        #expect(screen.contains("Профиль «Тестер» создан"), "\(screen)")
        try type(session, "")
        let prompt = "Вера · чат ›"
        screen = try wait(session) { Self.count(of: prompt, in: $0) == 1 }
        let bad = "Назовите номер телефона"
        let good = FlowTests.goodReply
        for (index, input) in [bad, "/lookup", "/restart"].enumerated() {
            try type(session, input)
            screen = try wait(session) { Self.count(of: prompt, in: $0) == index + 2 }
        }
        try type(session, good)
        // the module is passed; the practice for the mistake made is offered, and one key starts it
        screen = try wait(session) { $0.contains("потренироваться на кейсе") }
        #expect(screen.contains("Модуль пройден"), "\(screen)")
        try #require(screen.contains("потренироваться на кейсе"), "no practice offered:\n\(screen)")
        let headers = Self.count(of: "── ", in: screen)
        try type(session, "п", enter: false)
        screen = try wait(session) { Self.count(of: "── ", in: $0) > headers }
        #expect(Self.count(of: "── ", in: screen) > headers, "the practice case did not start:\n\(screen)")
        try type(session, "/quit")
        screen = try wait(session) { $0.contains("SPARRING-DONE") }
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

    static func count(of needle: String, in text: String) -> Int { count(needle, in: text) }
}
