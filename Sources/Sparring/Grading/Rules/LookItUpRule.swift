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
    ]

    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        guard let caseFile = context.caseFile, !context.report.requests.isEmpty else { return [] }
        // «номер счёта» the customer gave in the opening (their invoice) is already-given's, whatever kind of
        // number the words could also name
        let givenAsked = caseFile.given.flatMap { context.pack.matches($0.askedBy, in: context.report.reply) }
        return context.report.requests.compactMap { request in
            guard !caseFile.given.contains(where: { $0.kind == request.kind }), !context.isAgentStatement(request.evidence),
                  !context.restatesCustomer(request.evidence),
                  !givenAsked.contains(where: { $0.start < request.evidence.end && request.evidence.start < $0.end }),
                  let record = caseFile.records.first(where: { $0.kind == request.kind }) else { return nil }
            let held = record.value.map { "\(record.label): \($0)" } ?? record.label
            return context.finding(self, evidence: [context.quote(request.evidence), held],
                                   values: ["quote": request.evidence.quote, "fact": held])
        }
    }
}
