import Testing
@testable import Sparring

/// The boundaries SIGNALS.md names, each a classic grader mistake.
@Suite struct SignalBoundaryTests {
    @Test(arguments: [
        ("К сожалению, запись на эту дату закрыта.", Language.ru),
        ("Unfortunately, that date is fully booked.", .en),
    ])
    func unfortunatelyAloneIsNeitherApologyNorEmpathy(_ text: String, _ language: Language) {
        let signals = Shared.signals(text, language)
        #expect(!signals.apology)
        #expect(!signals.empathy)
    }

    @Test(arguments: [
        ("Мне жаль, что визит оставил такие впечатления.", Language.ru),
        ("I'm sorry to hear that the visit went so badly.", .en),
    ])
    func sorryToHearIsEmpathyNotApology(_ text: String, _ language: Language) {
        let signals = Shared.signals(text, language)
        #expect(signals.empathy)
        #expect(!signals.apology)
    }

    @Test(arguments: [
        ("Извините за ожидание, заказ уже в пути.", Language.ru),
        ("Sorry for the delay, your order is on its way.", .en),
        ("Приносим извинения: ошибка на нашей стороне.", .ru),
        ("That was our mistake, and it's fixed now.", .en),
    ])
    func apologies(_ text: String, _ language: Language) {
        #expect(Shared.signals(text, language).apology)
    }

    @Test func apologyForTheInconvenienceIsNotEmpathy() {
        let signals = Shared.signals("We apologize for the inconvenience.", .en)
        #expect(signals.apology)
        #expect(!signals.empathy)
    }

    @Test func askingForAPhoneIsNotClarifying() {
        let signals = Shared.signals("Уточните, пожалуйста, номер телефона.", .ru)
        #expect(signals.asksFor == [.phone])
        #expect(!signals.clarifying)
    }

    @Test(arguments: [
        ("Правильно ли я поняла, что письмо пришло сегодня утром?", Language.ru),
        ("О каком письме идёт речь?", .ru),
        ("Did I understand correctly that the email came this morning?", .en),
        ("Which email did you receive from us?", .en),
    ])
    func clarifyingQuestions(_ text: String, _ language: Language) {
        let signals = Shared.signals(text, language)
        #expect(signals.clarifying)
        #expect(signals.asksFor.isEmpty)
    }

    @Test func passingTheBuckIsDeflectionNotEscalation() {
        let signals = Shared.signals("Это к бухгалтеру, с вами свяжутся.", .ru)
        #expect(signals.deflection)
        #expect(!signals.escalation)
    }

    @Test(arguments: [
        ("Я передала ваш вопрос бухгалтеру, она ответит здесь сегодня до 17:00.", Language.ru),
        ("I've passed your question to our accountant, and I'll update you here by 5 pm.", .en),
    ])
    func handingUpWithOwnershipIsEscalation(_ text: String, _ language: Language) {
        let signals = Shared.signals(text, language)
        #expect(signals.escalation)
        #expect(!signals.deflection)
    }

    @Test func forwardingWithoutOwnerIsNoEscalation() {
        #expect(!Shared.signals("Your request has been forwarded. Someone will contact you.", .en).escalation)
        #expect(!Shared.signals("Ваша заявка принята, с вами свяжутся.", .ru).escalation)
    }

    @Test(arguments: [
        ("Не переживайте, это не ваша ошибка.", Language.ru),
        ("Вам не нужно извиняться за перенос урока.", .ru),
    ])
    func negatedApologyIsNoApology(_ text: String, _ language: Language) {
        #expect(!Shared.signals(text, language).apology)
    }

    @Test(arguments: [
        ("I won't ask you for your ID again.", Language.en),
        ("Скриншот присылать не нужно, я всё вижу.", .ru),
        ("There's no need to send the screenshot.", .en),
    ])
    func negatedRequestsAskForNothing(_ text: String, _ language: Language) {
        #expect(Shared.signals(text, language).asksFor.isEmpty)
    }

