import Foundation

/// One line of a `grade --batch` file, read and checked: what to grade, or why the line cannot be.
public struct BatchRequest: Sendable, Equatable {
    public let id: String?
    public let text: String
    /// Nil when the line names none: the reply's letters decide.
    public let language: Language?
    public let caseID: String?
    public let turn: Int
}

/// Why a batch line was not graded, with the line's `id` when it had a usable one.
public struct BatchLineError: Error, Sendable, Equatable {
    public let id: String?
    public let message: String

    public init(id: String?, message: String) {
        self.id = id
        self.message = message
    }
}

public enum BatchLine {
    /// Reads one line (without its line break): a JSON object with `text` (a non-empty string) and
    /// optional `id` (string or number), `lang` (ru or en), `case` (a case id) and `turn` (from 1).
    /// Other keys are left alone: labelled corpora carry their signals beside the text.
    public static func parse(_ bytes: [UInt8], line: Int) -> Result<BatchRequest, BatchLineError> {
        // Foundation's JSONDecoder traps on exactly 513 unclosed brackets (found by `make fuzz`); a batch
        // line has no use for deep nesting, so such a line is refused before the decoder sees it
        if nesting(bytes) > maximumNesting {
            return .failure(BatchLineError(id: nil, message:
                "line \(line) nests lists or objects more than \(maximumNesting) deep; write one flat object a line"))
        }
        let fields: Fields
        do {
            // the decoder was a tenth of batch grading: plain lines are read by hand, anything else by it
            fields = try FlatObject.fields(bytes) ?? JSONDecoder().decode(Fields.self, from: Data(bytes))
        } catch {
            return .failure(BatchLineError(id: nil, message:
                "line \(line) is not a JSON object; write one object a line, such as {\"text\": \"Hello!\"}"))
        }
        var id: String?
        switch fields.id {
        case nil, .null?: break
        case .string(let text)?: id = text
        case .integer(let number)?: id = String(number)
        case .number(let number)?: id = String(number)
        case let other?:
            let message = "line \(line): 'id' must be a string or a number; found \(other)"
            return .failure(BatchLineError(id: nil, message: message))
        }
        func fail(_ message: String) -> Result<BatchRequest, BatchLineError> {
            .failure(BatchLineError(id: id, message: "line \(line)\(message)"))
        }
        let text: String
        switch fields.text {
        case nil: return fail(" has no 'text'; give the reply to grade as a string")
        case .string(let value)?:
            guard !value.trimmed.isEmpty else { return fail(": 'text' is empty; give the reply to grade") }
            text = value
        case let other?: return fail(": 'text' must be a string, the reply to grade; found \(other)")
        }
        var language: Language?
        switch fields.lang {
        case nil, .null?: break
        case .string(let code)?:
            guard let parsed = Language(code: code) else { return fail(": unknown lang '\(code)'; use ru or en") }
            language = parsed
        case let other?: return fail(": 'lang' must be a string, ru or en; found \(other)")
        }
        var caseID: String?
        switch fields.caseID {
        case nil, .null?: break
        case .string(let value)?:
            guard !value.trimmed.isEmpty else { return fail(": 'case' is empty; give a case id or leave 'case' out") }
            caseID = value
        case let other?: return fail(": 'case' must be a string, the id of a case; found \(other)")
        }
        var turn = 1
        switch fields.turn {
        case nil, .null?: break
        case .integer(let value)? where value >= 1: turn = value
        case .number(let value)? where value >= 1 && value <= 1e9 && value == value.rounded(): turn = Int(value)
        case let other?: return fail(": 'turn' must be a positive whole number (1 for the first reply); found \(other)")
        }
        return .success(BatchRequest(id: id, text: text, language: language, caseID: caseID, turn: turn))
    }

    static let maximumNesting = 100

