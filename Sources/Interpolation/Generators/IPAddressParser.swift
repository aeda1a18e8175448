import Foundation

/// Go's `net.ParseIP` as used for `alternative_names`: dotted-quad IPv4 or textual IPv6
/// (no zone, no brackets). IPv4 and IPv4-mapped IPv6 come out as 4 bytes, as Go writes them
/// into the certificate; other IPv6 addresses as 16.
enum IPAddressParser {
    static func parse(_ text: String) -> [UInt8]? {
        // inet_pton takes C strings: refuse embedded NULs that would cut the text short.
        guard !text.utf8.contains(0) else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return Array(bytes[12..<16])
        }
        return bytes
    }
}