    @Test func inflectionsAndYo() {
        #expect(Shared.signals("Приношу свои извинения за задержку.", .ru).apology)
        #expect(Shared.signals("Ещё раз приносим извинения.", .ru).apology)
        #expect(Shared.signals("Еще раз приносим извинения.", .ru).apology)
        #expect(Shared.signals("We apologised for the delay.", .en).apology)
    }

    @Test func asksForEveryKindItNames() {
        #expect(Shared.signals("Пришлите, пожалуйста, ссылку на карточку товара и номер заказа.", .ru).asksFor == [.order, .link])
        #expect(Shared.signals("Please tell me your client number, your company name and a contact phone number.", .en).asksFor
            == [.phone, .company, .account])
    }

    @Test(arguments: [
        ("здравствуйте! заказ в пути.", Language.ru),
        ("Здравствуйте!Заказ в пути.", .ru),
        ("Здравствуйте,  заказ в пути.", .ru),
        ("Мы НЕ МОЖЕМ вернуть деньги.", .ru),
        ("Hello! Your order is allways on time.", .en),
    ])
    func writingDefects(_ text: String, _ language: Language) {
        #expect(Shared.signals(text, language).hygiene)
    }

    @Test(arguments: [
        ("Позвоните, пожалуйста, на горячую линию.", Language.ru),
        ("Please DM us the details.", .en),
        ("Please fill in the form on our website.", .en),
    ])
    func channelPush(_ text: String, _ language: Language) {
        #expect(Shared.signals(text, language).channelPush)
    }

    @Test func mentioningAChannelIsNotPushing() {
        #expect(!Shared.signals("Your new tickets have been sent to the email address on your booking.", .en).channelPush)
        #expect(!Shared.signals("Звонок в вашем случае не нужен.", .ru).channelPush)
        #expect(!Shared.signals("Do you mean it wasn't handed to her in person?", .en).channelPush)
        #expect(Shared.signals("You will need to come in person with your passport.", .en).channelPush)
        #expect(!Shared.signals("Rest assured your concern will be looked into.", .en).channelPush, "'rest' and 'ring' share no word")
        #expect(!Shared.signals("Phone system integrations are Kevin's area.", .en).channelPush)
        #expect(Shared.signals("Call us on 0800 123 456.", .en).channelPush)
    }

    @Test func needingAndFavoursAskButSignOffsAndGivenNumbersDoNot() {
        #expect(Shared.signals("To trace it we'll need the order number from your admin panel.", .en).asksFor == [.order])
        #expect(Shared.signals("Mind sharing the link to the event page?", .en).asksFor == [.link])
        #expect(Shared.signals("Не подскажете номер заказа? По нему найду посылку.", .ru).asksFor == [.order])
        #expect(Shared.signals("Для возврата понадобятся номер заказа и скриншот гарантийного талона.", .ru).asksFor == [.order, .screenshot])
        #expect(Shared.signals("Thanks for waiting. Best regards, Nick Walker", .en).asksFor.isEmpty)
        #expect(Shared.signals("I've reopened ticket 48213.", .en).asksFor.isEmpty)
        #expect(Shared.signals("I'll stay on the ticket and confirm once the fix is applied.", .en).asksFor.isEmpty, "the agent's own statement")
        #expect(Shared.signals("Send me the ticket number, I'll check.", .en).asksFor == [.ticket])
    }

    @Test func anotherPartysSideIsDisowningOnlyWithoutOwnership() {
        #expect(Shared.signals("The payment is stuck on the bank's side.", .en).deflection)
        let owned = Shared.signals("The payment is stuck on the bank's side; I've raised it with our payments team and they will reply here by 5pm.", .en)
        #expect(owned.escalation)
        #expect(!owned.deflection)
    }

    @Test(arguments: [
        ("Ваше обращение очень важно для нас.", Language.ru),
        ("Your call is important to us.", .en),
        ("We value every customer.", .en),
    ])
    func cannedPhrases(_ text: String, _ language: Language) {
        #expect(Shared.signals(text, language).canned)
    }

    @Test func greetingsButNotFarewells() {
        #expect(Shared.signals("Добрый вечер, Ольга!", .ru).greeting)
        #expect(Shared.signals("Hi Tom, thanks for waiting.", .en).greeting)
        #expect(!Shared.signals("Приветственный бонус начислен.", .ru).greeting)
        #expect(!Shared.signals("Have a good day!", .en).greeting)
    }

    @Test func findingsFromPlayTesting() {
        #expect(Shared.signals("That's a question for our accountant, they will contact you.", .en).deflection)
        #expect(!Shared.signals("Sorry, but under bank policy you need to call the contact centre.", .en).deflection)
        #expect(Shared.signals("Оригиналы на бумаге можем выслать почтой.", .ru).asksFor.isEmpty)
        #expect(Shared.signals("Какое из них вас встревожило, не могли бы вы уточнить?", .ru).clarifying)
        #expect(!Shared.signals("Our hotline should have told you about the fee.", .en).channelPush)
        #expect(Shared.signals("Send me your username, and tell me what exactly you saw on the screen?", .en).clarifying)
        #expect(!Shared.signals("Which email address did you use when booking?", .en).clarifying)
    }

    @Test func codesAreNotShoutingButDigitsBeforeAFullStopStillNeedASpace() {
        #expect(!Shared.signals("Your contract is RU48213377, all is well.", .en).hygiene)
        #expect(Shared.signals("I passed it to Tier 2.Please wait a little.", .en).hygiene)
    }
}

