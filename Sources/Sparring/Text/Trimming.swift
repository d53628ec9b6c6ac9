extension StringProtocol {
    /// The text without leading and trailing white space; Foundation's `trimmingCharacters(in:)` bridges
    /// through NSString and showed up as the top cost of loading case files.
    public var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// Whether the text holds anything but white space.
    public var isBlank: Bool { !unicodeScalars.contains { !$0.properties.isWhitespace } }
}
