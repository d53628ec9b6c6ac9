import Foundation
import Yams

/// The onboarding course of one language: modules in order, each with a lesson, cases and a pass rule.
public struct Course: Sendable {
    public struct Module: Sendable {
        public let id: String
        public let title: String
        /// The lesson file, relative to the course folder.
        public let lesson: String
        public let cases: [String]
        public let rules: [String]
        public let passAverage: Int
        public let everyCasePassed: Bool
        public let hints: Bool
    }

    public let language: Language
    public let title: String
    public let intro: String
    public let modules: [Module]

    static let keys = ["format", "lang", "title", "intro", "modules"]
    static let moduleKeys = ["id", "title", "lesson", "cases", "rules", "pass", "hints"]

    /// Reads `course.yaml`; every problem comes back as a diagnostic with its line.
    public static func load(text: String, path: String, knownCases: Set<String>) -> (Course?, [Diagnostic]) {
        var reader = NodeReader(path: path)
        if let refused = YAMLGuard.check(text, path: path) { return (nil, [refused]) }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            return (nil, [CaseLoader.syntaxDiagnostic(error, path: path)])
        } catch {
            return (nil, [Diagnostic(path: path, line: 1, column: 1, key: "course.error.unreadable",
                arguments: ["detail": "\(error)"])])
        }
        guard let root, let fields = reader.mapping(root, "course.part.course", known: keys) else {
            return (nil, reader.diagnostics + [Diagnostic(path: path, line: 1, column: 1, key: "course.error.empty")])
        }
        let language = reader.choice(fields["lang"]?.value, "lang", in: root, as: Language.self)
        let title = reader.string(fields["title"]?.value, "title", in: root)
        let intro = reader.string(fields["intro"]?.value, "intro", in: root)
        var modules: [Module] = []
        for item in reader.list(fields["modules"]?.value, "modules") {
            guard let module = reader.mapping(item, "course.part.module", known: moduleKeys) else { continue }
            let id = reader.string(module["id"]?.value, "id", in: item)
            let moduleTitle = reader.string(module["title"]?.value, "title", in: item)
            let lesson = reader.string(module["lesson"]?.value, "lesson", in: item)
            let cases = reader.strings(module["cases"]?.value, "cases").compactMap { caseID, node -> String? in
                guard knownCases.isEmpty || knownCases.contains(caseID) else {
                    let (values, terms) = Suggestion.near(caseID, among: knownCases)
                    let named = values.merging(["module": id ?? "?", "case": caseID]) { first, _ in first }
                    reader.error(node, "course.error.unknown-case", named, terms: terms)
                    return nil
                }
                return caseID
            }
            if cases.isEmpty { reader.error(item, "course.error.no-cases", ["module": id ?? "?"]) }
            let rules = reader.strings(module["rules"]?.value, "rules").compactMap { rule, node -> String? in
                guard RuleCatalog.ids.contains(rule) else {
                    let (values, terms) = Suggestion.near(rule, among: RuleCatalog.ids)
                    let named = values.merging(["module": id ?? "?", "rule": rule]) { first, _ in first }
                    reader.error(node, "course.error.unknown-rule", named, terms: terms)
                    return nil
                }
                return rule
            }
            var average = 80
            var everyCase = true
            if let pass = module["pass"]?.value, let passFields = reader.mapping(pass, "course.part.pass",
                known: ["average", "every_case"]) {
                average = reader.integer(passFields["average"]?.value, "average", in: pass, range: 0...100) ?? 80
                if let node = passFields["every_case"]?.value {
                    everyCase = reader.boolean(node, "every_case") ?? everyCase
                }
            }
            let hints = module["hints"].map { reader.boolean($0.value, "hints") ?? true } ?? true
            if let id, let moduleTitle, let lesson {
                modules.append(Module(id: id, title: moduleTitle, lesson: lesson, cases: cases, rules: rules,
                                      passAverage: average, everyCasePassed: everyCase, hints: hints))
            }
        }
        if modules.isEmpty { reader.error(root, "course.error.no-modules") }
        guard !reader.diagnostics.contains(where: { $0.severity == .error }), let language, let title, let intro else {
            return (nil, reader.diagnostics)
        }
        return (Course(language: language, title: title, intro: intro, modules: modules), reader.diagnostics)
    }
}

