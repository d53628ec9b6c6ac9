import Foundation

/// ANSI colour, only on a terminal and never with NO_COLOR, --no-color or TERM=dumb.
struct Style: Sendable {
    let enabled: Bool

    static func detect(noColor: Bool, stream: Int32 = STDOUT_FILENO) -> Style {
        let environment = ProcessInfo.processInfo.environment
        let enabled = !noColor && isatty(stream) != 0 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        return Style(enabled: enabled)
    }

    private func wrap(_ text: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func bold(_ text: String) -> String { wrap(text, "1") }
    func dim(_ text: String) -> String { wrap(text, "2") }
    func red(_ text: String) -> String { wrap(text, "31") }
    func green(_ text: String) -> String { wrap(text, "32") }
    func yellow(_ text: String) -> String { wrap(text, "33") }
    func blue(_ text: String) -> String { wrap(text, "34") }
    func magenta(_ text: String) -> String { wrap(text, "35") }
    func cyan(_ text: String) -> String { wrap(text, "36") }
}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
