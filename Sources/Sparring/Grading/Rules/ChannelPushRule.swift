/// Stay in the channel the customer chose; if you must move, say why.
public struct ChannelPushRule: Rule {
    public static let id = "channel-push"
    public static let severity = Severity.major
    public static let needsCase = false

    public static let examples: [RuleExample] = [
        // another inbox for what this chat could take
        RuleExample("Отправьте, пожалуйста, файл и скриншот ошибки на нашу почту поддержки.", .ru, triggers: true),
        RuleExample("Please send the file and a screenshot of the error to our support email.", .en, triggers: true),
        RuleExample("Please email the file to our data migration team and they will convert it.", .en, triggers: true),
        // a private message we send ourselves keeps the customer where they are
        RuleExample("I'm sending you a private message now, so we can go through it there.", .en, triggers: false,
                    ExampleSetup(channel: .social)),
        RuleExample("Я отправлю вам личное сообщение, продолжим там.", .ru, triggers: false, ExampleSetup(channel: .social)),
        RuleExample("По этому вопросу звоните на горячую линию.", .ru, triggers: true),
        RuleExample("Напишите нам в личные сообщения номер договора, чтобы не показывать его в открытой ленте.", .ru, triggers: false),
        RuleExample("Please call our hotline about this.", .en, triggers: true),
        RuleExample("Я перезвоню вам, как только узнаю, можете пока положить трубку.", .ru, triggers: false,
                    ExampleSetup(channel: .phone)),
        RuleExample("I'll call you back within the hour, you can put the phone down now.", .en, triggers: false,
                    ExampleSetup(channel: .phone)),
        RuleExample("I can't see card details in public comments, so message me here privately.", .en, triggers: false),
        RuleExample("Please send the contract number in a private message, so that it is not visible in the public feed.", .en,
                    triggers: false),
        RuleExample("DM us your order number so we can check what happened.", .en, triggers: false),
        RuleExample("To book it please call our reception, it's much quicker than doing it in chat.", .en, triggers: true),
        RuleExample("Чтобы быстрее согласовать замену, позвоните, пожалуйста, в гарантийный отдел.", .ru, triggers: true),
        RuleExample("Напишите нам в личные сообщения номер заказа, чтобы мы могли его проверить.", .ru, triggers: false),
    ]

    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        guard context.report.signals.channelPush, let evidence = context.report.evidence["channel_push"] else { return [] }
        let reply = context.report.reply
        // a move is excused only when it is truly needed: what it protects, or any stated purpose for a move
        // to private messages on the same platform; "call us, it's quicker" is no reason
        if !context.pack.matches("reason", in: reply).isEmpty { return [] }
        if !context.pack.matches("reason-weak", in: reply).isEmpty,
           context.pack.matches("channel-private", in: reply).contains(where: { $0.start < evidence.end + 40 && $0.end > evidence.start - 40 }) {
            return []
        }
        // a call back to a customer who is already on the phone stays in their channel
        if context.caseFile?.channel == .phone,
           context.pack.matches("channel-phone", in: reply).contains(where: { $0.start >= evidence.start - 40 && $0.end <= evidence.end + 40 }) {
            return []
        }
        return [context.finding(self, evidence: [context.quote(evidence)], values: ["quote": evidence.quote])]
    }
}
