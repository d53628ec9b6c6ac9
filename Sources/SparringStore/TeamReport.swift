import Foundation
import Sparring

/// The figures a trainer reads about a team, from any store's rows: per trainee, per module, per case,
/// and per trainee and rule. Only ids and numbers: the renderers give them titles in the trainer's language.
public struct TeamReport: Codable, Sendable, Equatable {
    public var generatedAt: Date
    /// `local` (this machine's store) or `team` (the team store).
    public var source: String
    public var filters: Filters
    public var trainees: [Trainee]
    /// The course's modules in order, with how far the team got through each.
    public var modules: [Module]
    /// Every case played, the hardest first (lowest pass rate, then lowest average score).
    public var cases: [CaseFigures]
    /// The rules behind any mistake, in the catalogue's order: the heat map's columns.
    public var rules: [String]

    public struct Filters: Codable, Sendable, Equatable {
        public var since: Date?
        public var until: Date?
        public var module: String?
        public init(since: Date? = nil, until: Date? = nil, module: String? = nil) {
            self.since = since
            self.until = until
            self.module = module
        }
    }

    public struct RuleCount: Codable, Sendable, Equatable {
        public var rule: String
        public var count: Int
    }

    public struct ScorePoint: Codable, Sendable, Equatable {
        /// The attempt's id, which the HTML report's filters find the point by.
        public var attempt: String
        public var at: Date
        public var caseId: String
        public var module: String?
        public var score: Int
        public var passed: Bool
    }

