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
            throw UserError(error.description)
        } catch {
            throw UserError("cannot open the progress database in \(dataDirectory.path): \(error); check the folder's permissions or pass --data-dir")
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
            if waiting > 0 { printError("note: \(waiting) changes wait on this machine for the team store: \(problem)") }
        }
    }

    var currentProfileFile: URL { dataDirectory.appendingPathComponent("current-profile") }

    func historyPath(for profile: Profile) -> String {
        dataDirectory.appendingPathComponent("history/\(profile.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "profile").txt").path
    }

    /// The profile to use: `--profile NAME` (created when new), else the last one used, else a new
    /// one: asked for on a terminal, named after the user when the input is scripted.
    func profile(named option: String?, language: Language?, catalog: Catalog, reader: LineReader?, style: Style) throws -> Profile {
        if let option {
            let name = option.trimmed
            guard !name.isEmpty, name.count <= 64 else { throw UserError("a profile name is 1 to 64 characters", code: 2) }
            let profile = try store.profile(named: name) ?? store.createProfile(name: name, language: language ?? .ru)
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

    /// First run: ask for a name and a language, create the profile.
    private func firstRun(language: Language?, catalog: Catalog, reader: LineReader?, style: Style) throws -> Profile {
        var chosen = language ?? (ProcessInfo.processInfo.environment["LANG"]?.hasPrefix("ru") == true ? .ru : .en)
        print(style.bold(catalog.text("first.welcome", chosen)))
        var name = ProcessInfo.processInfo.environment["USER"] ?? "trainee"
        if let reader {
            if language == nil {
                let answer = reader.read(prompt: catalog.text("first.language", chosen) + " ", plainPrompt: catalog.text("first.language", chosen) + " ")
                if let answer, let parsed = Language(code: answer.trimmed) { chosen = parsed }
            }
            let prompt = catalog.text("first.name", chosen) + " "
            if let answer = reader.read(prompt: prompt, plainPrompt: prompt)?.trimmed, !answer.isEmpty {
                name = String(answer.prefix(64))
            }
        }
        let profile = try store.profile(named: name) ?? store.createProfile(name: name, language: chosen)
        remember(profile)
        print(catalog.text("first.created", chosen, ["name": profile.name, "dir": dataDirectory.path]))
        return profile
    }

    /// The language of the last profile used, if any.
    func lastProfileLanguage() -> Language? {
        guard let name = try? String(contentsOf: currentProfileFile, encoding: .utf8),
              let profile = try? store.profile(named: name.trimmed) else { return nil }
        return Language(rawValue: profile.language)
    }

    func remember(_ profile: Profile) {
        try? FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        try? profile.name.write(to: currentProfileFile, atomically: true, encoding: .utf8)
    }
}
