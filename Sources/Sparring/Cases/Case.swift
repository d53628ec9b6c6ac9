import Synchronization
import Yams

/// The channel the customer chose.
public enum Channel: String, CaseIterable, Sendable, Codable { case chat, email, social, phone }

/// Whose fault the trouble is: decides when an apology is due and when it is needless.
public enum Fault: String, CaseIterable, Sendable, Codable { case company, policy, customer, unclear, none }

public enum Mood: String, CaseIterable, Sendable, Codable {
    case angry, anxious, confused, sarcastic, calm

    /// Upset customers need to hear that they were heard.
    public var wantsEmpathy: Bool { self == .angry || self == .anxious || self == .sarcastic }
}

/// Whether the case must be handed up.
public enum EscalationNeed: String, CaseIterable, Sendable, Codable { case required, optional, no }

public struct Persona: Sendable {
    public var name: String
    public var mood: Mood
    public var patience: Int
}

/// A fact the customer gave or the company's systems hold.
public struct Fact: Sendable {
    public var kind: DataKind
    public var label: String
    public var value: String?
    /// Phrases that count as asking the customer for this fact.
    public var askedBy: [PhrasePattern]
}

/// What kind of answer a question wants: a statement about its topic answers it, with a value of the kind
/// (an amount, a time, a duration, a reason) where the kind has one.
public enum AnswerType: String, CaseIterable, Sendable, Codable {
    case yesNo = "yes-no", amount, time, duration, procedure, reason

    /// The kinds whose answer must carry a value, found by the `answer-<kind>` lexicon.
    public static let valued: [AnswerType] = [.amount, .time, .duration, .reason]
    public var needsValue: Bool { Self.valued.contains(self) }
}

/// How a reply met a question or a resolve point, with the words that did it: for `cases play --explain`.
public struct AnswerMatch: Sendable, Equatable {
    public enum By: Sendable, Equatable {
        case pattern
        case meaning(String)
        case answerType(AnswerType)
    }
    public let by: By
    public let quote: String
}

public struct Question: Sendable {
    public var id: String
    public var text: String
    public var answeredBy: [PhrasePattern]
    /// Shared meanings that answer it (`Lexicons/<lang>/meaning-<name>.txt`).
    public var meanings: [String] = []
    public var answer: AnswerType?
    /// What the question is about: a statement naming it, with an answer of `answer`'s kind, answers it.
    public var topic: [PhrasePattern] = []
}

public struct Ambiguity: Sendable {
    public var wrongReadings: [PhrasePattern]
    public var reveal: String
}

public struct ResolvePoint: Sendable {
    public var id: String
    public var text: String
    public var patterns: [PhrasePattern]
    public var meanings: [String] = []
}

public struct CaseExample: Sendable {
    public enum Expectation: Sendable, Equatable {
        case passes
        case findings([String])
    }

    public var reply: String
    public var expect: Expectation
    /// Where the example stands in its file, for `cases test` reports.
    public var line: Int
}

/// A training case: one customer, one documented incident, in one language.
public struct Case: Sendable {
    public var id: String
    public var language: Language
    public var title: String
    public var source: String
    public var difficulty: Int
    public var trains: [String]
    public var channel: Channel
    public var persona: Persona
    public var fault: Fault
    public var opening: String
    public var given: [Fact]
    public var records: [Fact]
    public var questions: [Question]
    public var ambiguity: Ambiguity?
    public var escalate: EscalationNeed
    public var resolve: [ResolvePoint]
    public var reactions: [String: String]
    public var endings: [String: String]
    public var debrief: String
    public var modelReply: String
    public var examples: [CaseExample]
    /// The file the case came from, for messages.
    public var path: String
    /// Folded words of the opening and the records: names the trainee copies from them ("shou puer") are
    /// the customer's and the company's spelling, not the trainee's typos. Of the case as it was at load.
    public var vocabulary: Set<String> { words.value.vocabulary }
    /// Folded words of the opening alone: a question the trainee echoes from it is the customer's.
    public var openingWords: Set<String> { words.value.opening }
    /// Tokenised when a rule first asks: checking a library of cases never needs them.
    var words = Lazy<CaseWords> { CaseWords(vocabulary: [], opening: []) }

    struct CaseWords: Sendable {
        let vocabulary: Set<String>
        let opening: Set<String>
    }

    mutating func collectVocabulary() {
        let text = ([opening] + records.compactMap(\.value) + given.map(\.label)).joined(separator: "\n")
        let opening = opening
        words = Lazy {
            // the pieces of a link count too: "shou-puer-2015" in the customer's URL is their tea's name
            CaseWords(vocabulary: Set(Tokenizer.tokens(text).filter { $0.kind == .word }.map(\.folded))
                        .union(text.split(whereSeparator: { !$0.isLetter }).map { Tokenizer.fold(String($0)) }),
                      opening: Set(Tokenizer.tokens(opening).filter { $0.kind == .word }.map(\.folded)))
        }
    }
}

/// A value computed once, on first use, by whichever thread asks first; copies share it.
final class Lazy<Value: Sendable>: Sendable {
    private let state: Mutex<(make: (@Sendable () -> Value)?, value: Value?)>

    init(_ make: @escaping @Sendable () -> Value) { state = Mutex((make, nil)) }

    var value: Value {
        state.withLock { state in
            if let value = state.value { return value }
            let value = state.make!()
            state = (nil, value)
            return value
        }
    }
}

/// What the terminal shows before a case is fully loaded: enough to greet the trainee at once
/// while the dictionaries load in the background.
public struct CasePreview: Sendable {
    public let id: String
    public let language: Language
    public let title: String
    public let personaName: String
    public let mood: Mood
    public let channel: Channel
    public let opening: String

    public init(_ caseFile: Case) {
        id = caseFile.id
        language = caseFile.language
        title = caseFile.title
        personaName = caseFile.persona.name
        mood = caseFile.persona.mood
        channel = caseFile.channel
        opening = caseFile.opening
    }

    /// Reads the preview fields of a case file; nil when any is missing or malformed (the full loader says why).
    public static func read(text: String) -> CasePreview? {
        guard text.utf8.count <= CaseLoader.maximumFileSize, YAMLGuard.check(text, path: "") == nil,
              case .mapping(let root)? = try? Yams.compose(yaml: text, .basic, .default, .utf8) else { return nil }
        func scalar(_ node: Node?) -> String? { if case .scalar(let value)? = node { return value.string }; return nil }
        func field(_ key: String) -> Node? { root.first { scalar($0.key) == key }?.value }
        guard case .mapping(let persona)? = field("persona"),
              let id = scalar(field("id")), let language = scalar(field("lang")).flatMap(Language.init(rawValue:)),
              let title = scalar(field("title")), let opening = scalar(field("opening")),
              let channel = scalar(field("channel")).flatMap(Channel.init(rawValue:)),
              let name = scalar(persona.first { scalar($0.key) == "name" }?.value),
              let mood = scalar(persona.first { scalar($0.key) == "mood" }?.value).flatMap(Mood.init(rawValue:)) else { return nil }
        return CasePreview(id: id, language: language, title: title, personaName: name, mood: mood, channel: channel, opening: opening)
    }

    init(id: String, language: Language, title: String, personaName: String, mood: Mood, channel: Channel, opening: String) {
        self.id = id
        self.language = language
        self.title = title
        self.personaName = personaName
        self.mood = mood
        self.channel = channel
        self.opening = opening
    }
}
