import Foundation
import Sparring
import SparringStore

/// Plays one case in the terminal for one profile: offers to resume an unfinished attempt,
/// commits every turn as it is played, and shows the debrief at the end.
struct CaseRunner {
    let grader: Grader
    let workspace: Workspace
    let profile: Profile
    let reader: LineReader
    let view: SessionView
    /// A trainer's playtest: every signal with its evidence after each reply.
    var explain = false
    /// Called after every line the session handled (a networked duel reports the result here).
    var afterTurn: ((Session) -> Void)?

    /// Plays `caseFile`; returns the outcome and the finished attempt, nil outcome when the trainee left to resume later.
    func play(_ caseFile: Case, seed: UInt64, moduleId: String? = nil, hintsAllowed: Bool = true) throws -> (Outcome?, Attempt?) {
        try play(preview: CasePreview(caseFile), load: { caseFile }, seed: seed, moduleId: moduleId, hintsAllowed: hintsAllowed)
    }

    /// Plays a case shown from its preview at once; the case itself is loaded (`load`) when the first
    /// line needs grading, so the prompt never waits for the dictionaries.
    func play(preview: CasePreview, load: () throws -> Case, seed: UInt64, moduleId: String? = nil,
              hintsAllowed: Bool = true) throws -> (Outcome?, Attempt?) {
        var attempt: Attempt
        // held while this process plays the attempt: another terminal on the same profile starts its own
        var lease: AttemptLease
        var pending: Session?
        let store = workspace.store
        // an unfinished attempt is offered only once this process holds it (another may have taken it meanwhile)
        var resumable: (Attempt, [Turn], AttemptLease)?
        if let (unfinished, turns) = try store.unfinishedAttempt(profileId: profile.id!),
           unfinished.caseId == preview.id, unfinished.caseLanguage == preview.language.rawValue,
           case .success(let claimed) = try store.claim(attemptId: unfinished.id!),
           try store.isUnfinished(attemptId: unfinished.id!) {
            if turns.contains(where: { $0.kind == TurnRecord.Kind.reply.rawValue }) {
                resumable = (unfinished, turns, claimed)
            } else {
                // nothing was answered: there is nothing to resume, and nothing is asked
                try store.abandon(attemptId: unfinished.id!)
                claimed.end()
            }
        }
        if let (unfinished, turns, claimed) = resumable, askResume(turns, preview: preview) {
            attempt = unfinished
            lease = claimed
            print(view.header(preview))
            print(view.render(.customer(name: preview.personaName, text: preview.opening.trimmed)) ?? "")
            let session = Session(caseFile: try load(), grader: grader, seed: UInt64(bitPattern: unfinished.seed),
                                  hintsAllowed: unfinished.hintsAllowed)
            // the session is deterministic: replaying the saved inputs rebuilds it exactly, and the
            // conversation is shown again as it was, the customer's lines too
            let prompt = view.prompt(preview)
            for turn in turns {
                print(view.layout.wrap(turn.input, first: view.style.bold(prompt)))
                for event in session.handle(turn.input) {
                    if case .ended = event { continue }
                    if let rendered = view.render(event) { print(rendered) }
                }
            }
            pending = session
            print(view.resumed(replies: turns.filter { $0.kind == TurnRecord.Kind.reply.rawValue }.count))
        } else {
            if let (declined, _, claimed) = resumable {
                try store.abandon(attemptId: declined.id!)
                claimed.end()
            }
            let live = try store.liveAttempts(profileId: profile.id!)
            if let (_, holder) = live.first(where: { $0.0.caseId == preview.id }) {
                print(view.style.yellow(view.text("play.live-attempt", ["pid": String(holder.pid)])))
            }
            (attempt, lease) = try store.startLeasedAttempt(profileId: profile.id!, caseId: preview.id,
                                                            language: preview.language, seed: seed, moduleId: moduleId,
                                                            hintsAllowed: hintsAllowed)
            print(view.header(preview))
            print(view.render(.customer(name: preview.personaName, text: preview.opening.trimmed)) ?? "")
        }
        // the lease lives until play returns, however it returns
        defer { withExtendedLifetime(lease) {} }
        LineReader.completer = { prefix in Self.completions(prefix, caseFile: pending?.caseFile) }
        let promptText = view.prompt(preview)

        while pending?.isOver != true {
            guard let line = reader.read(prompt: LineReader.promptSafe(view.style.bold(promptText)), plainPrompt: promptText) else {
                print("\n" + view.saved(preview.title))
                return (nil, attempt)
            }
            if pending == nil, line.trimmed.lowercased() == "/quit" {
                print(view.saved(preview.title))
                return (nil, attempt)
            }
            let session = try pending ?? Session(caseFile: load(), grader: grader, seed: seed, hintsAllowed: hintsAllowed)
            pending = session
            let caseFile = session.caseFile
            let before = session.turns.count
            let events = session.handle(line)
            if events.contains(.restarted) {
                try store.abandon(attemptId: attempt.id!)
                lease.end()
                (attempt, lease) = try store.startLeasedAttempt(profileId: profile.id!, caseId: caseFile.id,
                                                                language: caseFile.language, seed: session.seed,
                                                                moduleId: moduleId, hintsAllowed: hintsAllowed)
            } else {
                for record in session.turns.dropFirst(before) { try store.append(record, to: attempt.id!) }
            }
            defer { afterTurn?(session) }
            for event in events {
                if explain, case .findings = event, let report = session.lastReport {
                    print(view.signals(report))
                    print(view.matching(session))
                }
                if let rendered = view.render(event) { print(rendered) }
                if case .ended(let outcome) = event {
                    if outcome == .quit {
                        print(view.saved(caseFile.title))
                        return (nil, attempt)
                    }
                    try store.finish(attemptId: attempt.id!, outcome: outcome, score: session.score,
                                     passed: session.passed)
                    lease.end()
                    print(view.debrief(session.debrief()))
                    attempt.outcome = outcome.rawValue
                    attempt.score = session.score
                    attempt.passed = session.passed
                    return (outcome, attempt)
                }
            }
        }
        return (pending?.outcome, attempt)
    }

    /// Whether to resume: asked on a terminal; scripted input resumes, for its lines are replies, never answers.
    private func askResume(_ turns: [Turn], preview: CasePreview) -> Bool {
        guard reader.interactive else {
            print(view.layout.wrap(view.style.dim(view.text("play.resume-piped",
                                                             ["steps": view.words.count("play.steps", turns.count)]))))
            return true
        }
        let question = view.resumeQuestion(steps: turns.count) + " "
        guard let answer = reader.read(prompt: question, plainPrompt: question) else { return true }
        // a no in the case's language or the trainee's: «н», «нет», "n", "no"
        return ![preview.language, view.language].contains { LanguageFacts.of($0).saysNo(answer) }
    }

    /// Tab completion: slash commands, then /lookup's record kinds.
    static func completions(_ prefix: String, caseFile: Case?) -> [String] {
        let trimmed = prefix.trimmed
        if trimmed.isEmpty { return Session.commands }
        if trimmed == "/lookup", let caseFile {
            return Array(Set(caseFile.records.map(\.kind).filter { $0 != .other }.map(\.rawValue))).sorted()
        }
        return []
    }
}
