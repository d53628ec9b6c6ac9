import Foundation

/// A finding as it crosses the network: the rule id, the evidence and the arguments of its message.
/// The receiving side renders the text from its own catalogue, so a host sends no sentences.
public struct DuelFinding: Codable, Sendable, Equatable {
    public var rule: String
    public var evidence: [String]
    public var arguments: [String: String]

    public init(_ finding: Finding) {
        self.init(rule: finding.rule, evidence: finding.evidence, arguments: finding.arguments)
    }

    public init(rule: String, evidence: [String], arguments: [String: String]) {
        self.rule = rule
        self.evidence = evidence
        self.arguments = arguments
    }

    /// The finding in `language`, with every string from the network escaped; nil for a rule this
    /// version does not know. The severity is this side's own, never the sender's.
    public func finding(_ catalog: Catalog, _ language: Language) -> Finding? {
        guard RuleCatalog.rule(rule) != nil else { return nil }
        let arguments = self.arguments.mapValues { Untrusted.line($0) }
        return Finding(
            rule: rule, severity: RuleCatalog.severity(of: rule), evidence: evidence.map { Untrusted.line($0) },
            message: catalog.text("rule.\(rule).message", language, arguments),
            instead: catalog.text("rule.\(rule).instead", language), arguments: arguments)
    }
}

/// One thing the trainee did, as the host sends it back for `/history` and the debrief.
public struct DuelTurn: Codable, Sendable, Equatable {
    public var number: Int
    public var kind: String
    public var input: String
    public var findings: [DuelFinding]
    public var penalty: Int

    public init(_ record: TurnRecord) {
        number = record.number
        kind = record.kind.rawValue
        input = record.input
        findings = record.findings.map(DuelFinding.init)
        penalty = record.penalty
    }

    func record(_ catalog: Catalog, _ language: Language) -> TurnRecord? {
        guard let kind = TurnRecord.Kind(rawValue: kind) else { return nil }
        return TurnRecord(
            number: number, kind: kind, input: Untrusted.text(input),
            findings: findings.compactMap { $0.finding(catalog, language) }, penalty: max(0, penalty))
    }
}

/// What the host's session said after one line, as it crosses the network. Mirrors `SessionEvent`;
/// the customer's name, rule titles and checklist questions come from the player's own case and catalogue.
public struct DuelEvent: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case customer, findings, records, owed, hint, checklist, history, notice, restarted, ended
    }
    public var kind: Kind
    public var text: String?
    public var turn: Int?
    public var penalty: Int?
    public var findings: [DuelFinding]?
    /// Records as kind, label, value.
    public var records: [[String]]?
    /// Checklist rule ids.
    public var rules: [String]?
    public var history: [DuelTurn]?
    public var outcome: String?

    public init(
        kind: Kind, text: String? = nil, turn: Int? = nil, penalty: Int? = nil, findings: [DuelFinding]? = nil,
        records: [[String]]? = nil, rules: [String]? = nil, history: [DuelTurn]? = nil, outcome: String? = nil
    ) {
        self.kind = kind
        self.text = text
        self.turn = turn
        self.penalty = penalty
        self.findings = findings
        self.records = records
        self.rules = rules
        self.history = history
        self.outcome = outcome
    }

    /// A long `/history` is cut to its last turns: one reply to the host never grows without bound.
    public static let historyLimit = 50

    public init(_ event: SessionEvent) {
        switch event {
        case .customer(_, let text): self.init(kind: .customer, text: text)
        case .findings(let turn, let findings, let penalty):
            self.init(kind: .findings, turn: turn, penalty: penalty, findings: findings.map(DuelFinding.init))
        case .records(let lines): self.init(kind: .records, records: lines.map { [$0.kind, $0.label, $0.value] })
        case .owed(let findings, let penalty):
            self.init(kind: .owed, penalty: penalty, findings: findings.map(DuelFinding.init))
        case .hint(let text): self.init(kind: .hint, text: text)
        case .checklist(let items): self.init(kind: .checklist, rules: items.map(\.rule))
        case .history(let turns): self.init(kind: .history, history: turns.suffix(Self.historyLimit).map(DuelTurn.init))
        case .notice(let text): self.init(kind: .notice, text: text)
        case .restarted: self.init(kind: .restarted)
        case .ended(let outcome): self.init(kind: .ended, outcome: outcome.rawValue)
        }
    }

    /// The event for this side's renderer, every string escaped; nil when it makes no sense here.
    public func sessionEvent(caseFile: Case, catalog: Catalog) -> SessionEvent? {
        let language = caseFile.language
        let findings = (self.findings ?? []).compactMap { $0.finding(catalog, language) }
        switch kind {
        case .customer: return text.map { .customer(name: caseFile.persona.name, text: Untrusted.text($0)) }
        case .findings: return .findings(turn: turn ?? 0, findings: findings, penalty: max(0, penalty ?? 0))
        case .records:
            return .records(
                (records ?? []).filter { $0.count == 3 }.map {
                    RecordLine(kind: Untrusted.line($0[0]), label: Untrusted.line($0[1]), value: Untrusted.text($0[2]))
                })
        case .owed: return .owed(findings: findings, penalty: max(0, penalty ?? 0))
        case .hint: return text.map { .hint(Untrusted.text($0)) }
        case .checklist:
            return .checklist(
                (rules ?? []).filter { RuleCatalog.rule($0) != nil }.map {
                    ChecklistItem(
                        rule: $0, title: catalog.text("rule.\($0).title", language),
                        question: catalog.text("rule.\($0).question", language))
                })
        case .history: return .history((history ?? []).compactMap { $0.record(catalog, language) })
        case .notice: return text.map { .notice(Untrusted.text($0)) }
        case .restarted: return .restarted
        case .ended: return outcome.flatMap(Outcome.init(rawValue:)).map { .ended($0) }
        }
    }
}