/// One finished attempt of one case, the input to course progress: where it was played (the course
/// module, nil outside the course) and whether hints were allowed.
public struct CaseResult: Sendable {
    public let caseId: String
    public let score: Int
    public let passed: Bool
    public let moduleId: String?
    public let hintsAllowed: Bool

    public init(caseId: String, score: Int, passed: Bool, moduleId: String?, hintsAllowed: Bool = true) {
        self.caseId = caseId
        self.score = score
        self.passed = passed
        self.moduleId = moduleId
        self.hintsAllowed = hintsAllowed
    }

    /// Whether the attempt counts for `module`: played in the course, in that module, under its rules
    /// (a module without hints counts only attempts played without them). A `play`, a duel or an
    /// attempt in another module never does.
    public func counts(for module: Course.Module) -> Bool {
        moduleId == module.id && (module.hints || !hintsAllowed)
    }
}

/// Where a trainee stands in the course: each module done, current or locked.
public struct CourseProgress: Sendable {
    public enum Status: String, Sendable, Codable { case done, current, locked }

    public struct ModuleState: Sendable {
        public let module: Course.Module
        public let status: Status
        /// Best score per case played in this module.
        public let best: [String: CaseResult]
        public var average: Int? {
            let scores = module.cases.compactMap { best[$0]?.score }
            return scores.isEmpty ? nil : scores.reduce(0, +) / scores.count
        }
        /// The next case to play: the first not yet passed.
        public var nextCase: String? { module.cases.first { best[$0]?.passed != true } ?? module.cases.first }
    }

    public let modules: [ModuleState]

    /// A module is passed when every case has a passing attempt (if required) and the average of
    /// best scores reaches its bar, counting only the attempts made in that module under its rules; the
    /// first module not passed is current, the ones after it locked.
    public init(course: Course, results: [CaseResult]) {
        var states: [ModuleState] = []
        var blocked = false
        for module in course.modules {
            var best: [String: CaseResult] = [:]
            for result in results where result.counts(for: module) && module.cases.contains(result.caseId) {
                if let known = best[result.caseId],
                   (known.passed ? 1 : 0, known.score) >= (result.passed ? 1 : 0, result.score) { continue }
                best[result.caseId] = result
            }
            let allPlayed = module.cases.allSatisfy { best[$0] != nil }
            let allPassed = module.cases.allSatisfy { best[$0]?.passed == true }
            let scores = module.cases.compactMap { best[$0]?.score }
            let average = scores.isEmpty ? 0 : scores.reduce(0, +) / scores.count
            let passed = allPlayed && (!module.everyCasePassed || allPassed) && average >= module.passAverage
            let status: Status = blocked ? .locked : (passed ? .done : .current)
            if status == .current { blocked = true }
            states.append(ModuleState(module: module, status: status, best: best))
        }
        modules = states
    }

    public var current: ModuleState? { modules.first { $0.status == .current } }
    public var finished: Bool { modules.allSatisfy { $0.status == .done } }

    /// Extra practice aimed at the most frequent mistake: a library case that trains that rule and
    /// that the trainee has not passed, outside the course's required cases when possible.
    public static func recommend(mistakes: [String], library: [Case], passed: Set<String>, course: Course) -> (rule: String, caseId: String)? {
        let counts = Dictionary(mistakes.map { ($0, 1) }, uniquingKeysWith: +)
        let ranked = counts.sorted { ($0.value, RuleCatalog.order(of: $1.key)) > ($1.value, RuleCatalog.order(of: $0.key)) }
        let required = Set(course.modules.flatMap(\.cases))
        for (rule, _) in ranked {
            let candidates = library.filter { $0.trains.contains(rule) && !passed.contains($0.id) && $0.language == course.language }
                .sorted { (required.contains($0.id) ? 1 : 0, $0.difficulty, $0.id) < (required.contains($1.id) ? 1 : 0, $1.difficulty, $1.id) }
            if let pick = candidates.first { return (rule, pick.id) }
        }
        return nil
    }
}
