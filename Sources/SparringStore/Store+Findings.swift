import Foundation
import GRDB
import Sparring

/// Findings kept as ids and arguments, and each turn's place in the conversation, so that a resumed attempt
/// is shown in the trainee's language and goes on without grading its replies again.
extension Store {
    /// The catalogue the store reads words back into keys with; nil only if the library's own files are
    /// missing, and then quotes are still kept, defect names and moods as the words they were.
    static let catalog: Catalog? = try? Catalog.load()

    /// v4-findings-as-ids: every turn's findings, kept until now as sentences in the case's language, become
    /// `FindingRecord`s (rule, severity, evidence with its place in the reply, arguments); a turn gains what
    /// the trainee was shown after it (`shown`) and the session's state after it (`state`), both empty for
    /// turns played before, which are replayed through the grader on resume as they always were.
    static func findingsAsIds(_ db: Database) throws {
        try db.alter(table: "turn") { table in
            table.add(column: "shown", .text)
            table.add(column: "state", .text)
        }
        let rows = try Row.fetchAll(db, sql: """
            SELECT turn.id, turn.input, turn.findings, attempt.caseLanguage FROM turn
            JOIN attempt ON attempt.id = turn.attemptId WHERE turn.findings != '[]'
            """)
        for row in rows {
            let language = Language(rawValue: row["caseLanguage"]) ?? .en
            let converted = convertLegacy(row["findings"], input: row["input"], language: language)
            let id: Int64 = row["id"]
            try db.execute(sql: "UPDATE turn SET findings = ? WHERE id = ?", arguments: [converted, id])
        }
    }

    /// A turn's findings as the sentences kept before v4, as `FindingRecord`s in JSON. A column that is not
    /// the old JSON at all is kept as it is: the reader then finds no findings in it, never a crash.
    static func convertLegacy(_ json: String, input: String, language: Language) -> String {
        struct Legacy: Decodable {
            let rule: String
            let severity: Severity
            let evidence: [String]
            let message: String?
            let instead: String?
            let arguments: [String: String]?
        }
        guard let legacy = try? JSONDecoder().decode([Legacy].self, from: Data(json.utf8)) else { return json }
        let records = legacy.map { old in
            let arguments = old.arguments.flatMap { $0.isEmpty ? nil : $0 }
                ?? FindingRecord.recoveredArguments(rule: old.rule, message: old.message ?? "",
                                                    evidence: old.evidence.map(Self.unquoted), catalog: catalog)
            let finding = Finding(rule: old.rule, severity: old.severity, evidence: old.evidence,
                                  message: old.message ?? "", instead: old.instead ?? "", arguments: arguments)
            return FindingRecord(finding, input: input, language: language, catalog: catalog)
        }
        return encodeFindings(records)
    }

    static func unquoted(_ piece: String) -> String {
        piece.hasPrefix("«") && piece.hasSuffix("»") && piece.count >= 2 ? String(piece.dropFirst().dropLast()) : piece
    }

    static func encodeFindings(_ records: [FindingRecord]) -> String {
        // sorted keys: the same findings give the same column, whichever process wrote them
        return String(decoding: (try? ExportDocument.encoder().encode(records)) ?? Data("[]".utf8), as: UTF8.self)
    }
}
