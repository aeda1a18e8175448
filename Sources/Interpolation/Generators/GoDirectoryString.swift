import SwiftASN1
import X509

/// How Go's `encoding/asn1` picks a string type for a name attribute: PrintableString when
/// every character is in its printable set (no `*`, no `&`), else UTF8String.
enum GoDirectoryString {
    static func attribute(type: ASN1ObjectIdentifier, value: String) throws -> RelativeDistinguishedName.Attribute {
        if value.utf8.allSatisfy(isPrintable) {
            return try RelativeDistinguishedName.Attribute(type: type, printableString: value)
        }
        return RelativeDistinguishedName.Attribute(type: type, utf8String: value)
    }

    private static func isPrintable(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "'")...UInt8(ascii: ")"),
            UInt8(ascii: "+")...UInt8(ascii: "/"), UInt8(ascii: " "), UInt8(ascii: ":"),
            UInt8(ascii: "="), UInt8(ascii: "?"):
            return true
        default:
            return false
        }
    }
}
