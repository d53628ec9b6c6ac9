/// Deadly mistake 2: asking the customer for what the company's own systems hold.
public struct LookItUpRule: Rule {
    public static let id = "look-it-up"
    public static let severity = Severity.deadly
    public static let needsCase = true

    public static let examples: [RuleExample] = [
        RuleExample("Назовите, пожалуйста, номер телефона, на который вы записывались.", .ru, triggers: true,
                    ExampleSetup(records: [.phone])),
        RuleExample("Я нашла вашу запись по номеру телефона: она подтверждена.", .ru, triggers: false,
                    ExampleSetup(records: [.phone])),
        RuleExample("TICKET NUMBER PLEASE", .en, triggers: true, ExampleSetup(records: [.ticket])),
        RuleExample("I found your ticket in our system, and the engineer's notes are there.", .en, triggers: false,
                    ExampleSetup(records: [.ticket])),
        // the second item of a list is asked for as much as the first, which the customer gave
        RuleExample("Пришлите номер, с которого пришло сообщение, а также номер лицевого счёта.", .ru, triggers: true,
                    ExampleSetup(givenAsked: ["номер ... пришл*"], records: [.account])),
        RuleExample("Please send me the number the text came from and your account number.", .en, triggers: true,
                    ExampleSetup(givenAsked: ["number ... came|come ... from"], records: [.account])),
        RuleExample("Пришлите номер заказа и последние 4 цифры карты.", .ru, triggers: true,
                    ExampleSetup(records: [.order])),
        RuleExample("Can I just confirm your phone number so someone can call you back?", .en, triggers: true,
                    ExampleSetup(records: [.phone])),
        RuleExample("Номер вашего заказа — 48213, он уже оформлен.", .ru, triggers: false,
                    ExampleSetup(records: [.order])),
    ]

    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        guard let caseFile = context.caseFile, !context.report.requests.isEmpty else { return [] }
        // «номер счёта» the customer gave in the opening (their invoice) is already-given's, whatever kind of
        // number the words could also name; another item of the same list ("the sender's number and your account
        // number") is still asked for
        let givenAsked = caseFile.given.flatMap { context.pack.matches($0.askedBy, in: context.report.reply) }
        return context.report.requests.compactMap { request in
            guard !caseFile.given.contains(where: { $0.kind == request.kind }), !context.isAgentStatement(request.evidence),
                  !context.restatesCustomer(request.evidence),
                  !givenAsked.contains(where: { $0.start < request.named.end && request.named.start < $0.end }),
                  let record = caseFile.records.first(where: { $0.kind == request.kind }) else { return nil }
            let held = record.value.map { "\(record.label): \($0)" } ?? record.label
            return context.finding(self, evidence: [context.quote(request.evidence), held],
                                   values: ["quote": request.evidence.quote, "fact": held])
        }
    }
}
