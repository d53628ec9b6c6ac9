import Foundation
import Sparring
import SparringStore

/// The course in the trainee's language, its lessons, and the trainee's results in it.
struct CourseContext {
    let course: Course
    let folder: URL
    let library: [Case]
    /// Case files left out for their errors, by id.
    let broken: [String: Diagnostic]

    init(global: GlobalOptions, language: Language, grader: Grader) throws {
        let root = try global.locate("Curriculum", option: global.curriculum, environment: "SPARRING_CURRICULUM")
        folder = root.appendingPathComponent(language.rawValue)
        let path = folder.appendingPathComponent("course.yaml").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw UserError(say: "course.unreadable", ["path": path])
        }
        let casesFolder = try global.casesFolder()
        let loaded = try CaseFiles.loadLibrary(casesFolder, grader: grader)
        library = loaded.cases
        broken = loaded.broken
        // a case left out for its errors is still the course's: its module waits for it, the rest play
        let known = Set(library.filter { $0.language == language }.map(\.id)).union(broken.keys)
        let (course, diagnostics) = Course.load(text: text, path: path, knownCases: known)
        guard let course else {
            throw UserError(Tongue.text("course.errors") + "\n"
                + diagnostics.map(Tongue.line).joined(separator: "\n"))
        }
        self.course = course
    }

    func lesson(_ module: Course.Module) -> String {
        (try? String(contentsOf: folder.appendingPathComponent(module.lesson), encoding: .utf8)) ?? module.title
    }

    /// Case titles by id, in the course's language (another language's title when the case has none in it).
    var titles: [String: String] {
        var titles: [String: String] = [:]
        for caseFile in library where titles[caseFile.id] == nil || caseFile.language == course.language { titles[caseFile.id] = caseFile.title }
        return titles
    }

    func caseFile(_ id: String) -> Case? {
        library.first { $0.id == id && $0.language == course.language } ?? library.first { $0.id == id }
    }

    /// Finished attempts as results for the course.
    static func results(_ attempts: [Attempt]) -> [CaseResult] {
        attempts.compactMap { attempt in
            guard attempt.finishedAt != nil, let score = attempt.score, attempt.outcome != "quit" else { return nil }
            return CaseResult(caseId: attempt.caseId, score: score, passed: attempt.passed ?? false,
                              moduleId: attempt.moduleId, hintsAllowed: attempt.hintsAllowed)
        }
    }
}