    /// The deepest nesting of `[` and `{` outside strings.
    static func nesting(_ bytes: [UInt8]) -> Int {
        var depth = 0, deepest = 0
        var inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    /// A field's JSON value, kept only as far as checking its type needs.
    enum Value: Equatable, CustomStringConvertible {
        case null, bool(Bool), integer(Int), number(Double), string(String), list, object

        var description: String {
            switch self {
            case .null: return "null"
            case .bool(let value): return "\(value)"
            case .integer(let value): return "\(value)"
            case .number(let value): return "\(value)"
            case .string(let value):
                return "the string \"\(value.count > 40 ? String(value.prefix(40)) + "…" : value)\""
            case .list: return "a list"
            case .object: return "an object"
            }
        }
    }

    /// The five fields a batch line may have; everything else in the object is skipped unread.
    struct Fields: Decodable {
        var id, text, lang, caseID, turn: Value?

        enum Key: String, CodingKey { case id, text, lang, caseID = "case", turn }

        init() {}

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            func value(_ key: Key) throws -> Value? {
                guard container.contains(key) else { return nil }
                if try container.decodeNil(forKey: key) { return .null }
                if let value = try? container.decode(Bool.self, forKey: key) { return .bool(value) }
                if let value = try? container.decode(Int.self, forKey: key) { return .integer(value) }
                if let value = try? container.decode(Double.self, forKey: key) { return .number(value) }
                if let value = try? container.decode(String.self, forKey: key) { return .string(value) }
                if (try? container.nestedUnkeyedContainer(forKey: key)) != nil { return .list }
                return .object
            }
            id = try value(.id)
            text = try value(.text)
            lang = try value(.lang)
            caseID = try value(.caseID)
            turn = try value(.turn)
        }
    }
}

