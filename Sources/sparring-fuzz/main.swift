// A bounded random-input runner for the case loader and the grader (`make fuzz`).
//
// The parent starts one worker process per target and watches it: a worker that dies is a crash, one
// that reports no progress for --hang-seconds is a hang, one whose memory passes --memory-mb is a
// blow-up. Inputs are made from (seed, index), so the parent can rebuild and save the one that failed,
// then start the worker again after it. At the end it prints inputs tried, crashes and hangs, and exits
// 1 if there was any failure.
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Sparring

// MARK: inputs

/// SplitMix64: the same seed and index give the same input on every run.
struct Random {
    private var state: UInt64
    init(seed: UInt64, index: Int) { state = seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(index) &* 0xD6E8_FEB8_6659_FD93 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// What the inputs are made from: the case library, the test fixtures, the labelled replies.
struct Seeds {
    let caseFiles: [[UInt8]]
    let replies: [String]

    init(root: String) {
        let manager = FileManager.default
        var paths: [String] = []
        for folder in ["Cases", "Tests/SparringTests/Fixtures"] {
            let path = root + "/" + folder
            let enumerator = manager.enumerator(atPath: path)
            while let relative = enumerator?.nextObject() as? String {
                if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") { paths.append(path + "/" + relative) }
            }
        }
        // sorted: the parent and every worker must number the same seeds the same way
        var files = paths.sorted().compactMap { manager.contents(atPath: $0).map { [UInt8]($0) } }
        // the issue's reproducers: an alias bomb used as a key and as a value, scalars of the wrong type
        var bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for level in 1...8 {
            let items = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            bomb.append("a\(level): &a\(level) [\(items)]")
        }
        files.append(Array((bomb.joined(separator: "\n") + "\n? *a8\n: boom\n").utf8))
        files.append(Array((bomb.joined(separator: "\n") + "\nexamples: *a8\n").utf8))
        let types = "format: 1\nmodel_reply: true\nopening: 1.5\ngiven: [{kind: other, label: x, asked_by: [null]}]\n"
        files.append(Array(types.utf8))
        caseFiles = files.isEmpty ? [Array("format: 1\n".utf8)] : files
        var texts: [String] = []
        if let names = try? manager.contentsOfDirectory(atPath: root + "/Tests/Corpus") {
            for name in names.sorted() where name.hasSuffix(".jsonl") {
                let text = (try? String(contentsOfFile: root + "/Tests/Corpus/" + name, encoding: .utf8)) ?? ""
                for line in text.split(separator: "\n") {
                    if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                       let reply = object["text"] as? String { texts.append(reply) }
                }
            }
        }
        replies = texts.isEmpty ? ["Здравствуйте! Проверяю заказ.", "Hello! Sorry for the delay."] : texts
    }
}

enum Mutator {
    static let yamlTokens = [
        "&a ", "*a", "&b [*a, *a, *a, *a]", "*b", "? ", ": ", "- ", "{", "}", "[", "]", ", ", "\"",
        "'", "|", "|-\n", ">", "\n", "\r\n", "  ", "\t", "# ", "!!str ", "!!int ", "!!binary ",
        "<<: *a", "---\n", "...\n", "~", "null", "true", "no", "1.5", "0x1F", "-.inf",
        "%YAML 1.2\n", "\u{FEFF}", "ё", "😀", "\u{0}", "\\", "\\u0000", "? [*a]\n: x\n",
        "*undefined", "&", "*", "!<tag:x> ", "@", "`",
    ]
    static let scalarRanges: [ClosedRange<UInt32>] = [
        0x20...0x7E, 0x410...0x44F, 0x300...0x36F, 0x1F300...0x1F6FF, 0x590...0x5FF, 0x200B...0x200F, 0x2028...0x2029,
        0xFFF0...0xFFFD, 0x4E00...0x4EFF, 0x0...0x1F, 0x80...0x9F, 0xE000...0xE0FF,
    ]
    static let replyTokens = [
        " ", "  ", "\n", "\r\n", "\t", ".", "...", "?!", ",", ";", ":", "—", "-", "«", "»", "\"",
        "'", "(", ")", "@", "://", "www.", ".com", "https://shop.example/a?b=c", "a@b.ru", "n't",
        "не ", "НЕ ", "#", "12:30", "3.14", "1,5", "ё", "Ё", "’", "\u{301}", "\u{200D}", "👩‍👩‍👧",
        "🇷🇺", "ß", "İ", "ﬁ", "\u{0}", "извините", "sorry", "please", "пожалуйста", "escalate",
        "номер заказа", "order number",
    ]

    static func scalar(_ random: inout Random) -> String {
        let range = random.pick(scalarRanges)
        let value = range.lowerBound + UInt32(random.below(Int(range.upperBound - range.lowerBound) + 1))
        return Unicode.Scalar(value).map { String(Character($0)) } ?? "?"
    }

    /// A mutated case file: byte edits, YAML tokens, spliced lines, typed scalars, sometimes a fresh alias nest.
    static func caseFile(_ seeds: Seeds, _ random: inout Random) -> String {
        var bytes = random.pick(seeds.caseFiles)
        if random.chance(5) {
            let width = 1 + random.below(12), depth = 1 + random.below(12)
            var nest = ["n0: &n0 [x]"]
            for level in 1...depth {
                let items = Array(repeating: "*n\(level - 1)", count: width).joined(separator: ", ")
                nest.append("n\(level): &n\(level) [\(items)]")
            }
            let use = random.pick(["? *n\(depth)\n: x\n", "examples: *n\(depth)\n", "reactions: {*n\(depth): x}\n",
                                   "given: *n\(depth)\n"])
            bytes = Array((nest.joined(separator: "\n") + "\n" + use).utf8) + (random.chance(50) ? bytes : [])
        }
        for _ in 0..<(1 + random.below(8)) {
            guard !bytes.isEmpty else {
                bytes = Array(random.pick(yamlTokens).utf8)
                continue
            }
            let at = random.below(bytes.count + 1)
            switch random.below(8) {
            case 0: if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: random.next()) }
            case 1: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.below(64)))
            case 2:
                let from = random.below(bytes.count)
                let piece = bytes[from..<min(bytes.count, from + 1 + random.below(200))]
                bytes.insert(contentsOf: Array(piece), at: at)
            case 3, 4: bytes.insert(contentsOf: Array(random.pick(yamlTokens).utf8), at: at)
            case 5:
                let other = random.pick(seeds.caseFiles).split(separator: UInt8(ascii: "\n"))
                if !other.isEmpty { bytes.insert(contentsOf: Array(random.pick(other)) + [10], at: at) }
            case 6:
                // a value after a colon becomes another type
                if let colon = bytes[at...].firstIndex(of: UInt8(ascii: ":")) {
                    let end = bytes[colon...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                    let value = random.pick(["true", "1.5", "~", "[null]", "{}", "0o17", "\"\"", "[]", "-1", "1e400",
                                             "*a"])
                    bytes.replaceSubrange(colon..<end, with: Array(": \(value)".utf8))
                }
            default: bytes.insert(contentsOf: Array(scalar(&random).utf8), at: at)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A mutated reply: tokens and odd scalars inserted, chunks repeated into long words and long replies.
    static func reply(_ seeds: Seeds, _ random: inout Random) -> String {
        var scalars = Array(random.pick(seeds.replies).unicodeScalars)
        for _ in 0..<(1 + random.below(10)) {
            let at = random.below(scalars.count + 1)
            switch random.below(9) {
            case 0, 1: scalars.insert(contentsOf: random.pick(replyTokens).unicodeScalars, at: at)
            case 2: scalars.insert(contentsOf: scalar(&random).unicodeScalars, at: at)
            case 3 where !scalars.isEmpty: scalars.removeSubrange(at..<min(scalars.count, at + 1 + random.below(40)))
            case 4 where !scalars.isEmpty:
                // a chunk repeated: long words, long sentences, up to past the reply cap
                let from = random.below(scalars.count)
                let piece = Array(scalars[from..<min(scalars.count, from + 1 + random.below(12))])
                let times = random.chance(10) ? 1 + random.below(4000) : 1 + random.below(50)
                scalars.insert(contentsOf: Array(repeating: piece, count: times).joined(), at: at)
            case 5: scalars.removeAll { $0 == " " }
            case 6: scalars = Array(String(String.UnicodeScalarView(scalars)).uppercased().unicodeScalars)
            case 7: scalars.insert(contentsOf: random.pick(seeds.replies).unicodeScalars, at: at)
            default:
                if at < scalars.count { scalars[at] = Unicode.Scalar(UInt8(truncatingIfNeeded: random.next() % 128)) }
            }
            if scalars.count > 60_000 { scalars.removeLast(scalars.count - 60_000) }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    /// A batch line around a reply, its fields sometimes of the wrong type, its bytes sometimes broken.
    static func batchLine(_ text: String, _ random: inout Random) -> [UInt8] {
        var object: [String: Any] = ["text": text]
        let values: [Any] = ["ru", "en", "xx", 1, 0, -5, 1.5, true, NSNull(), [1], ["a": 1], "",
                             "clinic-confirmation-call", 3, "x"]
        for key in ["id", "lang", "case", "turn", "text", "escalation"] where random.chance(30) {
            object[key] = random.pick(values)
        }
        var bytes = [UInt8]((try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8))
        if random.chance(15), !bytes.isEmpty {
            for _ in 0..<(1 + random.below(4)) {
                bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
            }
        }
        if random.chance(5) { bytes = Array(repeating: UInt8(ascii: "["), count: 1 + random.below(5000)) }
        return bytes
    }
}

// MARK: targets, in the worker

/// Runs inputs from `start` on, writing each index to standard output once it is done.
func work(target: String, seed: UInt64, start: Int, root: String) -> Never {
    let seeds = Seeds(root: root)
    let grader: Grader
    do { grader = try Grader.load() } catch {
        FileHandle.standardError.write(Data("cannot load the grader: \(error)\n".utf8))
        exit(3)
    }
    let loader = CaseLoader(analyzer: grader.analyzer)
    let library = seeds.caseFiles.prefix(40).compactMap { bytes -> Case? in
        loader.load(text: String(decoding: bytes, as: UTF8.self), path: "library.yaml").0
    }
    var index = start
    while true {
        var random = Random(seed: seed, index: index)
        switch target {
        case "loader":
            let text = Mutator.caseFile(seeds, &random)
            let language = random.pick([Language.ru, .en, nil])
            let path = random.pick(["fuzz.yaml", "ru/fuzz.yaml", "x"])
            let (loaded, _) = loader.load(text: text, path: path, folderLanguage: language)
            _ = CasePreview.read(text: text)
            _ = Course.load(text: text, path: "course.yaml", knownCases: ["clinic-confirmation-call"])
            // a file that loads is played a little: its examples through the grader
            if let loaded, random.chance(20) { _ = CaseTester(grader: grader).run(loaded) }
        default:
            let text = Mutator.reply(seeds, &random)
            let caseFile = random.chance(50) && !library.isEmpty ? random.pick(library) : nil
            switch random.below(4) {
            case 0:
                let line = Mutator.batchLine(text, &random)
                var splitter = LineSplitter(maximumLineLength: 1 << 16)
                var lines = splitter.push(line + (random.chance(50) ? [13, 10] : [10]))
                if let last = splitter.finish() { lines.append(last) }
                for case .line(let number, let bytes) in lines {
                    if case .success(let request) = BatchLine.parse(bytes, line: number) {
                        _ = grader.grade(request.text, language: request.language ?? .en, caseFile: caseFile,
                                         conversation: Conversation(turn: request.turn))
                    }
                }
            case 1 where caseFile != nil:
                let session = Session(caseFile: caseFile!, grader: grader, seed: random.next())
                _ = session.handle(text)
                _ = session.handle(random.pick(Session.commands + ["/lookup phone", "/escalate " + text]))
                _ = session.handle(text)
            default:
                _ = grader.grade(text, language: random.pick([.ru, .en]), caseFile: caseFile,
                                 conversation: Conversation(turn: 1 + random.below(3)))
            }
        }
        let line = Array("\(index)\n".utf8)
        _ = line.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
        index += 1
    }
}

// MARK: the parent

/// A line on standard output at once, not when a buffer fills: the run is watched as it goes.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

struct Options {
    var seconds = 600.0
    var hangSeconds = 10.0
    var memoryMB = 3000
    var seed: UInt64 = UInt64(Date().timeIntervalSince1970)
    var out = ".build/fuzz"
    var root = FileManager.default.currentDirectoryPath
    var targets = ["loader", "grader"]
}

/// One target's worker process and what became of its inputs.
final class Run {
    let target: String
    var pid: pid_t = 0
    var output: Int32 = -1
    var buffer: [UInt8] = []
    var next = 0
    var tried = 0
    var crashes = 0
    var hangs = 0
    var blowUps = 0
    var lastProgress = Date()
    var peakMB = 0
    var firstMB: Int?

    init(target: String) { self.target = target }
}

func spawnWorker(_ run: Run, options: Options) {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { fatalError("pipe failed") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
    posix_spawn_file_actions_addclose(&actions, fds[0])
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    let arguments = [executable, "--worker", run.target, "--seed", String(options.seed), "--from", String(run.next),
                     "--root", options.root]
    var cArguments = arguments.map { strdup($0) } + [nil]
    defer { cArguments.forEach { free($0) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, executable, &actions, nil, &cArguments, environ) == 0 else {
        fatalError("cannot start \(executable)")
    }
    close(fds[1])
    run.pid = pid
    run.output = fds[0]
    run.buffer = []
    run.lastProgress = Date()
}

/// Saves the input a worker failed on, rebuilt from the seed and its index.
func save(_ run: Run, kind: String, options: Options, seeds: Seeds) {
    var random = Random(seed: options.seed, index: run.next)
    let text = run.target == "loader" ? Mutator.caseFile(seeds, &random) : Mutator.reply(seeds, &random)
    try? FileManager.default.createDirectory(atPath: options.out, withIntermediateDirectories: true)
    let file = "\(options.out)/\(kind)-\(run.target)-\(options.seed)-\(run.next).txt"
    try? text.write(toFile: file, atomically: true, encoding: .utf8)
    say("\(run.target): \(kind) on input \(run.next) (seed \(options.seed)); saved to \(file); run it again with "
        + "sparring-fuzz --worker \(run.target) --seed \(options.seed) --from \(run.next)")
}

func residentMB(_ pid: pid_t) -> Int {
    guard let statm = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8),
          let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
    return (pages * Int(sysconf(Int32(_SC_PAGESIZE)))) >> 20
}

func reap(_ run: Run) -> Int32 {
    var status: Int32 = 0
    waitpid(run.pid, &status, 0)
    close(run.output)
    run.output = -1
    return status
}

func parent(_ options: Options) -> Int32 {
    let seeds = Seeds(root: options.root)
    let runs = options.targets.map(Run.init)
    let started = Date()
    say("fuzzing \(options.targets.joined(separator: " and ")) for \(Int(options.seconds)) s, seed \(options.seed) "
        + "(\(seeds.caseFiles.count) case files, \(seeds.replies.count) replies to start from)")
    for run in runs { spawnWorker(run, options: options) }
    var lastMemoryCheck = Date.distantPast
    while Date().timeIntervalSince(started) < options.seconds {
        var polls = runs.map { pollfd(fd: $0.output, events: Int16(POLLIN), revents: 0) }
        _ = poll(&polls, nfds_t(polls.count), 200)
        for (run, polled) in zip(runs, polls) where polled.revents != 0 {
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = read(run.output, &chunk, chunk.count)
            if count > 0 {
                run.buffer += chunk[..<count]
                while let newline = run.buffer.firstIndex(of: 10) {
                    if let done = Int(String(decoding: run.buffer[..<newline], as: UTF8.self)) {
                        run.next = done + 1
                        run.tried += 1
                        run.lastProgress = Date()
                    }
                    run.buffer.removeSubrange(...newline)
                }
            } else {
                // the worker ended by itself: only a crash does that
                let status = reap(run)
                run.crashes += 1
                save(run, kind: "crash", options: options, seeds: seeds)
                say("  (worker status \(status))")
                run.next += 1
                spawnWorker(run, options: options)
            }
        }
        let checkMemory = Date().timeIntervalSince(lastMemoryCheck) > 1
        if checkMemory { lastMemoryCheck = Date() }
        for run in runs {
            if checkMemory {
                let megabytes = residentMB(run.pid)
                if run.firstMB == nil && run.tried > 200 { run.firstMB = megabytes }
                run.peakMB = max(run.peakMB, megabytes)
                if megabytes > options.memoryMB {
                    kill(run.pid, SIGKILL)
                    _ = reap(run)
                    run.blowUps += 1
                    save(run, kind: "memory", options: options, seeds: seeds)
                    run.next += 1
                    spawnWorker(run, options: options)
                    continue
                }
            }
            // the first input also waits for the grader to load
            let allowed = options.hangSeconds + (run.tried == 0 ? 30 : 0)
            if Date().timeIntervalSince(run.lastProgress) > allowed {
                kill(run.pid, SIGKILL)
                _ = reap(run)
                run.hangs += 1
                save(run, kind: "hang", options: options, seeds: seeds)
                run.next += 1
                spawnWorker(run, options: options)
            }
        }
    }
    for run in runs {
        kill(run.pid, SIGKILL)
        _ = reap(run)
    }
    let elapsed = Int(Date().timeIntervalSince(started))
    var failures = 0
    for run in runs {
        failures += run.crashes + run.hangs + run.blowUps
        say("\(run.target): \(run.tried) inputs tried in \(elapsed) s, \(run.crashes) crashes, \(run.hangs) hangs "
            + "(over \(Int(options.hangSeconds)) s), \(run.blowUps) over \(options.memoryMB) MB; "
            + "worker memory \(run.firstMB ?? run.peakMB) MB after its first inputs, \(run.peakMB) MB at most")
    }
    say(failures == 0 ? "no crash, hang or blow-up" : "\(failures) failures; their inputs are in \(options.out)")
    return failures == 0 ? 0 : 1
}

// MARK: command line

var options = Options()
var arguments = Array(CommandLine.arguments.dropFirst())
var worker: String?
var from = 0
while !arguments.isEmpty {
    let name = arguments.removeFirst()
    guard let value = arguments.first else {
        FileHandle.standardError.write(Data("error: \(name) needs a value\n".utf8))
        exit(2)
    }
    arguments.removeFirst()
    switch name {
    case "--seconds": options.seconds = Double(value) ?? options.seconds
    case "--hang-seconds": options.hangSeconds = Double(value) ?? options.hangSeconds
    case "--memory-mb": options.memoryMB = Int(value) ?? options.memoryMB
    case "--seed": options.seed = UInt64(value) ?? options.seed
    case "--out": options.out = value
    case "--root": options.root = value
    case "--targets": options.targets = value.split(separator: ",").map(String.init)
    case "--worker": worker = value
    case "--from": from = Int(value) ?? 0
    default:
        FileHandle.standardError.write(Data("""
            error: unknown option \(name)
            usage: sparring-fuzz [--seconds N] [--hang-seconds N] [--memory-mb N] [--seed N]
                                 [--targets loader,grader] [--out DIR]

            """.utf8))
        exit(2)
    }
}
if let worker { work(target: worker, seed: options.seed, start: from, root: options.root) }
exit(parent(options))