/// A player's debrief as the host sends it at the end; rendered against the player's own copy of the case.
public struct DuelDebrief: Codable, Sendable, Equatable {
    public var outcome: String
    public var score: Int
    public var passed: Bool
    public var turns: [DuelTurn]
    public var owed: [DuelFinding]
    public var delivered: [String: Int]

    public init(_ debrief: Debrief) {
        outcome = debrief.outcome.rawValue
        score = debrief.score
        passed = debrief.passed
        turns = debrief.turns.map(DuelTurn.init)
        owed = debrief.owed.map(DuelFinding.init)
        delivered = debrief.delivered
    }

    public func debrief(caseFile: Case, catalog: Catalog) -> Debrief {
        let language = caseFile.language
        let turns = self.turns.compactMap { $0.record(catalog, language) }
        let owed = self.owed.compactMap { $0.finding(catalog, language) }
        let rules = Set(turns.flatMap { $0.findings.map(\.rule) } + owed.map(\.rule))
        let mistakes = RuleCatalog.ids.filter(rules.contains).map {
            ChecklistItem(
                rule: $0, title: catalog.text("rule.\($0).title", language),
                question: catalog.text("rule.\($0).question", language))
        }
        // only delivery keys the renderer knows how to word: questions of this case and catalogue items
        let known = delivered.filter { key, _ in
            key.hasPrefix("question.")
                ? caseFile.questions.contains { "question.\($0.id)" == key }
                : catalog.has("debrief.delivered.\(key)", language)
        }
        return Debrief(
            caseFile: caseFile, outcome: Outcome(rawValue: outcome) ?? .quit, score: min(100, max(0, score)),
            passed: passed, turns: turns, owed: owed, delivered: known, mistakes: mistakes)
    }
}

/// Text that arrived over the network, made safe to print: no terminal escapes or other control
/// characters, no bidi overrides or zero-width characters (each shown as a visible `\u{…}`), and no
/// floods of combining marks.
public enum Untrusted {
    /// Keeps line breaks; for customer lines and other prose.
    public static func text(_ text: String) -> String { clean(text, newlines: true) }

    /// One line: a line break is shown escaped too.
    public static func line(_ text: String) -> String { clean(text, newlines: false) }

    /// Marks allowed after one base character: enough for any script, too few to smear a line.
    static let marksPerCharacter = 3

    static func clean(_ text: String, newlines: Bool) -> String {
        var out = String.UnicodeScalarView()
        var marks = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n", newlines {
                out.append(scalar)
                marks = 0
                continue
            }
            if scalar == "\t" {
                out.append(" ")
                continue
            }
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .unassigned, .surrogate:
                out.append(contentsOf: String(format: "\\u{%04X}", scalar.value).unicodeScalars)
                marks = 0
            case .nonspacingMark, .enclosingMark, .spacingMark:
                marks += 1
                if marks <= marksPerCharacter { out.append(scalar) }
            default:
                out.append(scalar)
                marks = 0
            }
        }
        return String(out)
    }
}

/// What a player may be called in a duel: what everyone's screen prints, so nothing that hides or
/// disguises letters.
public enum DuelName {
    public static let maximumBytes = 48

    /// The name in its canonical (NFC) form, or the sentence saying why it cannot be one.
    public static func validate(_ raw: String) -> Result<String, DuelNameError> {
        let name = raw.precomposedStringWithCanonicalMapping.trimmed
        guard !name.isEmpty, name.utf8.count <= maximumBytes else {
            return .failure(
                DuelNameError(
                    "a name is 1 to \(maximumBytes) bytes of UTF-8 (about \(maximumBytes / 2) Cyrillic letters)"))
        }
        var marks = 0
        var previousSpace = false
        for scalar in name.unicodeScalars {
            let category = scalar.properties.generalCategory
            switch category {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .otherLetter, .modifierLetter, .decimalNumber,
                .dashPunctuation, .connectorPunctuation, .otherPunctuation:
                marks = 0
                previousSpace = false
            case .nonspacingMark, .spacingMark:
                marks += 1
                guard marks <= 2 else {
                    return .failure(DuelNameError("that name stacks too many accents on one letter; write it plainly"))
                }
            case .spaceSeparator where scalar == " " && !previousSpace:
                previousSpace = true
                marks = 0
            default:
                return .failure(
                    DuelNameError(
                        "a name is letters, digits, single spaces and - _ . ' only "
                            + "(U+\(String(format: "%04X", scalar.value)) is not)"))
            }
        }
        return .success(name)
    }

    /// Two names that read the same are the same player: compared without case.
    public static func key(_ name: String) -> String { name.lowercased() }
}

public struct DuelNameError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
