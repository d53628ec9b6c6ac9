import Foundation
import Sparring

/// The language the program speaks to this user in, for the words said before or outside a screen that
/// has its own (errors, help, the first prompt): `--lang` on the command line, else the last profile's
/// language, else the locale. A command that knows the profile sets it.
enum Tongue {
    /// The catalogue, read once for the process (help text needs it before any command runs).
    static let catalog: Catalog = (try? Catalog.load()) ?? Catalog(texts: [:])

    /// Set and read on the main thread only: the commands choose the language before any work goes to other threads.
    nonisolated(unsafe) private static var chosen: Language?

    /// The current language; found from the command line and the data folder the first time it is asked for.
    static var current: Language {
        get {
            if let chosen { return chosen }
            let found = fromArguments(CommandLine.arguments) ?? lastProfileLanguage() ?? fromLocale()
            chosen = found
            return found
        }
        set { chosen = newValue }
    }

    /// A file's problem in the current language, as a compiler prints it: `path:line:col: error: message` (the
    /// severity word stays the compiler's, for editors that read it).
    static func line(_ diagnostic: Diagnostic) -> String {
        "\(diagnostic.path):\(diagnostic.line):\(diagnostic.column): \(diagnostic.severity.rawValue): "
            + diagnostic.message(catalog, current)
    }

    /// A catalogue text in the current language.
    static func text(_ key: String, _ values: [String: String] = [:]) -> String {
        catalog.text(key, current, values)
    }

    /// "; did you mean 'x'?" in the current language, or nothing when no known name is close.
    static func didYouMean(_ word: String, among candidates: some Sequence<String>) -> String {
        Suggestion.closest(word, among: candidates).map { text("cli.did-you-mean", ["name": $0]) } ?? ""
    }

    static func fromArguments(_ arguments: [String]) -> Language? {
        for (index, argument) in arguments.enumerated() {
            if argument == "--" { break }
            if argument.hasPrefix("--lang=") { return Language(code: String(argument.dropFirst("--lang=".count))) }
            if argument == "--lang", index + 1 < arguments.count { return Language(code: arguments[index + 1]) }
        }
        return nil
    }

    /// The locale's language when Sparring speaks it (`LANG=ru_RU.UTF-8`), else English; a variable that
    /// names no language (`LC_ALL=C.UTF-8`) gives way to the next.
    static func fromLocale() -> Language {
        let environment = ProcessInfo.processInfo.environment
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let locale = environment[key], !locale.isEmpty else { continue }
            if let language = Language(code: String(locale.prefix { $0.isLetter })) { return language }
        }
        return .en
    }

    /// The language of the profile used last in the data folder named on the command line (or the
    /// default one), read from the current-profile file and the profile's language file without opening
    /// the database: help must never create or lock one.
    static func lastProfileLanguage() -> Language? {
        var option: String?
        let arguments = CommandLine.arguments
        for (index, argument) in arguments.enumerated() {
            if argument == "--" { break }
            if argument.hasPrefix("--data-dir=") { option = String(argument.dropFirst("--data-dir=".count)) }
            if argument == "--data-dir", index + 1 < arguments.count { option = arguments[index + 1] }
        }
        let folder = Workspace.dataDirectory(option)
        let file = folder.appendingPathComponent("current-language")
        guard let code = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        return Language(code: code.trimmed)
    }
}
