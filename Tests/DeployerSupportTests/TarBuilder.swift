import Foundation

/// Writes ustar archives byte by byte, so tests control every name, type and declared size
/// (including hostile ones no well-behaved tool would write).
struct TarBuilder {
    enum TypeFlag: UInt8 {
        case file = 0x30  // '0'
        case hardLink = 0x31  // '1'
        case symlink = 0x32  // '2'
        case characterDevice = 0x33  // '3'
        case directory = 0x35  // '5'
        case fifo = 0x36  // '6'
    }

    private(set) var bytes: [UInt8] = []

    mutating func file(_ name: String, _ content: String, mode: Int = 0o644) {
        add(name, type: .file, mode: mode, content: Array(content.utf8))
    }

    mutating func directory(_ name: String, mode: Int = 0o755) {
        add(name, type: .directory, mode: mode)
    }

    mutating func symlink(_ name: String, to target: String) {
        add(name, type: .symlink, mode: 0o777, linkName: target)
    }

    mutating func hardLink(_ name: String, to target: String) {
        add(name, type: .hardLink, mode: 0o644, linkName: target)
    }

    mutating func add(
        _ name: String, type: TypeFlag, mode: Int, content: [UInt8] = [], linkName: String = "",
        declaredSize: Int64? = nil, device: (Int, Int) = (0, 0)
    ) {
        var header = [UInt8](repeating: 0, count: 512)
        put(Array(name.utf8), at: 0, width: 100, in: &header)
        putOctal(mode, at: 100, width: 8, in: &header)
        putOctal(0, at: 108, width: 8, in: &header)
        putOctal(0, at: 116, width: 8, in: &header)
        let size = declaredSize ?? Int64(content.count)
        if size > 0o77777777777 {
            // GNU base-256: high bit set, big-endian value in the remaining 11 bytes.
            header[124] = 0x80
            for index in 0..<8 { header[135 - index] = UInt8((size >> (8 * Int64(index))) & 0xff) }
        } else {
            putOctal(Int(size), at: 124, width: 12, in: &header)
        }
        putOctal(1_700_000_000, at: 136, width: 12, in: &header)
        header[156] = type.rawValue
        put(Array(linkName.utf8), at: 157, width: 100, in: &header)
        put(Array("ustar\0".utf8), at: 257, width: 6, in: &header)
        put(Array("00".utf8), at: 263, width: 2, in: &header)
        putOctal(device.0, at: 329, width: 8, in: &header)
        putOctal(device.1, at: 337, width: 8, in: &header)
        for index in 148..<156 { header[index] = 0x20 }
        let checksum = header.reduce(0) { $0 + Int($1) }
        let digits = Array(String(checksum, radix: 8).utf8)
        let padded = [UInt8](repeating: 0x30, count: 6 - digits.count) + digits
        for (offset, byte) in padded.enumerated() { header[148 + offset] = byte }
        header[154] = 0
        header[155] = 0x20
        bytes += header
        bytes += content
        let remainder = content.count % 512
        if remainder != 0 { bytes += [UInt8](repeating: 0, count: 512 - remainder) }
    }

    /// The archive with its two end-of-archive blocks and `padding` extra zero bytes (as
    /// `tar` pads to a 10 KiB record).
    func archive(padding: Int = 0) -> Data {
        Data(bytes + [UInt8](repeating: 0, count: 1024 + padding))
    }

    private func put(_ value: [UInt8], at offset: Int, width: Int, in header: inout [UInt8]) {
        for (index, byte) in value.prefix(width).enumerated() { header[offset + index] = byte }
    }

    private func putOctal(_ value: Int, at offset: Int, width: Int, in header: inout [UInt8]) {
        let digits = Array(String(value, radix: 8).utf8)
        let padded = [UInt8](repeating: 0x30, count: max(0, width - 1 - digits.count)) + digits
        put(padded, at: offset, width: width - 1, in: &header)
    }
}