/// A batch line read without the decoder: one flat object whose five fields are strings, whole numbers,
/// booleans or null, other keys holding any JSON. Nil for anything else (escapes in keys, `\\u` escapes,
/// a key twice, a fraction, bad JSON), which the decoder then reads, so both always agree.
enum FlatObject {
    static func fields(_ bytes: [UInt8]) -> BatchLine.Fields? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer)
            return reader.object()
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func skipSpace() {
            while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x09 || bytes[at] == 0x0A || bytes[at] == 0x0D {
                at += 1
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        mutating func object() -> BatchLine.Fields? {
            var fields = BatchLine.Fields()
            var keys: Set<[UInt8]> = []
            skipSpace()
            guard take(UInt8(ascii: "{")) else { return nil }
            skipSpace()
            if !take(UInt8(ascii: "}")) {
                repeat {
                    skipSpace()
                    guard let key = string(), let keyBytes = key.raw, keys.insert(keyBytes).inserted else { return nil }
                    skipSpace()
                    guard take(UInt8(ascii: ":")) else { return nil }
                    skipSpace()
                    switch String(decoding: keyBytes, as: UTF8.self) {
                    case "id": guard let value = value() else { return nil }; fields.id = value
                    case "text": guard let value = value() else { return nil }; fields.text = value
                    case "lang": guard let value = value() else { return nil }; fields.lang = value
                    case "case": guard let value = value() else { return nil }; fields.caseID = value
                    case "turn": guard let value = value() else { return nil }; fields.turn = value
                    default: guard skipValue(depth: 0) else { return nil }
                    }
                    skipSpace()
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "}")) else { return nil }
            }
            skipSpace()
            return at == bytes.count ? fields : nil
        }

        /// A string with its simple escapes undone, and its bytes when it had no escape (a key compared as is).
        mutating func string() -> (text: String, raw: [UInt8]?)? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = at
            // most strings have no escape: one scan, then the bytes as they are
            while at < bytes.count, bytes[at] != UInt8(ascii: "\""), bytes[at] != UInt8(ascii: "\\") {
                guard bytes[at] >= 0x20 else { return nil }
                at += 1
            }
            guard at < bytes.count else { return nil }
            var out = Array(bytes[start..<at])
            var escaped = false
            while at < bytes.count {
                let byte = bytes[at]
                at += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: out, as: UTF8.self) else { return nil }
                    return (text, escaped ? nil : out)
                case UInt8(ascii: "\\"):
                    guard at < bytes.count else { return nil }
                    escaped = true
                    let next = bytes[at]
                    at += 1
                    switch next {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(next)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    default: return nil
                    }
                case 0..<0x20: return nil
                default: out.append(byte)
                }
            }
            return nil
        }

        mutating func literal(_ word: String) -> Bool {
            let utf8 = word.utf8
            guard at + utf8.count <= bytes.count, zip(utf8, bytes[at...]).allSatisfy({ $0 == $1 }) else { return false }
            at += utf8.count
            return true
        }

        /// A number's end, by JSON's grammar, and whether it is whole (no fraction, no exponent).
        mutating func number() -> (text: String, whole: Bool)? {
            let start = at
            _ = take(UInt8(ascii: "-"))
            func digits() -> Int {
                let from = at
                while at < bytes.count, bytes[at] >= 0x30 && bytes[at] <= 0x39 { at += 1 }
                return at - from
            }
            let leading = at
            guard digits() > 0, bytes[leading] != 0x30 || at - leading == 1 else { return nil }
            var whole = true
            if take(UInt8(ascii: ".")) {
                guard digits() > 0 else { return nil }
                whole = false
            }
            if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
                if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
                guard digits() > 0 else { return nil }
                whole = false
            }
            return (String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self), whole)
        }

        /// One of the five fields' values, as `Fields` would decode it; nil where only the decoder should say.
        mutating func value() -> BatchLine.Value? {
            guard at < bytes.count else { return nil }
            switch bytes[at] {
            case UInt8(ascii: "\""): return string().map { .string($0.text) }
            case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            case UInt8(ascii: "-"), 0x30...0x39:
                guard let (text, whole) = number(), whole, let integer = Int(text) else { return nil }
                return .integer(integer)
            default: return nil
            }
        }

        /// Steps over any JSON value of a key batch grading does not read.
        mutating func skipValue(depth: Int) -> Bool {
            guard at < bytes.count, depth < BatchLine.maximumNesting else { return false }
            switch bytes[at] {
            case UInt8(ascii: "\""): return string() != nil
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            case UInt8(ascii: "-"), 0x30...0x39: return number() != nil
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                let isObject = bytes[at] == UInt8(ascii: "{")
                let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                at += 1
                skipSpace()
                if take(close) { return true }
                repeat {
                    skipSpace()
                    if isObject {
                        guard string() != nil else { return false }
                        skipSpace()
                        guard take(UInt8(ascii: ":")) else { return false }
                        skipSpace()
                    }
                    guard skipValue(depth: depth + 1) else { return false }
                    skipSpace()
                } while take(UInt8(ascii: ","))
                return take(close)
            default: return false
            }
        }
    }
}

/// Splits a byte stream into lines at `\n` — bytes, not Characters, for which `\r\n` is one and a CRLF
/// file would be a single line — dropping one `\r` before each break, numbering lines exactly, and
/// never holding more than `maximumLineLength` bytes of a line: a longer one is reported, not kept.
public struct LineSplitter: Sendable {
    public enum Line: Sendable, Equatable {
        case line(number: Int, bytes: [UInt8])
        case tooLong(number: Int, length: Int)
    }

    public let maximumLineLength: Int
    private var pending: [UInt8] = []
    private var skipped = 0
    private var skipping = false
    private var number = 1

    public init(maximumLineLength: Int) { self.maximumLineLength = maximumLineLength }

    /// The lines that `chunk` completes.
    public mutating func push(_ chunk: some Collection<UInt8>) -> [Line] {
        var lines: [Line] = []
        var rest = chunk[...]
        while !rest.isEmpty {
            guard let newline = rest.firstIndex(of: UInt8(ascii: "\n")) else {
                take(rest)
                break
            }
            take(rest[..<newline])
            lines.append(close())
            rest = rest[rest.index(after: newline)...]
        }
        return lines
    }

    /// The last line, when the input does not end with a line break.
    public mutating func finish() -> Line? {
        guard skipping || !pending.isEmpty else { return nil }
        return close()
    }

