import ArgumentParser
import Foundation
import SparringStore
import SparringTeam

/// Opens the team store at `url`, runs `body` against it, closes it; its errors as sentences for the user.
func onTeamStore<T: Sendable>(_ url: String, _ body: @escaping @Sendable (TeamStore) async throws -> T) throws -> T {
    do {
        return try blocking {
            let team = try await withDeadline(10, url: (try? TeamDatabaseURL(url).description) ?? url) {
                try await TeamStore.open(url)
            }
            do {
                let value = try await body(team)
                await team.close()
                return value
            } catch {
                await team.close()
                throw error
            }
        }
    } catch let error as TeamStoreError {
        throw UserError(error.text(Tongue.catalog, Tongue.current))
    } catch let error as ExportError {
        throw UserError(error)
    }
}

struct TeamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "team",
        abstract: Tongue.text("help.team"))

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp(Tongue.text("help.team-name"))) var name: String?
    @Option(help: ArgumentHelp(Tongue.text("help.team-store"))) var db: String?
    @Flag(help: ArgumentHelp(Tongue.text("help.json"))) var json = false

    func validate() throws {
        if let db, !db.isEmpty {
            do { _ = try TeamDatabaseURL(db) } catch let error as TeamStoreError {
                throw ValidationError(error.text(Tongue.catalog, Tongue.current))
            }
        }
        if let name, name.trimmingCharacters(in: .whitespaces).isEmpty || name.count > 64 {
            throw ValidationError(Tongue.text("team.name-length"))
        }
    }

    /// The team store a trainer's command talks to: `--team-db`, `SPARRING_TEAM_DB`, else the profile's.
    static func teamDatabase(_ global: GlobalOptions, workspace: Workspace) throws -> String {
        if let url = global.teamDatabase { return url }
        if let profile = try? currentProfile(global, workspace: workspace), let url = profile.teamDatabase { return url }
        throw UserError(say: "team.no-store")
    }

    /// `--profile NAME`, else the last profile used.
    static func currentProfile(_ global: GlobalOptions, workspace: Workspace) throws -> Profile {
        let name = global.profile
            ?? (try? String(contentsOf: workspace.currentProfileFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let name, let profile = try workspace.store.profile(named: name) else {
            throw global.profile.map { UserError(say: "team.no-profile", ["name": $0]) }
                ?? UserError(say: "team.no-profile-yet")
        }
        return profile
    }

    func run() throws {
        let workspace = try Workspace(global, teamLink: false)
        var profile = try Self.currentProfile(global, workspace: workspace)
        if name != nil || db != nil {
            try workspace.store.setTeam(profileId: profile.id!, team: name?.trimmingCharacters(in: .whitespaces), database: db)
            profile = try workspace.store.profile(named: profile.name)!
        }
        let waiting = (try workspace.store.pendingCount())[profile.id!] ?? 0
        let store = profile.teamDatabase.flatMap { try? TeamDatabaseURL($0).description }
        if json {
            struct Output: Encodable { let profile: String; let id: String; let team: String?; let teamStore: String?; let waiting: Int }
            printJSON(Output(profile: profile.name, id: profile.uuid, team: profile.team, teamStore: store, waiting: waiting))
            return
        }
        let words = Words(catalog: Tongue.catalog, language: Tongue.current)
        let rows = [("profile", profile.name), ("id", profile.uuid), ("team", profile.team ?? "—"),
                    ("store", store ?? "—"), ("waiting", words.count("team.waiting", waiting))]
        // the labels in a column as wide as the longest in this language
        let width = rows.map { Columns.of(words("team.row.\($0.0)")) }.max() ?? 0
        for (label, value) in rows { print(Layout.pad(words("team.row.\(label)"), to: width) + "  " + value) }
    }
}

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: Tongue.text("help.sync"))

    @OptionGroup var global: GlobalOptions
    @Flag(help: ArgumentHelp(Tongue.text("help.json"))) var json = false

    func run() throws {
        let workspace = try Workspace(global, teamLink: false)
        let store = workspace.store
        let targets = try TeamSync.targets(store, override: global.teamDatabase)
        if targets.isEmpty {
            throw UserError(say: "team.no-store-anywhere")
        }
        struct Line: Encodable { let teamStore: String; let sent: MergeCount; let waiting: Int }
        var lines: [Line] = []
        for (url, profileIds) in targets.sorted(by: { $0.key < $1.key }) {
            let sent = try onTeamStore(url) { team in try await TeamSync.push(store, profileIds: profileIds, to: team) }
            let waiting = try store.pendingCount().filter { profileIds.contains($0.key) }.values.reduce(0, +)
            lines.append(Line(teamStore: (try? TeamDatabaseURL(url).description) ?? url, sent: sent, waiting: waiting))
        }
        if json { return printJSON(lines) }
        let words = Words(catalog: Tongue.catalog, language: Tongue.current)
        for line in lines {
            print(words("sync.sent", ["store": line.teamStore,
                                      "profiles": words.count("import.profiles", line.sent.profiles),
                                      "attempts": words.count("sync.attempts", line.sent.attempts),
                                      "turns": words.count("import.turns", line.sent.turns),
                                      "waiting": words.count("sync.waiting", line.waiting)]))
        }
    }
}
