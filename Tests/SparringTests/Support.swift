import Foundation
@testable import Sparring

/// One grader for the whole test run: dictionaries load once.
enum Shared {
    static let grader: Grader = {
        do { return try Grader.load() } catch { fatalError("cannot load the grader: \(error)") }
    }()

    static var root: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    static func signals(_ text: String, _ language: Language) -> Signals {
        grader.analyzer.pack(language).signals(for: text).signals
    }

    static func loadCase(_ id: String, _ language: Language) -> Case {
        let path = root.appendingPathComponent("Cases/\(language.rawValue)/\(id).yaml").path
        let text = try! String(contentsOfFile: path, encoding: .utf8)
        let (loaded, diagnostics) = CaseLoader(analyzer: grader.analyzer).load(text: text, path: path, folderLanguage: language)
        guard let loaded else { fatalError("\(id): \(diagnostics)") }
        return loaded
    }

    static func fixture(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name)")
    }
}
