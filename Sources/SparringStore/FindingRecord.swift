import Foundation
import Sparring

/// A finding as it is kept on disk, in the team store and in exports: the rule id, the severity, the
/// evidence as quoted text with where it stands in the reply, and the arguments of the rule's message.
/// No sentence is kept: the renderer words it from the catalogue in whatever language reads it, so a
/// trainee who switches language, or a trainer reading another's progress, sees it in their own.
public struct FindingRecord: Codable, Sendable, Equatable {
    public var rule: String
    public var severity: Severity
    public var evidence: [EvidenceRecord]
    /// The values of the message's `{placeholders}`: quotes and case data, as the case wrote them.
    public var arguments: [String: String]
    /// Arguments that are the catalogue's own words (a mood, whose fault, a language), by catalogue key,
    /// so that they are worded in the reader's language too: `mood` → `mood.angry`.
    public var terms: [String: String]

    public init(rule: String, severity: Severity, evidence: [EvidenceRecord], arguments: [String: String],
                terms: [String: String] = [:]) {
        self.rule = rule
        self.severity = severity
        self.evidence = evidence
        self.arguments = arguments
        self.terms = terms
    }

    /// Catalogue families whose words a finding's arguments may be; their keys are kept instead of the words.
    static let termFamilies = ["mood", "fault", "language"]

    /// The finding as the grader made it, taken apart: quotes located in `input` (the reply), the
    /// catalogue's words (defect names, moods) turned back into their keys for `language`, the case's.
    public init(_ finding: Finding, input: String, language: Language, catalog: Catalog?) {
        var terms: [String: String] = [:]
        var arguments = finding.arguments
        for (name, value) in finding.arguments where Self.termFamilies.contains(name) {
            if let key = catalog?.key(of: value, in: name, language) {
                terms[name] = key
                arguments[name] = nil
            }
        }
        self.init(rule: finding.rule, severity: finding.severity,
                  evidence: finding.evidence.map { EvidenceRecord(parsing: $0, input: input, language: language,
                                                                  catalog: catalog) },
                  arguments: arguments, terms: terms)
    }

    /// The finding worded in `language` from `catalog`: the rule's message with its arguments, what to do
    /// instead, the evidence quoted. The severity is this version's own for the rule, when it knows it.
    public func finding(_ catalog: Catalog, _ language: Language) -> Finding {
        var values = arguments
        for (name, key) in terms { values[name] = catalog.text(key, language) }
        let severity = RuleCatalog.rule(rule) != nil ? RuleCatalog.severity(of: rule) : self.severity
        return Finding(rule: rule, severity: severity, evidence: evidence.map { $0.text(catalog, language) },
                       message: catalog.text("rule.\(rule).message", language, values),
                       instead: catalog.text("rule.\(rule).instead", language), arguments: values)
    }

    enum CodingKeys: String, CodingKey { case rule, severity, evidence, arguments, terms, message }

    /// Reads this form and the one kept before it (a `Finding` with its sentences, evidence as plain
    /// strings, arguments sometimes missing), as old exports and team stores still hold it.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rule = try container.decode(String.self, forKey: .rule)
        let evidence = try container.decode([EvidenceRecord].self, forKey: .evidence)
        var arguments = try container.decodeIfPresent([String: String].self, forKey: .arguments) ?? [:]
        if arguments.isEmpty, let message = try container.decodeIfPresent(String.self, forKey: .message) {
            arguments = Self.recoveredArguments(rule: rule, message: message, evidence: evidence.map(\.quote),
                                                catalog: nil)
        }
        self.init(rule: rule, severity: try container.decode(Severity.self, forKey: .severity), evidence: evidence,
                  arguments: arguments,
                  terms: try container.decodeIfPresent([String: String].self, forKey: .terms) ?? [:])
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rule, forKey: .rule)
        try container.encode(severity, forKey: .severity)
        try container.encode(evidence, forKey: .evidence)
        try container.encode(arguments, forKey: .arguments)
        if !terms.isEmpty { try container.encode(terms, forKey: .terms) }
    }

    /// The arguments of a message kept as a sentence only (findings saved before arguments were): read back
    /// from the message against the rule's template in each language, else the evidence in order
    /// (`quote` is the first quote, `fact` and `question` the next piece), which is how the rules fill them.
    static func recoveredArguments(rule: String, message: String, evidence: [String],
                                   catalog: Catalog?) -> [String: String] {
        if let catalog {
            for language in Language.allCases {
                if let values = match(message, template: catalog.text("rule.\(rule).message", language)) {
                    return values
                }
            }
        }
        var values: [String: String] = [:]
        if let first = evidence.first { values["quote"] = first }
        if evidence.count > 1 { values["fact"] = evidence[1] }
        if let first = evidence.first { values["question"] = first }
        return values
    }

    /// The values that fill `template`'s placeholders to give `text`, or nil when it does not give it.
    static func match(_ text: String, template: String) -> [String: String]? {
        // the template as literal pieces between placeholders: "You asked for “", "quote", "”, but …"
        var literals: [String] = [], names: [String] = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            literals.append(String(rest[..<open]))
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        literals.append(String(rest))
        guard !names.isEmpty, text.hasPrefix(literals[0]), text.hasSuffix(literals.last!),
              text.count >= literals[0].count + literals.last!.count else { return nil }
        var values: [String: String] = [:]
        var remaining = text.dropFirst(literals[0].count).dropLast(literals.last!.count)
        for (index, name) in names.enumerated() {
            if index == names.count - 1 {
                values[name] = String(remaining)
            } else {
                // a value runs to the next literal; a quote holding that literal itself would be cut short,
                // which the template's own separators (“…”, but) make unlikely
                guard let next = remaining.range(of: literals[index + 1]) else { return nil }
                values[name] = String(remaining[..<next.lowerBound])
                remaining = remaining[next.upperBound...]
            }
        }
        return values
    }
}

