import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process on pipes, spawned and reaped by hand.
///
/// Foundation's `Process.waitUntilExit` was seen to miss a child's exit when the child forks a
/// daemon (tmux starting its server on a machine where none runs), and the test run then hung for
/// good. Here every wait has a deadline: a child that outlives it is killed and the test fails with
/// what it had printed, instead of hanging.
final class Child {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private static let spawning = NSLock()

    let pid: pid_t
    private var input: Int32
    private let output: Int32
    private var printedBytes: [UInt8] = []
    /// Everything the child printed so far (a letter split across reads is whole once both halves are in).
    var printed: String { String(decoding: printedBytes, as: UTF8.self) }
    private var status: Int32?

    /// Starts `arguments[0]` (a path, or a name looked up in PATH) in `directory`, with `environment`,
    /// standard input from a pipe and standard output and error into one pipe.
    init(_ arguments: [String], directory: String, environment: [String: String]) throws {
        // Pipes are made close-on-exec under one lock with the spawn, so that no other child (a tmux
        // server above all) inherits them and keeps them open.
        Child.spawning.lock()
        defer { Child.spawning.unlock() }
        var inputPipe: [Int32] = [0, 0], outputPipe: [Int32] = [0, 0]
        guard pipe(&inputPipe) == 0, pipe(&outputPipe) == 0 else {
            throw Failure(description: "pipe failed: \(String(cString: strerror(errno)))")
        }
        for descriptor in inputPipe + outputPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 2)

        // `env -C` changes the directory in the child, which posix_spawn cannot do portably
        let argv = ["/usr/bin/env", "-C", directory] + arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }
        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment = envp.map { strdup($0) } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/usr/bin/env", &actions, nil, &cArguments, &cEnvironment)
        close(inputPipe[0])
        close(outputPipe[1])
        guard result == 0 else {
            close(inputPipe[1])
            close(outputPipe[0])
            throw Failure(description: "could not start \(argv.joined(separator: " ")): \(String(cString: strerror(result)))")
        }
        self.pid = pid
        input = inputPipe[1]
        output = outputPipe[0]
        _ = fcntl(output, F_SETFL, fcntl(output, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            waitpid(pid, &raw, 0)
        }
        if input >= 0 { close(input) }
        close(output)
    }

    func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty, input >= 0 {
            let written = bytes.withUnsafeBytes { Glibc.write(input, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }

    func closeInput() {
        if input >= 0 { close(input) }
        input = -1
    }

    /// Reads what the child prints until `done` holds for everything read so far, the pipe closes,
    /// or `seconds` pass. Returns whether `done` held.
    @discardableResult
    func read(until done: (String) -> Bool = { _ in false }, seconds: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            if done(printed) { return true }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return false }
            var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining, 0.5) * 1000))
            if ready < 0 && errno != EINTR { return false }
            if ready <= 0 { continue }
            let count = Glibc.read(output, &buffer, buffer.count)
            if count == 0 { return done(printed) }
            if count < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                return done(printed)
            }
            printedBytes += buffer[0..<count]
        }
    }

    /// Waits up to `seconds` for the child to exit and returns its exit status; kills it after that.
    func wait(seconds: Double = 60) throws -> Int32 {
        if let status { return status }
        let deadline = Date().addingTimeInterval(seconds)
        var raw: Int32 = 0
        while true {
            let reaped = waitpid(pid, &raw, WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR {
                throw Failure(description: "waitpid failed: \(String(cString: strerror(errno)))")
            }
            if Date() >= deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &raw, 0)
                status = -1
                throw Failure(description: "still running after \(Int(seconds)) s; it printed:\n\(printed)")
            }
            usleep(10_000)
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros
        let exited = raw & 0x7f == 0
        let code = exited ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        status = code
        return code
    }

    /// Kills the child at once, as `kill -9` would.
    func killNow() {
        kill(pid, SIGKILL)
        var raw: Int32 = 0
        waitpid(pid, &raw, 0)
        status = -1
    }
}
