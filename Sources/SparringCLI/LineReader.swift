@preconcurrency import CReadline
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The only code that reads the terminal: GNU readline on a terminal (editing, history kept per
/// profile, Tab completion), plain lines from a pipe so a whole session can be scripted.
final class LineReader {
    let interactive: Bool
    private let historyPath: String?

    /// What Tab completes: the whole list for the word under the cursor. Set per prompt.
    nonisolated(unsafe) static var completer: (_ line: String) -> [String] = { _ in [] }
    nonisolated(unsafe) private static var matches: [String] = []

    init(historyPath: String?) {
        interactive = isatty(STDIN_FILENO) != 0
        self.historyPath = historyPath
        guard interactive else { return }
        // readline reads the locale itself: under C/POSIX, Cyrillic bytes arrive as Meta keys
        let locale = ProcessInfo.processInfo.environment["LC_ALL"] ?? ProcessInfo.processInfo.environment["LC_CTYPE"]
            ?? ProcessInfo.processInfo.environment["LANG"] ?? ""
        if !locale.uppercased().contains("UTF-8") && !locale.uppercased().contains("UTF8") {
            setenv("LC_ALL", "C.UTF-8", 1)
        }
        setlocale(LC_ALL, "")
        rl_readline_name = UnsafePointer(strdup("sparring"))
        rl_attempted_completion_function = { text, start, _ in
            rl_attempted_completion_over = 1
            let line = rl_line_buffer.map { String(cString: $0) } ?? ""
            let prefix = String(decoding: line.utf8.prefix(Int(start)), as: UTF8.self)
            let word = text.map { String(cString: $0) } ?? ""
            LineReader.matches = LineReader.completer(prefix).filter { $0.hasPrefix(word) }
            return rl_completion_matches(text) { _, state in
                guard Int(state) < LineReader.matches.count else { return nil }
                return strdup(LineReader.matches[Int(state)])
            }
        }
        // Ctrl-C cancels the line being typed instead of killing the program
        signal(SIGINT) { _ in
            fputs("\n", stdout)
            rl_on_new_line()
            rl_replace_line("", 0)
            rl_redisplay()
        }
        if let historyPath {
            try? FileManager.default.createDirectory(atPath: (historyPath as NSString).deletingLastPathComponent,
                                                     withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: historyPath) {
                _ = FileManager.default.createFile(atPath: historyPath, contents: nil)
            }
            read_history(historyPath)
        }
    }

    /// The next line, or nil at end of input (Ctrl-D).
    func read(prompt: String, plainPrompt: String) -> String? {
        // a prompt wrapped over several lines: the lines before its last are printed first
        if let cut = plainPrompt.lastIndex(of: "\n") {
            let styledCut = prompt.lastIndex(of: "\n")
            print(interactive ? String(prompt[..<(styledCut ?? prompt.startIndex)]) : String(plainPrompt[..<cut]))
            return read(prompt: styledCut.map { String(prompt[prompt.index(after: $0)...]) } ?? prompt,
                        plainPrompt: String(plainPrompt[plainPrompt.index(after: cut)...]))
        }
        // everything shown so far reaches a pipe before we wait: a scripted session sees each turn
        sparring_flush_stdout()
        guard interactive else {
            guard let line = Swift.readLine() else { return nil }
            // the echo wraps like everything else, under the line's first word
            print(Layout.terminal.wrap(line, first: plainPrompt))
            return line
        }
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        let line = String(cString: raw)
        if !line.trimmed.isEmpty {
            add_history(raw)
            if let historyPath { append_history(1, historyPath) }
        }
        return line
    }

    /// One key pressed on a terminal, without Enter (the prompt stays on its line until then); nil at
    /// end of input or when the input is not a terminal, where nothing is asked.
    func readKey(prompt: String) -> String? {
        guard interactive else { return nil }
        print(prompt + " ", terminator: "")
        sparring_flush_stdout()
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            print("")
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        // a letter of another alphabet is several bytes: read as many as its first byte says
        while Glibc.read(STDIN_FILENO, &byte, 1) == 1 {
            bytes.append(byte)
            let length = bytes[0] < 0x80 ? 1 : bytes[0] < 0xE0 ? 2 : bytes[0] < 0xF0 ? 3 : 4
            if bytes.count >= length { return String(decoding: bytes, as: UTF8.self) }
        }
        return nil
    }

    /// Escapes ANSI codes in a prompt so readline counts its width right.
    static func promptSafe(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "\u{01}$0\u{02}", options: .regularExpression)
    }
}
