import Foundation
import Sparring
import SparringStore

/// The course in the trainee's language, its lessons, and the trainee's results in it.
struct CourseContext {
    let course: Course
    let folder: URL
    let library: [Case]

    init(global: GlobalOptions, language: Language, grader: Grader) throws {
        let root = try global.locate("Curriculum", option: global.curriculum, environment: "SPARRING_CURRICULUM")
        folder = root.appendingPathComponent(language.rawValue)
        let path = folder.appendingPathComponent("course.yaml").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw UserError("cannot read \(path); the course needs a course.yaml per language")
        }
        let casesFolder = try global.casesFolder()
        library = try CaseFiles.library(casesFolder, grader: grader)
        let (course, diagnostics) = Course.load(text: text, path: path, knownCases: Set(library.filter { $0.language == language }.map(\.id)))
        guard let course else {
            throw UserError("the course file has errors:\n" + diagnostics.map(\.description).joined(separator: "\n"))
        }
        self.course = course
    }

    func lesson(_ module: Course.Module) -> String {
        (try? String(contentsOf: folder.appendingPathComponent(module.lesson), encoding: .utf8)) ?? module.title
    }

    func caseFile(_ id: String) -> Case? {
        library.first { $0.id == id && $0.language == course.language } ?? library.first { $0.id == id }
    }

    /// Finished attempts as results for the course.
    static func results(_ attempts: [Attempt]) -> [CaseResult] {
        attempts.compactMap { attempt in
            guard attempt.finishedAt != nil, let score = attempt.score, attempt.outcome != "quit" else { return nil }
            return CaseResult(caseId: attempt.caseId, score: score, passed: attempt.passed ?? false)
        }
    }
}

/// Markdown lessons, readable in a terminal: headings bold, bullets, `code` in colour, wrapped.
struct LessonRenderer {
    let style: Style
    var width = 78

    func render(_ markdown: String) -> String {
        var output: [String] = []
        for paragraph in markdown.components(separatedBy: "\n\n") {
            let lines = paragraph.split(separator: "\n").map(String.init)
            guard !lines.isEmpty else { continue }
            if lines[0].hasPrefix("#") {
                let title = lines[0].drop(while: { $0 == "#" }).trimmed
                output.append(style.bold(inline(title)) + "\n" + style.bold(String(repeating: "─", count: min(width, title.count))))
                if lines.count > 1 { output.append(wrap(lines.dropFirst().joined(separator: " "), indent: "")) }
            } else if lines.allSatisfy({ $0.hasPrefix("- ") || $0.hasPrefix("  ") }) {
                var items: [String] = []
                for line in lines {
                    if line.hasPrefix("- ") { items.append(String(line.dropFirst(2))) } else if !items.isEmpty { items[items.count - 1] += " " + line.trimmed }
                }
                output.append(items.map { wrap($0, indent: "  ", bullet: "• ") }.joined(separator: "\n"))
            } else {
                output.append(wrap(lines.joined(separator: " "), indent: ""))
            }
        }
        return output.joined(separator: "\n\n")
    }

    private func wrap(_ text: String, indent: String, bullet: String = "") -> String {
        var lines: [String] = []
        var current = indent + bullet
        var visible = current.count
        for word in text.split(separator: " ") {
            let plain = String(word).replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "`", with: "")
            if visible + plain.count + 1 > width, visible > indent.count + bullet.count {
                lines.append(current)
                current = indent + String(repeating: " ", count: bullet.count)
                visible = current.count
            }
            if visible > indent.count + bullet.count { current += " "; visible += 1 }
            current += inline(String(word))
            visible += plain.count
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }

    /// **bold** and `code`.
    func inline(_ text: String) -> String {
        var result = ""
        var bold = false
        var code = false
        var buffer = ""
        func flush() {
            result += bold ? style.bold(buffer) : code ? style.cyan(buffer) : buffer
            buffer = ""
        }
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix("**") {
                flush(); bold.toggle(); index = text.index(index, offsetBy: 2); continue
            }
            if text[index] == "`" {
                flush(); code.toggle(); index = text.index(after: index); continue
            }
            buffer.append(text[index])
            index = text.index(after: index)
        }
        flush()
        return result
    }
}
