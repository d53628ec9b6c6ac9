/// Stay in the channel the customer chose; if you must move, say why.
public struct ChannelPushRule: Rule {
    public static let id = "channel-push"
    public static let severity = Severity.major
    public static let needsCase = false

    public static let examples: [RuleExample] = [
        RuleExample("По этому вопросу звоните на горячую линию.", .ru, triggers: true),
        RuleExample("Напишите нам в личные сообщения номер договора, чтобы не показывать его в открытой ленте.", .ru, triggers: false),
        RuleExample("Please call our hotline about this.", .en, triggers: true),
        RuleExample("Please send the contract number in a private message, so that it is not visible in the public feed.", .en,
                    triggers: false),
    ]

    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        guard context.report.signals.channelPush, let evidence = context.report.evidence["channel_push"] else { return [] }
        if !context.pack.matches("reason", in: context.report.reply).isEmpty { return [] }
        return [context.finding(self, evidence: [context.quote(evidence)], values: ["quote": evidence.quote])]
    }
}
