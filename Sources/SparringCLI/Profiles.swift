import Foundation
import Synchronization
import Sparring
import SparringStore
import SparringTeam

/// Where progress lives and who is training: the data folder, the store, the current profile.
struct Workspace {
    let dataDirectory: URL
    let store: Store

    /// `--data-dir`, then $SPARRING_HOME, then $XDG_DATA_HOME/sparring, then ~/.local/share/sparring.
    static func dataDirectory(_ option: String?) -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let option { return URL(fileURLWithPath: option) }
        if let home = environment["SPARRING_HOME"], !home.isEmpty { return URL(fileURLWithPath: home) }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return URL(fileURLWithPath: xdg).appendingPathComponent("sparring") }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share/sparring")
    }

    /// `teamLink`: send the outbox to the team store in the background while the command runs (the
    /// commands that talk to the team store themselves say no).
    init(_ global: GlobalOptions, teamLink: Bool = true) throws {
        dataDirectory = Self.dataDirectory(global.dataDir)
        do {
            store = try Store(path: dataDirectory.appendingPathComponent("sparring.sqlite").path)
        } catch let error as StoreError {
            throw UserError(error)
        } catch {
            throw UserError(say: "store.cannot-open", ["folder": dataDirectory.path, "reason": "\(error)"])
        }
        // errors and help speak the last profile's language from here on, unless --lang said otherwise
        if Tongue.fromArguments(CommandLine.arguments) == nil, let language = lastProfileLanguage() {
            Tongue.current = language
        }
        if teamLink, let link = TeamLink.start(store: store, override: global.teamDatabase) {
            Self.links.withLock { $0.append((link, store)) }
        }
    }

    /// Team links started by this process, finished before it exits.
    static let links = Mutex<[(TeamLink, Store)]>([])

    /// Gives the background sends a moment to finish, and says on stderr what still waits, and why.
    static func finishTeamLinks() {
        for (link, store) in links.withLock({ $0 }) {
            guard let problem = link.finish(within: 3) else { continue }
            let waiting = ((try? store.pendingCount()) ?? [:]).values.reduce(0, +)
            if waiting > 0 {
                printError(Tongue.text("team.note-waiting", ["count": String(waiting), "problem": problem]))
            }
        }
    }

    var currentProfileFile: URL { dataDirectory.appendingPathComponent("current-profile") }

    func historyPath(for profile: Profile) -> String {
        dataDirectory.appendingPathComponent("history/\(profile.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "profile").txt").path
    }

    /// A profile by a name given outside the trainee's own commands (a duel's players): created when new.
    func profile(named option: String?, language: Language?, catalog: Catalog, reader: LineReader?, style: Style) throws -> Profile {
        if let option {
            let name = try Self.checked(option)
            let profile = try store.profile(named: name) ?? store.createProfile(name: name, language: language ?? .ru)
            remember(profile)
            return profile
        }
        return try profile(global: GlobalOptions(), language: language, catalog: catalog, reader: reader, style: style)
    }

    /// The trainee's profile: `--new-profile NAME` creates one, `--profile NAME` picks one that exists
    /// (a mistyped name is refused, never made into an empty profile), else the last one used, else the
    /// first run's: asked for on a terminal; with scripted input nothing is asked (a piped line is a
    /// reply, never a name) and the profile is named after the user.
    func profile(global: GlobalOptions, language: Language?, catalog: Catalog, reader: LineReader?,
                 style: Style) throws -> Profile {
        if let option = global.newProfile {
            let name = try Self.checked(option)
            if try store.profile(named: name) != nil {
                throw UserError(say: "profile.exists", ["name": name], code: 2)
            }
            let profile = try store.createProfile(name: name, language: language ?? Tongue.current)
            remember(profile)
            print(Layout.terminal.wrap(catalog.text("first.created", Language(rawValue: profile.language) ?? .en,
                                                    ["name": profile.name, "dir": dataDirectory.path])))
            return profile
        }
        if let option = global.profile {
            let name = try Self.checked(option)
            guard let profile = try store.profile(named: name) else { throw unknownProfile(name) }
            remember(profile)
            return profile
        }
        if let last = try? String(contentsOf: currentProfileFile, encoding: .utf8),
           let profile = try store.profile(named: last.trimmed) {
            return profile
        }
        if let existing = try store.profiles().first {
            remember(existing)
            return existing
        }
        return try firstRun(language: language, catalog: catalog, reader: reader, style: style)
    }

    /// The error for a profile name that does not exist, with the names that do and how to create one.
    func unknownProfile(_ name: String) -> UserError {
        let names = (try? store.profiles().map(\.name)) ?? []
        let known = names.isEmpty ? Tongue.text("profile.none-yet")
            : Tongue.text("profile.known", ["names": names.joined(separator: ", ")])
        return UserError(say: "profile.unknown", ["name": name, "hint": Tongue.didYouMean(name, among: names),
                                                  "known": known], code: 2)
    }

    static func checked(_ option: String) throws -> String {
        let name = option.trimmed
        guard !name.isEmpty, name.count <= 64 else { throw UserError(say: "profile.length", code: 2) }
        return name
    }

    /// First run: ask for a language and a name on a terminal, create the profile.
    private func firstRun(language: Language?, catalog: Catalog, reader: LineReader?, style: Style) throws -> Profile {
        var chosen = language ?? Tongue.current
        print(Layout.terminal.wrap(style.bold(catalog.text("first.welcome", chosen))))
        var name = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "trainee"
        if let reader, reader.interactive {
            if language == nil {
                let question = catalog.text("first.language", chosen, ["default": chosen.rawValue]) + " "
                if let answer = reader.read(prompt: question, plainPrompt: question),
                   let parsed = Language(code: answer.trimmed) {
                    chosen = parsed
                }
            }
            let prompt = catalog.text("first.name", chosen) + " "
            if let answer = reader.read(prompt: prompt, plainPrompt: prompt)?.trimmed, !answer.isEmpty {
                name = String(answer.prefix(64))
            }
        } else {
            print(Layout.terminal.wrap(style.dim(catalog.text("first.piped", chosen, ["name": name]))))
        }
        let profile = try store.profile(named: name) ?? store.createProfile(name: name, language: chosen)
        remember(profile)
        let created = catalog.text("first.created", chosen, ["name": profile.name, "dir": dataDirectory.path])
        print(Layout.terminal.wrap(created))
        return profile
    }

    /// The language of the last profile used, if any.
    func lastProfileLanguage() -> Language? {
        guard let name = try? String(contentsOf: currentProfileFile, encoding: .utf8),
              let profile = try? store.profile(named: name.trimmed) else { return nil }
        return Language(rawValue: profile.language)
    }

    /// Makes the profile current, and its language the one errors and help speak before any profile is read.
    func remember(_ profile: Profile) {
        try? FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        try? profile.name.write(to: currentProfileFile, atomically: true, encoding: .utf8)
        rememberLanguage(profile.language)
        if let language = Language(rawValue: profile.language) { Tongue.current = language }
    }

    func rememberLanguage(_ code: String) {
        try? code.write(to: dataDirectory.appendingPathComponent("current-language"), atomically: true, encoding: .utf8)
    }
}