/// Real agents write tweets and chat lines: handles, signatures, continuation markers, entities (issue 11).
@Suite struct TweetLayoutTests {
    @Test func handlesSignaturesAndMarkersAreCutFromTheWords() {
        let (sentences, decorations) = Tokenizer.split("@AirHelp @116572 1/2 Hello, it's on its way. -Becky")
        let words = sentences.flatMap(\.tokens).filter { $0.kind == .word }.map(\.text)
        #expect(words == ["Hello", "it's", "on", "its", "way"])
        #expect(decorations.count == 5, "two handles, the marker, the dash and the name")
        #expect(Tokenizer.split("We'll help you go-DD").sentences.flatMap(\.tokens).last?.text == "go")
        #expect(Tokenizer.split("Thanks for waiting. Steven").sentences.count == 1, "a bare name signs the reply")
        #expect(Tokenizer.split("Call us between 9 - 5").sentences.flatMap(\.tokens).count == 6,
                "a range is no signature")
    }

    @Test(arguments: [
        ("@116032 Hey James, when did the charge appear? ^E", Language.en),
        ("@BigBank_help Hi there, which model are you on? *JD https://t.co/x1", .en),
        ("@yandex_help Добрый день, вы получили письмо с кодом? -Олег", .ru),
        ("@bank_help Здравствуйте, когда появилась ошибка? ^АК", .ru),
    ])
    func aHandleAndASignatureBreakNeitherGreetingNorQuestion(_ text: String, _ language: Language) {
        let signals = Shared.signals(text, language)
        #expect(signals.greeting)
        #expect(signals.clarifying)
        #expect(!signals.hygiene)
    }

    @Test(arguments: [
        ("@116537  Hello there. Your parcel ships today.  *HFG", Language.en),
        ("@116206 We deliver until 7 p.m. or later in the U.S. based depots. ^TAC", .en),
        ("@116290 Open Home Screen&gt;Settings&gt;Captions &amp; switch them on. 2/2", .en),
        ("@market_help  Заказ уже в пути.  ^ОК", .ru),
        ("@market_help Проверьте раздел Настройки&gt;Уведомления. 2/2", .ru),
    ])
    func layoutAroundTheWordsIsNoWritingDefect(_ text: String, _ language: Language) {
        #expect(!Shared.signals(text, language).hygiene)
    }

    @Test(arguments: [
        ("@116014 2/2 to the merchant's site to finish the purchase. ^BG", Language.en),
        ("@116012 below and reply. Thanks! ^Anoop", .en),
        ("@market_help 2/2 поэтому заявку пришлось закрыть. ^ОК", .ru),
    ])
    func aContinuationStartedSmallStillIsOne(_ text: String, _ language: Language) {
        #expect(Shared.signals(text, language).hygiene)
    }
}

