/// Reads the SSH wire encodings (RFC 4251 §5: `uint32`, `string`, `mpint`) out of a byte array,
/// as the `openssh-key-v1` private key format stores them. Every read is bounds-checked: the key
/// file is the operator's, but a truncated or damaged one must give an error, not a crash.
struct SSHWireReader {
    private let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    /// True when every byte was read.
    var isAtEnd: Bool { offset >= bytes.count }

    /// A big-endian 32-bit integer.
    mutating func readUInt32() throws(SSHKeyError) -> UInt32 {
        guard bytes.count - offset >= 4 else { throw .malformed("the key ends early") }
        let value = bytes[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        offset += 4
        return value
    }

    /// A length-prefixed byte string.
    mutating func readString() throws(SSHKeyError) -> [UInt8] {
        let length = Int(try readUInt32())
        guard bytes.count - offset >= length else { throw .malformed("a field is longer than the key") }
        let value = Array(bytes[offset..<offset + length])
        offset += length
        return value
    }

    /// A length-prefixed string read as UTF-8 text (names of algorithms and curves).
    mutating func readText() throws(SSHKeyError) -> String {
        String(decoding: try readString(), as: UTF8.self)
    }

    /// Exactly `count` raw bytes.
    mutating func readBytes(_ count: Int) throws(SSHKeyError) -> [UInt8] {
        guard count >= 0, bytes.count - offset >= count else { throw .malformed("the key ends early") }
        let value = Array(bytes[offset..<offset + count])
        offset += count
        return value
    }

    /// An `mpint` as an unsigned big-endian integer of exactly `width` bytes: SSH prefixes a zero
    /// byte when the top bit is set and drops leading zeros, CryptoKit wants a fixed width.
    mutating func readUnsignedInteger(width: Int) throws(SSHKeyError) -> [UInt8] {
        var value = try readString()[...]
        while value.count > width, value.first == 0 { value = value.dropFirst() }
        guard value.count <= width else { throw .malformed("a private scalar is wider than its curve") }
        return [UInt8](repeating: 0, count: width - value.count) + value
    }
}
