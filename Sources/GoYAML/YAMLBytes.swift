/// libyaml's character classes on UTF-8 bytes, as yaml.v2's emitter uses them
/// (`yamlprivateh.go`). Reads past the end count as NUL.
enum YAMLBytes {
    private static func at(_ bytes: [UInt8], _ index: Int) -> UInt8 {
        index < bytes.count ? bytes[index] : 0
    }

    /// The length of the UTF-8 sequence starting with `byte` (0 for a continuation byte).
    static func width(_ byte: UInt8) -> Int {
        if byte & 0x80 == 0x00 { return 1 }
        if byte & 0xE0 == 0xC0 { return 2 }
        if byte & 0xF0 == 0xE0 { return 3 }
        if byte & 0xF8 == 0xF0 { return 4 }
        return 0
    }

    /// `is_printable`: note that tab, CR and characters beyond the BMP are not.
    static func isPrintable(_ bytes: [UInt8], _ index: Int) -> Bool {
        let byte = at(bytes, index)
        let next = at(bytes, index + 1)
        let third = at(bytes, index + 2)
        return byte == 0x0A
            || (byte >= 0x20 && byte <= 0x7E)
            || (byte == 0xC2 && next >= 0xA0)
            || (byte > 0xC2 && byte < 0xED)
            || (byte == 0xED && next < 0xA0)
            || byte == 0xEE
            || (byte == 0xEF && !(next == 0xBB && third == 0xBF) && !(next == 0xBF && (third == 0xBE || third == 0xBF)))
    }

    static func isBOM(_ bytes: [UInt8], _ index: Int) -> Bool {
        at(bytes, index) == 0xEF && at(bytes, index + 1) == 0xBB && at(bytes, index + 2) == 0xBF
    }

    static func isBreak(_ bytes: [UInt8], _ index: Int) -> Bool {
        let byte = at(bytes, index)
        let next = at(bytes, index + 1)
        let third = at(bytes, index + 2)
        return byte == 0x0D || byte == 0x0A
            || (byte == 0xC2 && next == 0x85)
            || (byte == 0xE2 && next == 0x80 && (third == 0xA8 || third == 0xA9))
    }

    /// `is_blank`: space or tab.
    static func isBlank(_ bytes: [UInt8], _ index: Int) -> Bool {
        let byte = at(bytes, index)
        return byte == 0x20 || byte == 0x09
    }

    /// `is_blankz`: space, tab, a break or NUL.
    static func isBlankOrBreak(_ bytes: [UInt8], _ index: Int) -> Bool {
        isBlank(bytes, index) || isBreak(bytes, index) || at(bytes, index) == 0
    }
}
