import Foundation

/// A tmux server of a test's own (its own socket), so that none is needed, touched or left behind: the one
/// way the end-to-end tests drive the binary in a real terminal. Every call has a deadline (`Child`).
struct Tmux {
    let socket = "sparring-test-\(UInt32.random(in: 0...UInt32.max))"

    /// Runs one tmux command against this server; what it printed.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let child = try Child(["tmux", "-u", "-L", socket] + arguments, directory: Binary.root.path,
                              environment: ProcessInfo.processInfo.environment)
        child.closeInput()
        child.read(seconds: 20)
        _ = try child.wait(seconds: 20)
        return child.printed
    }

    /// Starts `command` in a detached session of `width` × `height`, keeping `history` lines of scrollback.
    func start(_ session: String, _ command: String, width: Int, height: Int = 50, history: Int = 20000) throws {
        try run(["new-session", "-d", "-s", session, "-x", String(width), "-y", String(height), command])
        try run(["set-option", "-t", session, "history-limit", String(history)])
    }

    /// The binary in `home`, started from the project's root in a shell line with colour allowed and no
    /// terminal size from the environment; `after` runs once it ends (`echo DONE; sleep 60` keeps the pane).
    func sparring(_ arguments: String, home: String, environment: String = "", after: String = "") -> String {
        "cd '\(Binary.root.path)' && env -u NO_COLOR -u COLUMNS -u LINES \(environment) SPARRING_HOME='\(home)' "
            + "TERM=xterm-256color '\(Binary.path)' \(arguments)" + (after.isEmpty ? "" : "; \(after)")
    }

    /// The pane: with `whole`, the scrollback too and the lines the terminal wrapped joined again;
    /// with `colours`, the escape sequences as well.
    func capture(_ session: String, whole: Bool = true, colours: Bool = false) throws -> String {
        try run(["capture-pane", "-p"] + (whole ? ["-J", "-S", "-"] : []) + (colours ? ["-e"] : []) + ["-t", session])
    }

    /// Captures until `done` holds, for at most `seconds`; the last capture either way.
    func wait(_ session: String, seconds: Double = 60, whole: Bool = true, colours: Bool = false,
              until done: (String) -> Bool) throws -> String {
        var captured = ""
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            captured = try capture(session, whole: whole, colours: colours)
            if done(captured) { return captured }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return captured
    }

    /// Types `text` as it is (no key names read into it), then Enter.
    func type(_ session: String, _ text: String, enter: Bool = true) throws {
        if !text.isEmpty { try run(["send-keys", "-t", session, "-l", text]) }
        if enter { try run(["send-keys", "-t", session, "Enter"]) }
    }

    /// Presses keys by their tmux names (`C-u`, `Up`, `Tab`).
    func keys(_ session: String, _ names: String...) throws {
        try run(["send-keys", "-t", session] + names)
    }

    func stop() { _ = try? run(["kill-server"]) }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }
}
