import Foundation
import Sparring

/// Text written by people (case authors, course writers) laid out for the terminal.
enum Prose {
    /// A message (a customer's line, a model reply, the course intro) as paragraphs: an author's line
    /// break inside a sentence joins up; a break after a sentence stays, and so does a break after a short
    /// line before a capital (a signature, "URGENT" on its own line). A long line was wrapped by its
    /// author, so what follows it continues the sentence even when it starts with "I" or a number.
    static func paragraphs(_ message: String) -> [String] {
        var paragraphs: [String] = []
        var joining = false
        var wrapped = false
        for line in message.trimmed.split(separator: "\n", omittingEmptySubsequences: false).map({ $0.trimmed }) {
            let continues = line.unicodeScalars.first.map {
                $0.properties.isLowercase || $0.properties.numericType != nil
            } ?? false
            if joining, continues || wrapped, !line.isEmpty, let last = paragraphs.popLast() {
                paragraphs.append(last + " " + line)
            } else {
                paragraphs.append(line)
            }
            joining = !line.isEmpty && !".!?…:»\")".contains(line.last!)
            wrapped = Columns.of(line) >= Prose.wrappedLine
        }
        return paragraphs
    }

    /// Columns from which an author's line counts as wrapped rather than short on purpose.
    static let wrappedLine = 40

    /// Markdown-like blocks: paragraphs apart at blank lines, `# ` headings, `- ` items (continued by
    /// indented lines); the other lines of a paragraph join into one.
    enum Block: Equatable {
        case heading(String)
        case text(String)
        case item(String)
        case blank
    }

    static func blocks(_ markdown: String) -> [Block] {
        var blocks: [Block] = []
        for line in markdown.trimmed.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmed
            if trimmed.isEmpty {
                if let last = blocks.last, last != .blank { blocks.append(.blank) }
            } else if trimmed.hasPrefix("#") {
                blocks.append(.heading(trimmed.drop(while: { $0 == "#" }).trimmed))
            } else if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") || trimmed.hasPrefix("• ") {
                blocks.append(.item(String(trimmed.dropFirst(2)).trimmed))
            } else if line.first == " ", case .item(let item)? = blocks.last {
                blocks[blocks.count - 1] = .item(item + " " + trimmed)
            } else if case .text(let text)? = blocks.last {
                blocks[blocks.count - 1] = .text(text + " " + trimmed)
            } else {
                blocks.append(.text(trimmed))
            }
        }
        return blocks
    }
}

/// Markdown lessons and texts, readable in a terminal: headings bold and underlined, bullets with a
/// hanging indent, **bold** and `code` in colour, wrapped to the terminal's width.
struct LessonRenderer {
    let style: Style
    /// Columns to lay out for; nil reads the terminal.
    var width: Int? = nil
    /// Put before every line (a debrief's text sits under its heading).
    var indent = ""

    func render(_ markdown: String) -> String {
        let layout = Layout(width: width ?? Terminal.columns())
        var lines: [String] = []
        for block in Prose.blocks(markdown) {
            switch block {
            case .heading(let title):
                lines += layout.lines(style.bold(inline(title)), first: indent)
                lines.append(indent + style.bold(String(repeating: "─", count: min(layout.width - Columns.of(indent), Columns.of(title)))))
            case .text(let text):
                lines += layout.lines(inline(text), first: indent)
            case .item(let item):
                lines += layout.lines(inline(item), first: indent + "  • ")
            case .blank:
                lines.append("")
            }
        }
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
