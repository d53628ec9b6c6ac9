// CYaml is Yams' own copy of libyaml, reachable because Sparring depends on Yams; its event stream is
// the only way to look at aliases before Yams expands them, and a second libyaml would clash with it.
import CYaml

/// Looks at a YAML text's events before Yams composes it, so that aliases cannot blow up the time
/// and memory of loading: Yams hashes every mapping key to find duplicates, and an alias used as a
/// key (`? *a8`) is hashed expanded, which costs exponential time in its nesting.
public enum YAMLGuard {
    /// Nodes that aliases may add to a file when they expand: real case files need none or a few.
    public static let maximumAliasNodes = 10_000

    /// Why the text is refused before composing, or nil; syntax errors are left to Yams to report.
    public static func check(_ text: String, path: String) -> Diagnostic? {
        // without an anchor no alias can expand (Yams refuses an undefined one): most files stop here
        guard text.utf8.contains(UInt8(ascii: "&")) else { return nil }
        var text = text
        return text.withUTF8 { bytes in scan(bytes, path: path) }
    }

    private struct Frame {
        let isMapping: Bool
        let anchor: String?
        /// Inside a mapping key, at any depth.
        let inKey: Bool
        var children = 0
        /// The nodes this collection holds once its aliases are expanded, itself included.
        var size = 1
    }

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, path: String) -> Diagnostic? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
        var sizes: [String: Int] = [:]
        var stack: [Frame] = []
        var added = 0
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            let type = event.type
            if type == YAML_STREAM_END_EVENT { return nil }
            func diagnostic(_ key: String, _ arguments: [String: String]) -> Diagnostic {
                Diagnostic(path: path, line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1,
                           key: key, arguments: arguments)
            }
            let isNode = type == YAML_SCALAR_EVENT || type == YAML_ALIAS_EVENT
                || type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT
            var inKey = false
            if isNode, !stack.isEmpty {
                let parent = stack[stack.count - 1]
                inKey = parent.inKey || parent.isMapping && parent.children % 2 == 0
                stack[stack.count - 1].children += 1
            }
            var size = 0
            switch type {
            case YAML_ALIAS_EVENT:
                let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
                if inKey {
                    return diagnostic("case.error.alias-key", ["name": name])
                }
                size = sizes[name] ?? 1
                added += size
                if added > maximumAliasNodes {
                    return diagnostic("case.error.alias-bomb", ["name": name, "limit": String(maximumAliasNodes)])
                }
            case YAML_SCALAR_EVENT:
                size = 1
                if let anchor = event.data.scalar.anchor { sizes[String(cString: anchor)] = 1 }
            case YAML_SEQUENCE_START_EVENT:
                let anchor = event.data.sequence_start.anchor.map { String(cString: $0) }
                stack.append(Frame(isMapping: false, anchor: anchor, inKey: inKey))
            case YAML_MAPPING_START_EVENT:
                let anchor = event.data.mapping_start.anchor.map { String(cString: $0) }
                stack.append(Frame(isMapping: true, anchor: anchor, inKey: inKey))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let done = stack.popLast() else { return nil }
                if let anchor = done.anchor { sizes[anchor] = done.size }
                size = done.size
            default:
                break
            }
            // a finished node (scalar, alias or closed collection) counts in the collection around it
            if size > 0, !stack.isEmpty { stack[stack.count - 1].size += size }
        }
    }
}
