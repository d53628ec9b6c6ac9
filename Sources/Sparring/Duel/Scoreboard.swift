/// One player's result in a duel: what the scoreboard compares. The host computes it from the
/// session it runs for the player; a player never reports it.
public struct DuelResult: Codable, Sendable, Equatable {
    public var player: String
    public var score: Int
    /// Replies sent so far.
    public var turns: Int
    /// `resolved`, `walked-away`, `quit`, or nil while still playing.
    public var outcome: String?
    /// Resolved with no deadly mistake: the course's notion of passing a case.
    public var passed: Bool
    /// Findings so far by rule id.
    public var findings: [String: Int]
    /// False while the player's connection is down (a networked duel); they may rejoin.
    public var connected: Bool

    public init(
        player: String, score: Int = 100, turns: Int = 0, outcome: String? = nil, passed: Bool = false,
        findings: [String: Int] = [:], connected: Bool = true
    ) {
        self.player = player
        self.score = score
        self.turns = turns
        self.outcome = outcome
        self.passed = passed
        self.findings = findings
        self.connected = connected
    }

    /// The result of a session so far.
    public init(player: String, session: Session) {
        self.init(
            player: player, score: session.score,
            turns: session.turns.filter { $0.kind == .reply }.count,
            outcome: session.outcome?.rawValue, passed: session.passed,
            findings: Dictionary(
                (session.turns.flatMap(\.findings) + session.owed).map { ($0.rule, 1) },
                uniquingKeysWith: +))
    }

    /// Nothing to compare before the first reply: the board shows "—", not a perfect 100.
    public var hasReplied: Bool { turns > 0 }
}

/// Ranks duel results: passed (resolved, no deadly mistake) first, then the higher score, then fewer
/// replies; a player who has not replied yet comes after everyone who has.
public enum Scoreboard {
    public static func ranked(_ results: [DuelResult]) -> [DuelResult] {
        results.sorted { a, b in
            if a.hasReplied != b.hasReplied { return a.hasReplied }
            if a.passed != b.passed { return a.passed }
            if a.score != b.score { return a.score > b.score }
            if a.turns != b.turns { return a.turns < b.turns }
            return a.player < b.player
        }
    }

    /// The winner, or nil on a tie for first place (same pass, score and replies) or when nobody replied.
    public static func winner(_ results: [DuelResult]) -> DuelResult? {
        let ranked = ranked(results)
        guard let first = ranked.first, first.hasReplied else { return nil }
        if ranked.count > 1 {
            let second = ranked[1]
            if first.passed == second.passed && first.score == second.score && first.turns == second.turns {
                return nil
            }
        }
        return first
    }
}