/// One piece of a finding's evidence: words quoted from the reply (with where they stand in it), a
/// writing defect named by its catalogue key, or case data (a fact the customer gave, a question) as written.
public struct EvidenceRecord: Codable, Sendable, Equatable {
    /// The quoted words, or the case's text.
    public var quote: String
    /// Where the quote starts and ends in the turn's input, counted in Unicode scalars as the grader counts;
    /// nil for case data, and for words not found in the reply as typed.
    public var start: Int?
    public var end: Int?
    /// Whether the piece is a quotation (shown in quotation marks) rather than case data.
    public var quoted: Bool
    /// The catalogue key naming what the quote shows (`defect.misspelling`), when it names one.
    public var term: String?
    /// What the quote should have been (a misspelling's suggestion).
    public var note: String?

    public init(quote: String, start: Int? = nil, end: Int? = nil, quoted: Bool, term: String? = nil,
                note: String? = nil) {
        self.quote = quote
        self.start = start
        self.end = end
        self.quoted = quoted
        self.term = term
        self.note = note
    }

    /// A piece of evidence as the grader wrote it — «words», "<defect name>: «words» → suggestion", or a
    /// fact — taken apart, and the words located in `input`.
    init(parsing piece: String, input: String, language: Language, catalog: Catalog?) {
        var body = piece[...]
        var term: String?
        if let colon = body.range(of: ": «"), let catalog,
           let key = catalog.key(of: String(body[..<colon.lowerBound]), in: "defect", language) {
            term = key
            body = body[body.index(before: colon.upperBound)...]
        }
        var note: String?
        if term != nil, let arrow = body.range(of: " → ", options: .backwards) {
            note = String(body[arrow.upperBound...])
            body = body[..<arrow.lowerBound]
        }
        guard body.hasPrefix("«"), body.hasSuffix("»"), body.count >= 2 else {
            self.init(quote: piece, quoted: false)
            return
        }
        let quote = String(body.dropFirst().dropLast())
        let span = Self.locate(quote, in: input)
        self.init(quote: quote, start: span?.0, end: span?.1, quoted: true, term: term, note: note)
    }

    /// The scalar offsets of `quote` in `input`, or nil.
    static func locate(_ quote: String, in input: String) -> (Int, Int)? {
        guard !quote.isEmpty, let range = input.range(of: quote) else { return nil }
        let scalars = input.unicodeScalars
        let start = scalars.distance(from: scalars.startIndex, to: range.lowerBound)
        return (start, start + quote.unicodeScalars.count)
    }

    /// The piece worded as the grader words it, the defect's name in `language`.
    public func text(_ catalog: Catalog, _ language: Language) -> String {
        guard quoted else { return quote }
        var text = "«\(quote)»"
        if let term { text = catalog.text(term, language) + ": " + text }
        if let note { text += " → \(note)" }
        return text
    }

    enum CodingKeys: String, CodingKey { case quote, start, end, quoted, term, note }

    /// Reads this form, or a plain string as evidence was kept before: «…» is a quotation, anything else case data.
    public init(from decoder: Decoder) throws {
        if let piece = try? decoder.singleValueContainer().decode(String.self) {
            self.init(parsing: piece, input: "", language: .en, catalog: nil)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(quote: try container.decode(String.self, forKey: .quote),
                  start: try container.decodeIfPresent(Int.self, forKey: .start),
                  end: try container.decodeIfPresent(Int.self, forKey: .end),
                  quoted: try container.decodeIfPresent(Bool.self, forKey: .quoted) ?? true,
                  term: try container.decodeIfPresent(String.self, forKey: .term),
                  note: try container.decodeIfPresent(String.self, forKey: .note))
    }
}

extension Array where Element == FindingRecord {
    /// The findings worded in `language`.
    public func findings(_ catalog: Catalog, _ language: Language) -> [Finding] {
        map { $0.finding(catalog, language) }
    }
}
