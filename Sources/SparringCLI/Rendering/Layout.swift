import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The terminal the trainee reads on: how many columns a line may take.
enum Terminal {
    /// `COLUMNS` when set, else the width of the terminal on standard output, else 80 (a pipe or a file).
    /// Read anew for every screen, so a resized window is laid out at its new width.
    static func columns(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        if let value = environment["COLUMNS"], let columns = Int(value.trimmingCharacters(in: .whitespaces)), columns > 0 {
            return max(columns, Layout.narrowest)
        }
        var size = winsize()
        if isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return max(Int(size.ws_col), Layout.narrowest)
        }
        return 80
    }
}

/// How many columns text takes on a terminal: a letter, Cyrillic or accented (with its combining
/// marks), is one; wide East Asian characters and emoji are two; ANSI colour codes and readline's
/// prompt markers are none.
enum Columns {
    static func of<S: StringProtocol>(_ text: S) -> Int {
        var total = 0
        var escape = EscapeScanner()
        for character in text {
            if escape.consume(character) { continue }
            total += of(character)
        }
        return total
    }

    static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        let value = first.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) || first.properties.isEmojiPresentation { return 2 }
        if isWide(value) { return 2 }
        return 1
    }

    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

/// Steps over `ESC [ ... final` sequences and readline's \u{01} \u{02} markers, one character at a time.
struct EscapeScanner {
    private var state = 0  // 0 text, 1 after ESC, 2 inside CSI

    /// Whether `character` belongs to an escape sequence (and so takes no column).
    mutating func consume(_ character: Character) -> Bool {
        switch state {
        case 1:
            state = character == "[" ? 2 : 0
            return true
        case 2:
            if let scalar = character.unicodeScalars.first, (0x40...0x7E).contains(scalar.value) { state = 0 }
            return true
        default:
            if character == "\u{1B}" { state = 1; return true }
            if character == "\u{01}" || character == "\u{02}" { return true }
            return false
        }
    }
}

/// Word-wrapping to a width: a line breaks only between words, and a word longer than the whole line
/// is the only one ever cut. Text may carry ANSI colour codes; they take no room.
struct Layout {
    /// Narrower than this, nothing readable fits: lay out as if the terminal were this wide.
    static let narrowest = 24

    let width: Int

    init(width: Int) { self.width = max(width, Self.narrowest) }

    /// The current terminal's layout.
    static var terminal: Layout { Layout(width: Terminal.columns()) }

    static func spaces(_ count: Int) -> String { String(repeating: " ", count: max(0, count)) }

    /// `text` wrapped: its first line starts with `first`, every later line (and every later
    /// paragraph, at `\n`) with `rest`, by default as many spaces as `first` is wide (a hanging indent).
    func lines(_ text: String, first: String = "", rest: String? = nil) -> [String] {
        let rest = rest ?? Self.spaces(Columns.of(first))
        var output: [String] = []
        var prefix = first
        for paragraph in text.replacingOccurrences(of: "\t", with: " ").split(separator: "\n", omittingEmptySubsequences: false) {
            output += wrap(paragraph, first: prefix, rest: rest)
            prefix = rest
        }
        return output
    }

    /// The same, joined with newlines.
    func wrap(_ text: String, first: String = "", rest: String? = nil) -> String {
        lines(text, first: first, rest: rest).joined(separator: "\n")
    }

    /// One paragraph (no newline inside) wrapped.
    private func wrap(_ paragraph: Substring, first: String, rest: String) -> [String] {
        var lines: [String] = []
        var line = first
        var used = Columns.of(first)
        var hasWord = false
        func flush() {
            lines.append(Self.trimmingTrailingSpaces(line))
            line = rest
            used = Columns.of(rest)
            hasWord = false
        }
        // split on single spaces: a run of spaces inside a line is kept as it was typed
        for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
            let columns = Columns.of(word)
            if !hasWord {
                if word.isEmpty { continue }
            } else if used + 1 + columns <= width {
                line += " " + word
                used += 1 + columns
                continue
            } else {
                if word.isEmpty { continue }
                flush()
            }
            // the word starts a line
            if used + columns <= width {
                line += word
                used += columns
                hasWord = true
                continue
            }
            // a word longer than the line: the only one cut, at the width
            var piece = ""
            var pieceColumns = 0
            var escape = EscapeScanner()
            for character in word {
                if escape.consume(character) { piece.append(character); continue }
                let width = Columns.of(character)
                if used + pieceColumns + width > self.width, pieceColumns > 0 {
                    line += piece
                    hasWord = true
                    flush()
                    piece = ""
                    pieceColumns = 0
                }
                piece.append(character)
                pieceColumns += width
            }
            line += piece
            used += pieceColumns
            hasWord = true
        }
        // an empty paragraph is its prefix alone (a label with nothing after it; a blank line under an indent)
        if hasWord || lines.isEmpty { lines.append(Self.trimmingTrailingSpaces(line)) }
        return lines
    }

    /// Short phrases (titles) side by side, `separator` between them: a phrase that does not fit on the
    /// line starts the next one, and only a phrase longer than a whole line is wrapped inside.
    func items(_ items: [String], first: String, separator: String = " · ") -> [String] {
        let rest = Self.spaces(Columns.of(first))
        var lines: [String] = []
        var line = first
        var used = Columns.of(first)
        var empty = true
        for item in items {
            let columns = Columns.of(item)
            if !empty, used + Columns.of(separator) + columns <= width {
                line += separator + item
                used += Columns.of(separator) + columns
                continue
            }
            if !empty {
                lines.append(line)
                line = rest
                used = Columns.of(rest)
            }
            if used + columns <= width {
                line += item
                used += columns
                empty = false
            } else {
                let wrapped = self.lines(item, first: line)
                lines += wrapped.dropLast()
                line = wrapped.last ?? rest
                used = Columns.of(line)
                empty = false
            }
        }
        if !empty { lines.append(line) }
        return lines
    }

    /// `text` cut at a word boundary to fit in `columns`, with "…" when something was left out.
    static func truncate(_ text: String, to columns: Int) -> String {
        if Columns.of(text) <= columns { return text }
        var kept = ""
        var used = 0
        for word in text.split(separator: " ") {
            let next = Columns.of(word) + (kept.isEmpty ? 0 : 1)
            if used + next + 1 > columns { break }
            kept += (kept.isEmpty ? "" : " ") + word
            used += next
        }
        if kept.isEmpty {
            // one word longer than the room: cut it
            var escape = EscapeScanner()
            for character in text {
                if escape.consume(character) { kept.append(character); continue }
                let width = Columns.of(character)
                if used + width + 1 > columns { break }
                kept.append(character)
                used += width
            }
        }
        while let last = kept.last, ",;:·—–-".contains(last) || last == " " { kept.removeLast() }
        return kept + "…"
    }

    /// `text` padded with spaces to `columns` display columns.
    static func pad(_ text: String, to columns: Int) -> String {
        text + spaces(columns - Columns.of(text))
    }

    private static func trimmingTrailingSpaces(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
}
