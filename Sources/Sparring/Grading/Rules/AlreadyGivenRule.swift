/// Deadly mistake 1: asking for what the customer already gave.
public struct AlreadyGivenRule: Rule {
    public static let id = "already-given"
    public static let severity = Severity.deadly
    public static let needsCase = true

    public static let examples: [RuleExample] = [
        RuleExample("Thank you for sending the screenshot; it made it easy to see what is going on.", .en, triggers: false,
                    ExampleSetup(given: [.screenshot])),
        // what the customer already tried, told back, asks for nothing
        RuleExample("Since you've cleared the cache and tried three browsers, I won't send you round that loop again.", .en,
                    triggers: false, ExampleSetup(givenAsked: ["clear|clearing ... cache"])),
        // what the agent does itself with what was given asks for nothing
        RuleExample("Если подходит, просто напишите «да», и я отправлю файл коллегам.", .ru, triggers: false,
                    ExampleSetup(givenAsked: ["отправьте|пришлите ... файл*"])),
        RuleExample("Just say yes and we'll send the file to the migration team.", .en, triggers: false,
                    ExampleSetup(givenAsked: ["send ... file"])),
        RuleExample("Просто напишите «да» и отправьте файл ещё раз.", .ru, triggers: true,
                    ExampleSetup(givenAsked: ["отправьте|пришлите ... файл*"])),
        // the customer's own question echoed as a heading before its answer asks for nothing
        RuleExample("Hello! Will the ticket be reopened? Yes: I have asked our lead to reopen 48213 today.", .en, triggers: false,
                    ExampleSetup(given: [.ticket], opening: "My ticket 48213 was closed. Will the ticket be reopened?")),
        RuleExample("Здравствуйте! Заявку переоткроют? Да, я попросила старшего открыть № 48213 сегодня.", .ru,
                    triggers: false, ExampleSetup(given: [.ticket], opening: "Мою заявку № 48213 закрыли. Заявку переоткроют?")),
        RuleExample("Пришлите, пожалуйста, скриншот ошибки.", .ru, triggers: true, ExampleSetup(given: [.screenshot])),
        RuleExample("Спасибо за скриншот: на нём видно, что платёж завис. Я уже отменила его.", .ru, triggers: false,
                    ExampleSetup(given: [.screenshot])),
        RuleExample("Could you send me a screenshot of the error?", .en, triggers: true, ExampleSetup(given: [.screenshot])),
        RuleExample("Thanks for the screenshot and the link; no need to send anything else.", .en, triggers: false,
                    ExampleSetup(given: [.screenshot, .link])),
        RuleExample("Thanks for the photo and the link: the developers have both.", .en, triggers: false,
                    ExampleSetup(given: [.screenshot, .link])),
        RuleExample("Спасибо за скриншот, повторно присылать ничего не нужно.", .ru, triggers: false,
                    ExampleSetup(given: [.screenshot])),
        RuleExample("Простите, что вам трижды советовали перезагрузить страницу: возврат я уже передала руководителю.", .ru,
                    triggers: false, ExampleSetup(givenAsked: ["перезагрузить страницу"])),
        RuleExample("Please try reloading the page once more.", .en, triggers: true, ExampleSetup(givenAsked: ["reload* ... page"])),
        RuleExample("I'm sorry you were told three times to reload the page: I've passed the refund to my lead.", .en,
                    triggers: false, ExampleSetup(givenAsked: ["reload* ... page"])),
    ]

    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        guard let caseFile = context.caseFile else { return [] }
        var findings: [Finding] = []
        let reply = context.report.reply
        let acknowledged = context.pack.matches("acknowledged", in: reply).map(\.sentence)
        for request in context.report.requests {
            // «Скриншот и ссылку получили»: a short line naming what arrived gives thanks, it asks nothing
            guard let fact = caseFile.given.first(where: { $0.kind == request.kind }), !context.isAgentStatement(request.evidence),
                  !context.restatesCustomer(request.evidence),
                  !acknowledged.contains(where: { sentence in
                      reply.sentences[sentence].words.contains { $0.start <= request.evidence.start && request.evidence.start < $0.end + 1 }
                  }) else { continue }
            findings.append(context.finding(self, evidence: [context.quote(request.evidence), fact.label],
                                            values: ["quote": request.evidence.quote, "fact": fact.label]))
        }
        // a mention, thanks, "no need to send it again" or "I've passed on your screenshot" asks nothing:
        // a question, a request or a suggestion does, unless the agent is the one who does it
        // "since you've cleared the cache, I won't send you round that loop again": a one-word cue after the
        // agent as subject of its clause is the agent's own statement
        let subjects = context.pack.requestSubjects
        let asking = Set((context.pack.matches("request", in: reply) + context.pack.matches("suggestion", in: reply))
            .filter { match in
                let words = reply.sentences[match.sentence].words
                return match.first != match.last || !words[..<match.first].contains {
                    $0.clause == words[match.first].clause && subjects.contains($0.folded)
                }
            }
            .map(\.sentence).filter { !subjects.contains(reply.sentences[$0].words.first?.folded ?? "") })
            .union(reply.sentences.indices.filter { reply.sentences[$0].isQuestion && !context.restatesCustomer($0) })
            // «Простите, что вам трижды советовали перезагрузить страницу» tells what went wrong, it asks nothing
            .subtracting(context.report.apologies.compactMap { apology in
                reply.sentences.indices.first { reply.sentences[$0].tokens.contains { $0.start == apology.start } }
            })
        for fact in caseFile.given where !fact.askedBy.isEmpty {
            // «не буду тратить ваше время на «выключите и включите»»: words in quotation marks name what is not asked
            guard let match = context.pack.matches(fact.askedBy, in: reply)
                .first(where: { !acknowledged.contains($0.sentence) && asking.contains($0.sentence)
                    && !context.agentDoes($0) && !reply.sentences[$0.sentence].words[$0.first].quoted })
            else { continue }
            let quote = reply.quote(match.start, match.end)
            findings.append(context.finding(self, evidence: ["«\(quote)»", fact.label], values: ["quote": quote, "fact": fact.label]))
        }
        return findings
    }
}
