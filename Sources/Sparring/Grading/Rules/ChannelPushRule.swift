/// Stay in the channel the customer chose; if you must move, say why.
public struct ChannelPushRule: Rule {
    public static let id = "channel-push"
    public static let severity = Severity.major
    public static let needsCase = false

    public static let examples: [RuleExample] = [
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
    ]

    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        guard context.report.signals.channelPush, let evidence = context.report.evidence["channel_push"] else { return [] }
        let reply = context.report.reply
        if !context.pack.matches("reason", in: reply).isEmpty { return [] }
        // a call back to a customer who is already on the phone stays in their channel
        if context.caseFile?.channel == .phone,
           context.pack.matches("channel-phone", in: reply).contains(where: { $0.start >= evidence.start - 40 && $0.end <= evidence.end + 40 }) {
            return []
        }
        return [context.finding(self, evidence: [context.quote(evidence)], values: ["quote": evidence.quote])]
    }
}
