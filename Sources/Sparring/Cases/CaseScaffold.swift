/// A commented case file for a trainer to fill in; `cases check` accepts it once the blanks are written.
public enum CaseScaffold {
    public static func make(id: String, language: Language) -> String {
        let ru = language == .ru
        return """
        # \(ru ? "Новый кейс. Заполните поля; `sparring cases check` подскажет, что не так." : "A new case. Fill in the fields; `sparring cases check` says what is wrong.")
        # \(ru ? "Справка по полям: README.md, раздел «Case files»." : "Field reference: README.md, section \"Case files\".")
        format: 1
        id: \(id)
        lang: \(language.rawValue)
        title: \(ru ? "Заголовок кейса" : "Case title")
        source: "\(ru ? "статья и раздел, например 000 §1" : "article and section, e.g. 000 §1")"
        difficulty: 1                 # 1..3
        trains: [look-it-up]          # \(ru ? "id правил, которым учит кейс" : "rule ids the case trains")
        channel: chat                 # chat | email | social | phone
        persona:
          name: \(ru ? "Имя" : "Name")
          mood: anxious               # angry | anxious | confused | sarcastic | calm
          patience: 3                 # 1..9
        fault: company                # company | policy | customer | unclear | none
        opening: |
          \(ru ? "Первое сообщение клиента." : "The customer's first message.")
        given:                        # \(ru ? "что клиент уже сообщил" : "what the customer already gave")
          - { kind: screenshot, label: \(ru ? "скриншот ошибки" : "a screenshot of the error") }
        records:                      # \(ru ? "что показывает /lookup" : "what /lookup shows")
          - { kind: phone, label: \(ru ? "Телефон в CRM" : "Phone in the CRM"), value: "+7 900 000-00-00" }
        questions:
          - id: main-question
            text: \(ru ? "Вопрос клиента" : "The customer's question")
            answered_by: ["\(ru ? "слово*" : "word*")"]
        escalate: "no"                # required | optional | "no"
        resolve:
          - { id: fixed, text: \(ru ? "что должен сообщить ответ" : "what a resolving reply conveys"), patterns: ["\(ru ? "исправ*" : "fix*")"] }
        reactions:
          look-it-up: \(ru ? "Реплика клиента, когда у него спрашивают то, что есть в системе." : "The customer's line when asked for what our systems hold.")
        endings:
          resolved: \(ru ? "Последняя реплика клиента, когда вопрос решён." : "The customer's last line when the case is resolved.")
          walked-away: \(ru ? "Последняя реплика, когда терпение кончилось." : "The last line when patience runs out.")
        debrief: |
          \(ru ? "Что произошло на самом деле и как выглядела бы хорошая поддержка." : "What really happened and what good support would have done.")
        model_reply: |
          \(ru ? "Ответ, который проходит без замечаний." : "A reply that passes with no finding.")
        examples:
          - reply: \(ru ? "Ответ, который проходит без замечаний." : "A reply that passes with no finding.")
            expect: { passes: true }
          - reply: \(ru ? "Назовите номер телефона." : "What is your phone number?")
            expect: { findings: [look-it-up] }

        """
    }
}