/// Writing on real replies: chat shorthand is a slip, regular forms the dictionary lacks are not (issues 10 and 11).
@Suite struct RealWritingTests {
    func misspellings(_ text: String, _ language: Language) -> [String] {
        Shared.grader.analyzer.pack(language).signals(for: text).defects
            .filter { $0.kind == .misspelling }.map { "\($0.evidence.quote) → \($0.evidence.note ?? "")" }
    }

    @Test func chatShorthandIsASlipWithItsFullForm() {
        #expect(misspellings("Can u pls send ur order number?", .en) == ["u → you", "pls → please", "ur → your"])
        #expect(misspellings("Обновите приложение, тк старая версия отключена.", .ru) == ["тк → т. к."])
        #expect(misspellings("Спс, щас проверю.", .ru) == ["Спс → спасибо", "щас → сейчас"])
        #expect(misspellings("Your U.S. based card works, т.к. it is in the list.", .en).isEmpty)
        #expect(misspellings("Обновите приложение, т. к. старая версия отключена.", .ru).isEmpty)
    }

    @Test func soundAlikesInTheWrongPlace() {
        #expect(misspellings("Which app are you referring too?", .en) == ["referring too → to"])
        #expect(misspellings("Sorry to hear your having trouble.", .en) == ["your having → you're"])
        #expect(misspellings("Please DM us the code and well take a look.", .en) == ["and well take → and we'll"])
        #expect(misspellings("That may well be the cause, and we'll take a look.", .en).isEmpty)
    }

    @Test(arguments: [
        ("Фото подгрузятся через минуту.", Language.ru),
        ("Обойдитесь пока старой версией, новая прогрузится к вечеру.", .ru),
        ("Данные на бэке обновятся, включите логирование.", .ru),
        ("Bags are only for un-packaged meat; please re-enable sync.", .en),
    ])
    func regularFormsTheDictionaryLacksAreNoTypos(_ text: String, _ language: Language) {
        #expect(!Shared.signals(text, language).hygiene)
    }

    @Test func regularFormsDoNotHideTypos() {
        #expect(Shared.signals("Фото подгрузяться через минуту.", .ru).hygiene)
        #expect(Shared.signals("Please re-enabel sync.", .en).hygiene)
    }

    @Test func aLineBrokenAfterACommaGoesOn() {
        #expect(!Shared.signals("Добрый день, вчера был сбой,\nя бы рекомендовал повторить запрос.", .ru).hygiene)
        #expect(!Shared.signals("Hello, the import failed overnight,\nyou can retry it now.", .en).hygiene)
        #expect(Shared.signals("Hello, the import failed overnight.\nyou can retry it now.", .en).hygiene)
    }
}

/// Channel pushes and data requests as real agents word them (issue 11).
@Suite struct RealChannelAndRequestTests {
    @Test(arguments: [
        ("Please DM the tracking number and we'll look into it.", Language.en),
        ("Send me a DM and we can get started.", .en),
        ("We've answered you, kindly check your inbox.", .en),
        ("Give us a shout if it happens again.", .en),
        ("Reach out to our team here: https://t.co/abc", .en),
        ("This would be one for your local store.", .en),
        ("You'll need to log the details on our form.", .en),
        ("We recommend that you contact our Answer desk team: https://t.co/x", .en),
        ("Напишите нам в директ, разберёмся.", .ru),
        ("Подробности по ссылке: https://help.example.ru/faq", .ru),
        ("Это лучше в ближайший магазин.", .ru),
        ("Свяжитесь с нашей поддержкой здесь: https://t.co/abc", .ru),
    ])
    func shortPushesArePushes(_ text: String, _ language: Language) {
        #expect(Shared.signals(text, language).channelPush)
    }

