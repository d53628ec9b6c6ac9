extension StringProtocol {
    /// The text without leading and trailing white space; Foundation's `trimmingCharacters(in:)` bridges
    /// through NSString and showed up as the top cost of loading case files.
    public var trimmed: String {
        guard let first = unicodeScalars.firstIndex(where: { !Self.isSpace($0) }),
              let last = unicodeScalars.lastIndex(where: { !Self.isSpace($0) }) else { return "" }
        return String(self[first...last])
    }

    /// Whether the text holds anything but white space.
    public var isBlank: Bool { !unicodeScalars.contains { !Self.isSpace($0) } }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || (scalar.value >= 0x09 && scalar.value <= 0x0D) : scalar.properties.isWhitespace
    }
}
