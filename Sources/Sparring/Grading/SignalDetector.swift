import Foundation

/// Reads a reply for the signals of SIGNALS.md, each with the words that showed it.
extension LanguagePack {
    /// - Parameter usingModel: false gives what the lexicons alone find, as the model is trained beside them.
    public func signals(for text: String, usingModel: Bool = true) -> SignalReport {
        let reply = analyze(text)
        var report = SignalReport(reply: reply)
        func evidence(_ match: PhraseMatch) -> Evidence {
            Evidence(quote: reply.quote(match.start, match.end), start: match.start, end: match.end)
        }
        func first(_ name: String) -> Evidence? { matches(name, in: reply).first.map(evidence) }

        if let greeting = first("greeting") {
            report.signals.greeting = true
            report.evidence["greeting"] = greeting
        }
        // «простите, это наша ошибка» is one apology: admissions make the signal but never repeat it
        // a bare "sorry," that runs on into empathy ("I'm sorry, four nights of drops sounds miserable") is sorrow;
        // "Sorry about the noise" and a sorry whose empathy comes only after what we did stay apologies
        let empathy = matches("empathy", in: reply)
        let bare = matches("apology-bare", in: reply).filter { match in
            let tokens = reply.sentences[match.sentence].tokens
            guard let at = tokens.firstIndex(where: { $0.start == reply.sentences[match.sentence].words[match.last].start }),
                  at + 1 < tokens.count else { return false }
            return tokens[at + 1].kind == .punctuation
        }
        report.apologies = matches("apology", in: reply).filter { apology in
            !bare.contains { $0.sentence == apology.sentence && $0.first == apology.first && $0.last == apology.last }
                || !empathy.contains { $0.sentence == apology.sentence && $0.first > apology.last && $0.first - apology.last <= 10 }
        }.map(evidence)
        if let apology = report.apologies.first ?? first("apology-admission") {
            report.signals.apology = true
            report.evidence["apology"] = apology
        }
        if let empathy = empathy.first.map(evidence) {
            report.signals.empathy = true
            report.evidence["empathy"] = empathy
        }
        detectRequests(in: reply, into: &report)

        // a question that asks for data ("Which email did you use?") is a request, not a clarification
        var clarifying: Evidence?
        for index in reply.sentences.indices {
            let range = index..<index + 1
            let asking = report.requestSentences.contains(index)
            // in a sentence that asks for data, a clarification must not be the request itself ("Which email did you use?")
            let strong = matches(lexicon("clarifying"), in: reply, sentences: range).first { match in
                !asking || !report.requestSpans.contains { $0.sentence == index && $0.first <= match.last && match.first <= $0.last }
            }
            if let match = strong ?? (reply.sentences[index].isQuestion && !asking ? matches(lexicon("clarifying-question"), in: reply, sentences: range).first : nil) {
                clarifying = evidence(match)
                break
            }
        }
        if let clarifying {
            report.signals.clarifying = true
            report.evidence["clarifying"] = clarifying
        }

        let handoff = first("escalation-handoff")
        if let handoff, first("escalation-ownership") != nil {
            report.signals.escalation = true
            report.evidence["escalation"] = handoff
        }
        // "I'm new here, but I've asked a senior colleague" owns the issue: only plain disowning counts
        // and so does doing it oneself: "it can only be done by a chat agent, so I've turned it off for you"
        let strongDeflection = first("deflection")
        let owns = report.signals.escalation || first("self-action") != nil
        if let deflection = strongDeflection ?? (owns ? nil : first("deflection-weak")) {
            report.signals.deflection = true
            report.evidence["deflection"] = deflection
        }
        if let push = first("channel") ?? namedChannel(in: reply, report: report) {
            report.signals.channelPush = true
            report.evidence["channel_push"] = push
        }
        if let canned = first("canned") {
            report.signals.canned = true
            report.evidence["canned"] = canned
        }
        if !usingModel { report.modelFeatures = modelFeatures(reply) }
        if usingModel, let model {
            // a hand-off the lexicons read with no owner and no time ("I'll forward it, they will contact you")
            // passes the buck: the model does not make it an escalation
            let ownerless: Set<String> = handoff == nil || report.signals.escalation ? [] : ["escalation"]
            addModelSignals(model, to: &report, skipping: ownerless)
            // an escalation with ownership cancels disowning that no deflection lexicon line states,
            // whether the escalation or that weaker disowning came from the lexicons or the model
            if owns, report.signals.deflection, strongDeflection == nil {
                report.signals.deflection = false
                report.evidence["deflection"] = nil
            }
        }
        report.defects = writingDefects(in: reply)
        if let defect = report.defects.first {
            report.signals.hygiene = true
            report.evidence["hygiene"] = defect.evidence
        }
        return report
    }