    public struct Trainee: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var team: String?
        public var language: String
        public var attempts: Int
        /// Finished attempts that count (not quit).
        public var finished: Int
        public var passedCases: Int
        /// The average, over the cases played, of the best score in each.
        public var averageBest: Int?
        /// The module the trainee works on now, `finished` when the course is done, nil with no course.
        public var module: String?
        public var modulesDone: Int
        /// The three most frequent mistakes, most frequent first.
        public var mistakes: [RuleCount]
        /// Every mistake made, by rule id: the trainee's row of the heat map.
        public var mistakeCounts: [String: Int]
        /// Scores of the counted attempts in the order they finished.
        public var scores: [ScorePoint]
        /// The average of the last three scores less the average of the three before (fewer when fewer
        /// were played); nil with fewer than two scores.
        public var trend: Int?
    }

    public struct Module: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        /// Trainees who passed the module.
        public var done: Int
        /// Trainees working on it now.
        public var current: Int
    }

    public struct CaseFigures: Codable, Sendable, Equatable {
        public var caseId: String
        public var attempts: Int
        public var trainees: Int
        public var passed: Int
        /// Passed attempts over counted attempts, 0...1.
        public var passRate: Double
        public var averageScore: Double
    }

    /// Builds the figures; `courses` are the course per language code, for the module a trainee reached;
    /// `moduleOrder` is the course the module figures follow (the trainer's language).
    public init(rows: TeamRows, source: String, filters: Filters = Filters(), courses: [String: Course] = [:],
                moduleOrder: Course? = nil, generatedAt: Date = Date()) {
        self.generatedAt = generatedAt
        self.source = source
        self.filters = filters
        let attemptsByProfile = Dictionary(grouping: rows.attempts, by: \.profileId)
        let turnsByAttempt = Dictionary(grouping: rows.turns, by: \.attemptId)
        var moduleDone: [String: Int] = [:], moduleCurrent: [String: Int] = [:]
        var trainees: [Trainee] = []
        for profile in rows.profiles {
            let attempts = (attemptsByProfile[profile.id] ?? []).sorted { $0.startedAt < $1.startedAt }
            let counted = attempts.filter(\.counted).sorted { $0.finishedAt! < $1.finishedAt! }
            let best = Dictionary(grouping: counted, by: \.caseId).values.map { $0.compactMap(\.score).max() ?? 0 }
            let rules = attempts.flatMap { turnsByAttempt[$0.id]?.flatMap { $0.findings.map(\.rule) } ?? [] }
            let counts = Dictionary(rules.map { ($0, 1) }, uniquingKeysWith: +)
            let top = counts.sorted { ($0.value, RuleCatalog.order(of: $1.key)) > ($1.value, RuleCatalog.order(of: $0.key)) }
                .prefix(3).map { RuleCount(rule: $0.key, count: $0.value) }
            var module: String?
            var done = 0
            if let course = courses[profile.language] ?? moduleOrder {
                let results = counted.map {
                    CaseResult(caseId: $0.caseId, score: $0.score!, passed: $0.passed ?? false, moduleId: $0.moduleId,
                               hintsAllowed: $0.hintsAllowed)
                }
                let progress = CourseProgress(course: course, results: results)
                for state in progress.modules {
                    if state.status == .done { moduleDone[state.module.id, default: 0] += 1; done += 1 }
                    if state.status == .current { moduleCurrent[state.module.id, default: 0] += 1 }
                }
                module = progress.modules.first { $0.status == .current }?.module.id ?? "finished"
            }
            let scores = counted.map {
                ScorePoint(attempt: $0.id, at: $0.finishedAt!, caseId: $0.caseId, module: $0.moduleId, score: $0.score!,
                           passed: $0.passed ?? false)
            }
            trainees.append(Trainee(
                id: profile.id, name: profile.name, team: profile.team, language: profile.language,
                attempts: attempts.count, finished: counted.count,
                passedCases: Set(counted.filter { $0.passed == true }.map(\.caseId)).count,
                averageBest: best.isEmpty ? nil : Int((Double(best.reduce(0, +)) / Double(best.count)).rounded()),
                module: module, modulesDone: done, mistakes: top, mistakeCounts: counts, scores: scores,
                trend: Self.trend(scores.map(\.score))))
        }
        self.trainees = trainees.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
        modules = (moduleOrder?.modules ?? []).map {
            Module(id: $0.id, title: $0.title, done: moduleDone[$0.id] ?? 0, current: moduleCurrent[$0.id] ?? 0)
        }
        // duels are a module of their own, after the course's: who won a case in one, who played without
        let duels = rows.attempts.filter { $0.moduleId == Self.duelModule && $0.counted }
        if !duels.isEmpty {
            let byTrainee = Dictionary(grouping: duels, by: \.profileId)
            let passed = byTrainee.values.filter { $0.contains { $0.passed == true } }.count
            modules.append(Module(id: Self.duelModule, title: Self.duelModule, done: passed,
                                  current: byTrainee.count - passed))
        }
        let countedAttempts = rows.attempts.filter(\.counted)
        cases = Dictionary(grouping: countedAttempts, by: \.caseId).map { caseId, attempts in
            let passed = attempts.filter { $0.passed == true }.count
            return CaseFigures(caseId: caseId, attempts: attempts.count, trainees: Set(attempts.map(\.profileId)).count,
                               passed: passed, passRate: Double(passed) / Double(attempts.count),
                               averageScore: Double(attempts.compactMap(\.score).reduce(0, +)) / Double(attempts.count))
        }.sorted { ($0.passRate, $0.averageScore, $0.caseId) < ($1.passRate, $1.averageScore, $1.caseId) }
        rules = Set(trainees.flatMap(\.mistakeCounts.keys)).sorted { RuleCatalog.order(of: $0) < RuleCatalog.order(of: $1)
            || (RuleCatalog.order(of: $0) == RuleCatalog.order(of: $1) && $0 < $1) }
    }

    /// The module id duel attempts are kept under.
    public static let duelModule = "duel"

    static func trend(_ scores: [Int]) -> Int? {
        guard scores.count >= 2 else { return nil }
        let half = min(3, scores.count / 2)
        let last = scores.suffix(half), before = scores.dropLast(half).suffix(half)
        func average(_ values: ArraySlice<Int>) -> Double { Double(values.reduce(0, +)) / Double(values.count) }
        return Int((average(last) - average(before)).rounded())
    }
}