    private mutating func take(_ bytes: some Collection<UInt8>) {
        if skipping {
            skipped += bytes.count
        } else if pending.count + bytes.count > maximumLineLength + 1 {
            // one byte over is kept: it may be the `\r` of a CRLF line exactly at the limit
            skipped = pending.count + bytes.count
            skipping = true
            pending = []
        } else {
            pending.append(contentsOf: bytes)
        }
    }

    private mutating func close() -> Line {
        defer { number += 1 }
        if skipping {
            skipping = false
            defer { skipped = 0 }
            return .tooLong(number: number, length: skipped)
        }
        var bytes = pending
        pending = []
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        if bytes.count > maximumLineLength { return .tooLong(number: number, length: bytes.count) }
        return .line(number: number, bytes: bytes)
    }
}

/// Runs `work` on a stream of inputs on `jobs` threads and hands every result to `emit` in input order,
/// each as soon as it and all before it are done. At most `window` inputs are read ahead of the last
/// one emitted, so memory stays flat however long the stream; with one job nothing runs in parallel.
/// `next` runs on a thread of its own, so that waiting for input (a pipe) never holds back a result.
public enum OrderedPipeline {
    public static func run<Input: Sendable, Output: Sendable>(
        jobs: Int, window: Int, next: @escaping @Sendable () -> Input?, work: @escaping @Sendable (Input) -> Output,
        emit: (Output) -> Void
    ) {
        guard jobs > 1 else {
            while let input = next() { emit(work(input)) }
            return
        }
        let state = PipelineState<Input, Output>(window: max(1, window))
        let finished = DispatchGroup()
        for _ in 0..<jobs {
            finished.enter()
            Thread.detachNewThread {
                while let (sequence, input) = state.take() { state.put(sequence, work(input)) }
                finished.leave()
            }
        }
        finished.enter()
        Thread.detachNewThread {
            var submitted = 0
            while true {
                state.waitForRoom(submitted)
                guard let input = next() else { break }
                state.submit(submitted, input)
                submitted += 1
            }
            state.close(total: submitted)
            finished.leave()
        }
        var emitted = 0
        while let output = state.result(emitted) {
            emit(output)
            emitted += 1
        }
        finished.wait()
    }
}

/// The queue of inputs and the results waiting for their turn to be emitted.
/// `@unchecked Sendable`: every stored property is read and written only while `condition` is locked.
private final class PipelineState<Input, Output>: @unchecked Sendable {
    private let condition = NSCondition()
    private let window: Int
    private var queue: [(Int, Input)] = []
    private var head = 0
    private var results: [Int: Output] = [:]
    private var emitted = 0
    /// How many inputs there were, once the stream has ended.
    private var total: Int?

    init(window: Int) { self.window = window }

    func submit(_ sequence: Int, _ input: Input) {
        condition.lock()
        queue.append((sequence, input))
        condition.broadcast()
        condition.unlock()
    }

    func close(total: Int) {
        condition.lock()
        self.total = total
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until fewer than `window` inputs are read and not yet emitted.
    func waitForRoom(_ submitted: Int) {
        condition.lock()
        while submitted - emitted >= window { condition.wait() }
        condition.unlock()
    }

    /// The next input to work on; nil once the stream has ended and every input was taken.
    func take() -> (Int, Input)? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count && total == nil { condition.wait() }
        guard head < queue.count else { return nil }
        let item = queue[head]
        head += 1
        // drop what was taken now and then, so the queue does not keep every input ever read
        if head > 64 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return item
    }

    func put(_ sequence: Int, _ output: Output) {
        condition.lock()
        results[sequence] = output
        condition.broadcast()
        condition.unlock()
    }

    /// Result number `sequence` once it is done; nil when the stream ended before it.
    func result(_ sequence: Int) -> Output? {
        condition.lock()
        defer { condition.unlock() }
        while results[sequence] == nil && (total.map { sequence < $0 } ?? true) { condition.wait() }
        guard let output = results.removeValue(forKey: sequence) else { return nil }
        emitted = sequence + 1
        condition.broadcast()
        return output
    }
}