    /// A channel only named ("support line", «по телефону») pushes the customer there in a sentence that asks or
    /// suggests, gives a number or an address, or is a short line: not in one that tells what happened.
    private func namedChannel(in reply: AnalyzedReply, report: SignalReport) -> Evidence? {
        let asking = Set(matches("request", in: reply).map(\.sentence))
            .union(matches("suggestion", in: reply).map(\.sentence)).union(report.requestSentences)
        return matches("channel-mention", in: reply).first { match in
            let sentence = reply.sentences[match.sentence]
            guard !sentence.isQuestion else { return false }
            return asking.contains(match.sentence) || sentence.words.count <= 6
                || sentence.words.contains { $0.kind == .number || $0.kind == .address }
        }.map { Evidence(quote: reply.quote($0.start, $0.end), start: $0.start, end: $0.end) }
    }

    /// Adds the signals the lexicons missed and the model is sure of, quoting the sentence that weighed most.
    private func addModelSignals(_ model: SignalModel, to report: inout SignalReport, skipping: Set<String>) {
        let verdicts = model.verdicts(report.reply, negation: negation)
        for (head, verdict) in zip(model.heads, verdicts) where verdict.probability >= head.threshold {
            guard report.signals[flag: head.signal] == false, !skipping.contains(head.signal) else { continue }
            // SIGNALS.md's boundary holds for the model too: a question that asks for data is a request
            if head.signal == "clarifying" && report.requestSentences.contains(verdict.sentence) { continue }
            // and the one between sorrow and apology: a sentence the lexicons read as sorry for what happened to the
            // customer ("We're sorry your order is late") is empathy; the model does not make it an apology
            if head.signal == "apology", let empathy = report.evidence["empathy"], empathy.note == nil,
               report.reply.sentences[verdict.sentence].tokens.contains(where: { $0.start == empathy.start }) {
                continue
            }
            let sentence = report.reply.sentences[verdict.sentence]
            guard let first = sentence.tokens.first, let last = sentence.tokens.last(where: { $0.kind != .punctuation }) else { continue }
            report.signals[flag: head.signal] = true
            report.evidence[head.signal] = Evidence(quote: report.reply.quote(first.start, last.end), start: first.start, end: last.end,
                                                    note: "signal model, p = " + String(format: "%.2f", verdict.probability))
        }
    }

    private func detectRequests(in reply: AnalyzedReply, into report: inout SignalReport) {
        let request = lexicon("request")
        for (index, sentence) in reply.sentences.enumerated() {
            let range = index..<index + 1
            // a data word in a short line ("Ticket number?") asks by itself, unless the line gives it ("Reopened ticket 48213.")
            let givesNothing = !sentence.words.contains { $0.kind == .number || $0.kind == .address }
            // a list of data with no verb asks too when it ends with "please":
            // "Booking reference, email and phone number please"
            let listed = givesNothing && sentence.words.count <= 12
                && sentence.words.last.map { LanguagePack.parentheticals.contains($0.folded) } == true
            let short = givesNothing && sentence.words.count <= 5 || listed
            // "I'll send you the label", "He will check and reply here": a one-word cue after a subject in
            // its clause is the agent's own statement, not a request
            let requested = matches(request, in: reply, sentences: range).contains { match in
                match.first != match.last || !sentence.words[..<match.first].contains {
                    $0.clause == sentence.words[match.first].clause && requestSubjects.contains($0.folded)
                }
            }
            guard short || requested else { continue }
            // "your message in ticket 77105 should have been answered" names the ticket: it gives it, asks nothing
            func named(_ match: PhraseMatch) -> Bool {
                let next = sentence.words.dropFirst(match.last + 1).prefix(2)
                return next.first?.kind == .number || next.count == 2 && next.last?.kind == .number
                    && ["no", "№", "#", "number"].contains(next.first?.folded ?? "")
            }
            let found = DataKind.requestable.compactMap { kind in
                matches(lexicon("asks-\(kind.rawValue)"), in: reply, sentences: range).first { !named($0) }.map { (kind, $0) }
            }
            // a short line asks when it is a question or opens with the data ("Order number, please"; then every
            // item of its list counts), not when it signs off ("Best regards, Nick Walker")
            let opensWithData = found.contains { $0.1.first == 0 }
            for (kind, match) in found {
                if !requested && !sentence.isQuestion && !(opensWithData && (listed || match.first == 0)) { continue }
                report.requestSentences.insert(index)
                report.requestSpans.append(match)
                guard !report.requests.contains(where: { $0.kind == kind }) else { continue }
                // quote the whole asking sentence: «Назовите номер телефона», not just «телефона»
                let start = sentence.tokens.first?.start ?? match.start
                let end = sentence.tokens.last(where: { $0.kind != .punctuation })?.end ?? match.end
                let evidence = Evidence(quote: reply.quote(start, end), start: start, end: end)
                report.evidence["asks_for.\(kind.rawValue)"] = evidence
                let named = Evidence(quote: reply.quote(match.start, match.end), start: match.start, end: match.end)
                report.requests.append(DataRequest(kind: kind, evidence: evidence, named: named))
            }
        }
        report.signals.asksFor = report.requests.map(\.kind).sorted()
    }
}