    @Test(arguments: [
        ("Here's a link to our commitment: https://t.co/abc", Language.en),
        ("Smart Sync can be enabled using the steps here: https://t.co/x", .en),
        ("Did you call your local store about the refund?", .en),
        ("If someone DMs you claiming to be support, report them.", .en),
        ("We'll call the store for you and update you here.", .en),
        ("The team will check the messages and block the number.", .en),
        ("Вот ссылка на нашу политику возврата: https://t.co/abc", .ru),
        ("Ограничения описаны тут: https://example.ru/limits", .ru),
        ("Мы нашли посылку в ближайшем пункте выдачи, она уже у курьера.", .ru),
    ])
    func aLinkOrAPlaceMentionedIsNoPush(_ text: String, _ language: Language) {
        #expect(!Shared.signals(text, language).channelPush)
    }

    @Test func dataAskedForInShortForms() {
        #expect(Shared.signals("Please DM your confirmation number.", .en).asksFor == [.order])
        #expect(Shared.signals("Please DM us your record locator.", .en).asksFor == [.order])
        #expect(Shared.signals("Booking reference, email and phone number please.", .en).asksFor
            == [.phone, .email, .order])
        #expect(Shared.signals("Feel free to DM us your acct # and your ph#.", .en).asksFor == [.phone, .account])
        #expect(Shared.signals("Сообщите полный TerminalKey вашего терминала.", .ru).asksFor == [.account])
        #expect(Shared.signals("Номер заказа, почту и телефон, пожалуйста.", .ru).asksFor == [.phone, .email, .order])
    }

    @Test(arguments: [
        ("Are you getting an error when you link the account?", Language.en),
        ("Please use the link from above again so that we can help.", .en),
        ("Did you view our link?", .en),
        ("Не получается привязать аккаунт по ссылке?", .ru),
    ])
    func aLinkWeGiveOrTheVerbAsksForNoLink(_ text: String, _ language: Language) {
        #expect(!Shared.signals(text, language).asksFor.contains(.link))
    }
}

/// Clarifying as real agents ask: short diagnostic questions and asking for the story (issue 11).
@Suite struct RealClarifyingTests {
    @Test(arguments: [
        ("Which model are you on?", Language.en),
        ("Are you still seeing the error?", .en),
        ("Any steps tried so far?", .en),
        ("Fill us in on what happened.", .en),
        ("Can you tell us more?", .en),
        ("Please DM us more details about your experience.", .en),
        ("What's wrong with the app on your side?", .en),
        ("Какая версия приложения у вас стоит?", .ru),
        ("Ошибка всё ещё появляется?", .ru),
        ("Привет. Актуальна проблема?", .ru),
        ("Опишите симптомы, пожалуйста.", .ru),
        ("Какая у вас модель телефона?", .ru),
        ("I'm not quite sure which email you mean: we sent you two today.", .en),
    ])
    func diagnosticQuestionsClarify(_ text: String, _ language: Language) {
        let signals = Shared.signals(text, language)
        #expect(signals.clarifying)
        #expect(signals.asksFor.isEmpty)
    }

    @Test(arguments: [
        ("What can we do for you?", Language.en),
        ("Is there anything else I can help with?", .en),
        ("Please send the details to our support email.", .en),
        ("Could you add a screenshot of the error you see at checkout?", .en),
        ("We'll get back to you with more details tomorrow.", .en),
        ("Пожалуйста, опишите проблему в форме на сайте.", .ru),
        ("По логам выяснилось, что разрывы происходят раз в неделю.", .ru),
    ])
    func offersRequestsAndReportsDoNotClarify(_ text: String, _ language: Language) {
        #expect(!Shared.signals(text, language).clarifying)
    }
}

