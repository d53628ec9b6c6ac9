/// What a reply does, independent of the case (SIGNALS.md): the keys of `grade --json`.
public struct Signals: Codable, Sendable, Equatable {
    public var greeting = false
    public var apology = false
    public var empathy = false
    public var deflection = false
    public var clarifying = false
    public var escalation = false
    public var channelPush = false
    public var canned = false
    public var asksFor: [DataKind] = []
    public var hygiene = false

    enum CodingKeys: String, CodingKey {
        case greeting, apology, empathy, deflection, clarifying, escalation
        case channelPush = "channel_push"
        case canned
        case asksFor = "asks_for"
        case hygiene
    }

    public init() {}

    /// A yes-or-no signal by its key in SIGNALS.md; nil for `asks_for` and unknown keys.
    public subscript(flag key: String) -> Bool? {
        get {
            switch key {
            case "greeting": return greeting
            case "apology": return apology
            case "empathy": return empathy
            case "deflection": return deflection
            case "clarifying": return clarifying
            case "escalation": return escalation
            case "channel_push": return channelPush
            case "canned": return canned
            case "hygiene": return hygiene
            default: return nil
            }
        }
        set {
            guard let value = newValue else { return }
            switch key {
            case "greeting": greeting = value
            case "apology": apology = value
            case "empathy": empathy = value
            case "deflection": deflection = value
            case "clarifying": clarifying = value
            case "escalation": escalation = value
            case "channel_push": channelPush = value
            case "canned": canned = value
            case "hygiene": hygiene = value
            default: break
            }
        }
    }
}

/// The words of a reply that made a signal true.
public struct Evidence: Codable, Sendable, Equatable {
    public let quote: String
    public let start: Int
    public let end: Int
    /// What the words show, when the quote alone does not say it (a misspelt word's fix).
    public let note: String?

    public init(quote: String, start: Int, end: Int, note: String? = nil) {
        self.quote = quote
        self.start = start
        self.end = end
        self.note = note
    }
}

/// A writing defect the `hygiene` signal saw.
public struct WritingDefect: Sendable, Equatable {
    public enum Kind: String, Sendable { case smallLetterStart, missingSpace, doubleSpace, shouting, misspelling }
    public let kind: Kind
    public let evidence: Evidence
}

/// A request for data, with the kind and the words that asked.
public struct DataRequest: Sendable, Equatable {
    public let kind: DataKind
    /// The whole asking sentence, which a finding quotes.
    public let evidence: Evidence
    /// Where the data itself is named in it: "your account number" in a list of three things asked for.
    public let named: Evidence
}

/// Signals of one reply with the evidence behind each.
public struct SignalReport: Sendable {
    public let reply: AnalyzedReply
    public var signals = Signals()
    public var evidence: [String: Evidence] = [:]
    public var requests: [DataRequest] = []
    public var defects: [WritingDefect] = []
    /// Sentences that ask for data: a question there is a request, not a clarification.
    var requestSentences: Set<Int> = []
    /// Where the asked-for data is named in those sentences.
    var requestSpans: [PhraseMatch] = []
    /// The model's features of each sentence, for training (filled when the model is left out).
    var modelFeatures: [[Int64]] = []
    /// Apologies found (a reply that apologises twice repeats itself).
    public var apologies: [Evidence] = []
}
