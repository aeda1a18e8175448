/// A CIDR range (`10.0.0.0/24`) as Go's `net.ParseCIDR` returns it: the network address
/// (host bits cleared) and the mask.
struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    var address: IPAddress
    var prefixLength: Int

    /// Parses `address/prefix`; the prefix is decimal digits within the address family's width.
    init?(cidr text: String) {
        guard let slash = text.firstIndex(of: "/") else { return nil }
        let prefixText = text[text.index(after: slash)...]
        guard let address = IPAddress(String(text[..<slash])),
            !prefixText.isEmpty,
            prefixText.allSatisfy({ $0.isASCII && $0.isNumber }),
            let prefix = Int(prefixText)
        else { return nil }
        // An IPv4-mapped IPv6 address keeps the IPv6 width for its prefix, as in Go.
        let isV6Text = text[..<slash].contains(":")
        let width = isV6Text ? 128 : 32
        guard prefix <= width else { return nil }
        if isV6Text && address.isIPv4 {
            // Go applies a /96+ prefix of a mapped address to its IPv4 part.
            guard prefix >= 96 else { return nil }
            self.init(address: address, prefixLength: prefix - 96)
        } else {
            self.init(address: address, prefixLength: prefix)
        }
    }

    init(address: IPAddress, prefixLength: Int) {
        self.prefixLength = prefixLength
        let mask = Self.mask(bytes: address.bytes.count, prefixLength: prefixLength)
        self.address = IPAddress(bytes: zip(address.bytes, mask).map { $0 & $1 })
    }

    /// The mask bytes.
    var mask: [UInt8] { Self.mask(bytes: address.bytes.count, prefixLength: prefixLength) }

    /// The last address of the range (the broadcast address for IPv4).
    var lastAddress: IPAddress {
        IPAddress(bytes: zip(address.bytes, mask).map { $0 | ~$1 })
    }

    /// Whether `ip` is inside the range (an IPv4 address is never inside an IPv6 range).
    func contains(_ ip: IPAddress) -> Bool {
        guard ip.bytes.count == address.bytes.count else { return false }
        return zip(zip(ip.bytes, mask), address.bytes).allSatisfy { $0.0 & $0.1 == $1 }
    }

    /// The netmask as bosh-cli writes it: dotted quad for IPv4, eight 4-hex-digit groups for IPv6.
    var netmaskString: String {
        let bytes = mask
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { index in
            hex(bytes[index]) + hex(bytes[index + 1])
        }.joined(separator: ":")
    }

    /// Canonical `network/prefix`, as Go prints an `*net.IPNet`.
    var description: String { "\(address)/\(prefixLength)" }

    private func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }

    private static func mask(bytes count: Int, prefixLength: Int) -> [UInt8] {
        (0..<count).map { index in
            let bits = min(max(prefixLength - index * 8, 0), 8)
            return bits == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
        }
    }
}
