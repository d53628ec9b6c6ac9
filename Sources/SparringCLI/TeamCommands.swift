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
        throw UserError(error.description)
    } catch let error as ExportError {
        throw UserError(error.description)
    }
}

struct TeamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "team",
        abstract: "The profile's team: its id, team name and team store; --name and --db set them.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The team's name, as the trainer gave it.") var name: String?
    @Option(help: "The team store for this profile, postgres://USER:PASSWORD@HOST:PORT/DATABASE ('' to stop sending).")
    var db: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if let db, !db.isEmpty {
            do { _ = try TeamDatabaseURL(db) } catch { throw ValidationError("\(error)") }
        }
        if let name, name.trimmingCharacters(in: .whitespaces).isEmpty || name.count > 64 {
            throw ValidationError("a team name is 1 to 64 characters")
        }
    }

    /// The team store a trainer's command talks to: `--team-db`, `SPARRING_TEAM_DB`, else the profile's.
    static func teamDatabase(_ global: GlobalOptions, workspace: Workspace) throws -> String {
        if let url = global.teamDatabase { return url }
        if let profile = try? currentProfile(global, workspace: workspace), let url = profile.teamDatabase { return url }
        throw UserError("no team store is set: pass --team-db postgres://USER:PASSWORD@HOST:PORT/DATABASE, "
            + "set SPARRING_TEAM_DB, or save one with 'sparring team --db URL'")
    }

    /// `--profile NAME`, else the last profile used.
    static func currentProfile(_ global: GlobalOptions, workspace: Workspace) throws -> Profile {
        let name = global.profile
            ?? (try? String(contentsOf: workspace.currentProfileFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let name, let profile = try workspace.store.profile(named: name) else {
            throw UserError(global.profile.map { "no profile '\($0)' on this machine; 'sparring progress --all' lists them" }
                ?? "no profile yet: run 'sparring' to start the course, or name one with --profile")
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
        print("profile     \(profile.name)")
        print("id          \(profile.uuid)")
        print("team        \(profile.team ?? "—")")
        print("team store  \(store ?? "—")")
        print("waiting     \(waiting) changes not yet in the team store")
    }
}

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Send what waits on this machine to the team store now; sending twice adds nothing.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let workspace = try Workspace(global, teamLink: false)
        let store = workspace.store
        let targets = try TeamSync.targets(store, override: global.teamDatabase)
        if targets.isEmpty {
            throw UserError("no team store is set for any profile here: pass --team-db URL, set SPARRING_TEAM_DB, "
                + "or save one with 'sparring team --db URL'")
        }
        struct Line: Encodable { let teamStore: String; let sent: MergeCount; let waiting: Int }
        var lines: [Line] = []
        for (url, profileIds) in targets.sorted(by: { $0.key < $1.key }) {
            let sent = try onTeamStore(url) { team in try await TeamSync.push(store, profileIds: profileIds, to: team) }
            let waiting = try store.pendingCount().filter { profileIds.contains($0.key) }.values.reduce(0, +)
            lines.append(Line(teamStore: (try? TeamDatabaseURL(url).description) ?? url, sent: sent, waiting: waiting))
        }
        if json { return printJSON(lines) }
        for line in lines {
            print("\(line.teamStore): \(line.sent.profiles) new trainees, \(line.sent.attempts) new attempts, "
                + "\(line.sent.turns) new turns; \(line.waiting) changes still waiting")
        }
    }
}
