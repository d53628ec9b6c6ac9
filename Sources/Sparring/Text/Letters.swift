/// Letter tests with fast paths for ASCII and Cyrillic: the Unicode property tables are slow on the hot path.
extension Unicode.Scalar {
    var isLetter: Bool {
        switch value {
        case 0x41...0x5A, 0x61...0x7A, 0x0400...0x04FF: return true
        case 0...0x7F: return false
        default: return properties.isAlphabetic
        }
    }

    var isUpperLetter: Bool {
        switch value {
        case 0x41...0x5A, 0x0400...0x042F: return true
        case 0...0x7F, 0x0430...0x04FF: return false
        default: return properties.isUppercase
        }
    }

    var isLowerLetter: Bool {
        switch value {
        case 0x61...0x7A, 0x0430...0x045F: return true
        case 0...0x7F, 0x0400...0x042F: return false
        default: return properties.isLowercase
        }
    }
}
