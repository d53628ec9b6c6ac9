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
            pending = try resume(turns, caseFile: load(), attempt: unfinished, preview: preview)
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
            session.traineeLanguage = view.language
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
                // the line's turn keeps what was shown after it and where the session stands, for a resume
                let added = Array(session.turns.dropFirst(before))
                for (index, record) in added.enumerated() {
                    let last = index == added.count - 1
                    try store.append(record, to: attempt.id!, shown: last ? Self.shown(events) : [],
                                     state: last ? session.snapshot : nil)
                }
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

    /// Shows an unfinished attempt's conversation again and returns its session, ready for the next line.
    /// Turns kept with their state go on from it: their findings are worded from the stored ids in the
    /// trainee's language, the customer's lines are the ones shown then, and nothing is graded again.
    /// Turns kept before states were (v4-findings-as-ids) are replayed through the deterministic session.
    private func resume(_ turns: [Turn], caseFile: Case, attempt: Attempt, preview: CasePreview) -> Session {
        let seed = UInt64(bitPattern: attempt.seed)
        let prompt = view.prompt(preview)
        guard let state = turns.last?.decodedState else {
            let session = Session(caseFile: caseFile, grader: grader, seed: seed, hintsAllowed: attempt.hintsAllowed)
            session.traineeLanguage = view.language
            for turn in turns {
                print(view.layout.wrap(turn.input, first: view.style.bold(prompt)))
                for event in session.handle(turn.input) {
                    if case .ended = event { continue }
                    if let rendered = view.render(event) { print(rendered) }
                }
            }
            return session
        }
        var records: [TurnRecord] = []
        for turn in turns {
            guard let kind = TurnRecord.Kind(rawValue: turn.kind) else { continue }
            let stored = turn.decodedFindings
            records.append(TurnRecord(number: turn.number, kind: kind, input: turn.input,
                                      findings: stored.findings(grader.catalog, caseFile.language),
                                      penalty: turn.penalty))
            print(view.layout.wrap(turn.input, first: view.style.bold(prompt)))
            if kind == .reply {
                let shown = stored.findings(grader.catalog, caseFile.language)
                print(view.render(.findings(turn: turn.number, findings: shown, penalty: turn.penalty)) ?? "")
            }
            for event in turn.decodedShown ?? [] {
                if let event = event.sessionEvent(caseFile: caseFile, catalog: grader.catalog),
                   let rendered = view.render(event) { print(rendered) }
            }
        }
        let session = Session(caseFile: caseFile, grader: grader, seed: seed, hintsAllowed: attempt.hintsAllowed,
                              resuming: records, at: state)
        session.traineeLanguage = view.language
        return session
    }

    /// What a line showed the trainee beside its findings (kept with its turn): the customer's lines,
    /// records, hints and notices. Findings are kept by id; the end, history and checklist are not replayed.
    static func shown(_ events: [SessionEvent]) -> [DuelEvent] {
        events.compactMap { event in
            switch event {
            case .customer, .records, .hint, .notice: return DuelEvent(event)
            case .findings, .owed, .checklist, .history, .restarted, .ended: return nil
            }
        }
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