/// Empathy in short real forms, and the boundaries of issue 10.
@Suite struct RealEmpathyAndOwnershipTests {
    @Test(arguments: [
        ("Sorry to know that.", Language.en),
        ("Oh no! Let's get this sorted.", .en),
        ("Uh oh, that's not what we like to hear.", .en),
        ("That's not good! Which store was it?", .en),
        ("We're saddened to hear that, Ben.", .en),
        ("Ой, как неприятно! Сейчас разберёмся.", .ru),
        ("Жаль это слышать.", .ru),
        ("Сочувствую!", .ru),
    ])
    func shortEmpathyIsEmpathy(_ text: String, _ language: Language) {
        #expect(Shared.signals(text, language).empathy)
    }

    @Test(arguments: [
        ("I'm sorry the visit left you feeling that way.", Language.en),
        ("We're sorry your order is late!", .en),
        ("I am sorry that this has happened.", .en),
        ("Жаль, что визит оставил у вас такие впечатления.", .ru),
    ])
    func sorryForWhatHappenedToTheCustomerIsEmpathyNotApology(_ text: String, _ language: Language) {
        let signals = Shared.signals(text, language)
        #expect(signals.empathy)
        #expect(!signals.apology)
    }

    @Test func sorryForWhatWeDidStillApologises() {
        #expect(Shared.signals("So sorry, the roses were the wrong colour.", .en).apology)
        #expect(Shared.signals("Sorry we sent the wrong size.", .en).apology)
        #expect(Shared.signals("Извините, что не перезвонили.", .ru).apology)
    }

    @Test(arguments: [
        ("I'm issuing a new card for you, it will arrive by Friday.", Language.en),
        ("I'm creating a new booking for the 14th now.", .en),
        ("Я оформляю для вас новую карту, она придёт к пятнице.", .ru),
        ("Я создаю новую бронь на 14-е.", .ru),
    ])
    func makingSomethingNewIsNoDeflection(_ text: String, _ language: Language) {
        #expect(!Shared.signals(text, language).deflection)
    }

    @Test func beingNewStillIs() {
        #expect(Shared.signals("I'm kind of new here so I'm not sure how refunds work.", .en).deflection)
        #expect(Shared.signals("Я новенькая и не знаю, как оформить возврат.", .ru).deflection)
    }

    @Test(arguments: [
        ("Approving a refund is my manager's call, so I've put it to her and will write to you by noon.", Language.en),
        ("Одобрить возврат может только руководитель, поэтому я передала вопрос ей и напишу вам до полудня.", .ru),
    ])
    func puttingItToTheOneWhoDecidesIsEscalation(_ text: String, _ language: Language) {
        let signals = Shared.signals(text, language)
        #expect(signals.escalation)
        #expect(!signals.deflection)
    }

    @Test(arguments: [
        ("Billing questions sit with the finance people.", Language.en),
        ("Вопросами оплаты занимаются финансисты.", .ru),
        ("The warranty is the manufacturer's business, we dont deal with repairs.", .en),
        ("For technical issues call tech support, I'm in sales.", .en),
        ("Ничего сделать нельзя, все претензии — к туроператору.", .ru),
    ])
    func anotherTeamsQuestionIsDeflection(_ text: String, _ language: Language) {
        let signals = Shared.signals(text, language)
        #expect(signals.deflection)
        #expect(!signals.escalation)
    }

    @Test func aRefusalDisownsNothing() {
        #expect(!Shared.signals("We dont do installs on Sundays, sorry.", .en).deflection)
        #expect(!Shared.signals("По воскресеньям мы не выезжаем на установку, извините.", .ru).deflection)
    }
}
