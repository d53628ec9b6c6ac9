import Dispatch
import Foundation
import GRDB
import Synchronization
import SparringStore

/// Sends the local outbox to the team stores the profiles name, batch by batch; a batch leaves the outbox
/// only once PostgreSQL has committed it, so a row is never lost, and upserts by id mean never doubled.
public enum TeamSync {
    /// Team store URL → the local profiles whose rows go there: `override` (`--team-db` or
    /// `SPARRING_TEAM_DB`) for every profile, else each profile's own setting.
    public static func targets(_ store: Store, override: String?) throws -> [String: [Int64]] {
        var targets: [String: [Int64]] = [:]
        for profile in try store.profiles() {
            guard let url = override ?? profile.teamDatabase, !url.isEmpty else { continue }
            targets[url, default: []].append(profile.id!)
        }
        return targets
    }

    /// Sends everything pending for `profileIds` to `team`; returns how many rows were new there.
    @discardableResult
    public static func push(_ store: Store, profileIds: [Int64], to team: TeamStore) async throws -> MergeCount {
        var total = MergeCount()
        while true {
            let (rows, entries) = try store.pendingTeamRows(profileIds: profileIds)
            guard !entries.isEmpty else { return total }
            total = total + (try await team.upsert(rows))
            try store.markSent(entries)
        }
    }
}

/// Runs `body` and gives up after `seconds`: a team store that does not answer never holds anyone up.
public func withDeadline<T: Sendable>(_ seconds: Double, url: String,
                                      _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw TeamStoreError.timedOut(url) }
        return value
    }
}

/// Waits on this thread for async work: the commands are synchronous, postgres-nio is not. The work
/// runs on the concurrency pool, never on the blocked thread.
public func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let result = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let outcome: Result<T, any Error>
        do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
        result.withLock { $0 = outcome }
        done.signal()
    }
    done.wait()
    return try result.withLock { $0! }.get()
}

/// The team link of a running Sparring: sends the outbox when it starts and again after every commit
/// that adds to it, in the background, so a trainee never waits for the team store. A send that
/// fails leaves the rows in the outbox for the next commit, the next start or `sparring sync`.
public final class TeamLink: Sendable {
    struct State {
        var running = false
        var again = false
        var stores: [String: TeamStore] = [:]
        var lastError: String?
        var sent = MergeCount()
        var observation: AnyDatabaseCancellable?
    }

    let store: Store
    let override: String?
    let state = Mutex(State())

    /// Starts the link when any profile has a team store (or `override` names one); nil otherwise.
    public static func start(store: Store, override: String?) -> TeamLink? {
        // with an override the profiles may not exist yet: the first run on a machine makes them
        guard override != nil || (try? TeamSync.targets(store, override: nil))?.isEmpty == false else { return nil }
        let link = TeamLink(store: store, override: override)
        let observation = try? store.observeOutbox { [weak link] in link?.kick() }
        link.state.withLock { $0.observation = observation }
        link.kick()
        return link
    }

    private init(store: Store, override: String?) {
        self.store = store
        self.override = override
    }

    /// Sends now, or once more after the send in progress.
    public func kick() {
        let start = state.withLock { state -> Bool in
            if state.running { state.again = true; return false }
            state.running = true
            return true
        }
        guard start else { return }
        Task { await self.drain() }
    }

    private func drain() async {
        while true {
            state.withLock { $0.again = false }
            await sendOnce()
            let more = state.withLock { state -> Bool in
                if state.again { return true }
                state.running = false
                return false
            }
            if !more { return }
        }
    }

    private func sendOnce() async {
        guard let targets = try? TeamSync.targets(store, override: override) else { return }
        for (url, profileIds) in targets {
            do {
                let team = try await teamStore(url)
                let sent = try await withDeadline(10, url: team.url.description) {
                    try await TeamSync.push(self.store, profileIds: profileIds, to: team)
                }
                state.withLock { $0.sent = $0.sent + sent; $0.lastError = nil }
            } catch {
                state.withLock { $0.lastError = "\(error)" }
            }
        }
    }

    private func teamStore(_ url: String) async throws -> TeamStore {
        if let open = state.withLock({ $0.stores[url] }) { return open }
        let opened = try await withDeadline(5, url: (try? TeamDatabaseURL(url).description) ?? url) {
            try await TeamStore.open(url)
        }
        state.withLock { $0.stores[url] = opened }
        return opened
    }

    /// Before the process ends: waits up to `seconds` for the send in progress, and returns why the
    /// last send failed (nil when everything went out).
    public func finish(within seconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while state.withLock({ $0.running }) && Date() < deadline { usleep(20_000) }
        let (error, stores) = state.withLock { state in
            state.observation?.cancel()
            state.observation = nil
            // a send still waiting for the server did not get through either
            let error = state.running ? "\(TeamStoreError.timedOut(state.stores.values.first?.url.description ?? "the team store"))"
                : state.lastError
            return (error, Array(state.stores.values))
        }
        for store in stores { store.runner.cancel() }
        return error
    }
}
