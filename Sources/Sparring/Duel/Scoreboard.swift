/// One player's result in a duel: what the scoreboard compares.
public struct DuelResult: Codable, Sendable, Equatable {
    public var player: String
    public var score: Int
    /// Replies sent so far.
    public var turns: Int
    /// `resolved`, `walked-away`, `quit`, or nil while still playing.
    public var outcome: String?
    /// Findings so far by rule id.
    public var findings: [String: Int]

    public init(player: String, score: Int = 100, turns: Int = 0, outcome: String? = nil, findings: [String: Int] = [:]) {
        self.player = player
        self.score = score
        self.turns = turns
        self.outcome = outcome
        self.findings = findings
    }

    /// The result of a session so far.
    public init(player: String, session: Session) {
        self.init(player: player, score: session.score,
                  turns: session.turns.filter { $0.kind == .reply }.count,
                  outcome: session.outcome?.rawValue,
                  findings: Dictionary(session.turns.flatMap { $0.findings.map { ($0.rule, 1) } }, uniquingKeysWith: +))
    }
}

/// Ranks duel results: a resolved case first, then the higher score, then fewer turns.
public enum Scoreboard {
    public static func ranked(_ results: [DuelResult]) -> [DuelResult] {
        results.sorted { a, b in
            let resolvedA = a.outcome == Outcome.resolved.rawValue, resolvedB = b.outcome == Outcome.resolved.rawValue
            if resolvedA != resolvedB { return resolvedA }
            if a.score != b.score { return a.score > b.score }
            if a.turns != b.turns { return a.turns < b.turns }
            return a.player < b.player
        }
    }

    /// The winner, or nil on a tie for first place (same resolution, score and turns) or with no results.
    public static func winner(_ results: [DuelResult]) -> DuelResult? {
        let ranked = ranked(results)
        guard let first = ranked.first else { return nil }
        if ranked.count > 1 {
            let second = ranked[1]
            let same = (first.outcome == Outcome.resolved.rawValue) == (second.outcome == Outcome.resolved.rawValue)
                && first.score == second.score && first.turns == second.turns
            if same { return nil }
        }
        return first
    }
}
