import SwiftASN1
import X509

/// The extensions Go's `x509.CreateCertificate` writes for config-server's templates, in
/// Go's order: KeyUsage (critical), ExtKeyUsage, BasicConstraints (critical),
/// SubjectKeyId, AuthorityKeyId, SubjectAltName.
enum CertificateExtensionsBuilder {
    /// - Throws: `VariableGenerationError.generation` for a DNS name that is not ASCII (Go's
    ///   IA5String check); DER errors from swift-certificates.
    static func extensions(
        isCA: Bool, extendedKeyUsages: [ASN1ObjectIdentifier], subjectKeyID: [UInt8],
        authorityKeyID: [UInt8]?, alternativeNames: [String]
    ) throws -> Certificate.Extensions {
        var extensions: [Certificate.Extension] = []
        let keyUsage =
            isCA
            ? KeyUsage(keyCertSign: true, cRLSign: true)
            : KeyUsage(digitalSignature: true, keyEncipherment: true)
        extensions.append(try Certificate.Extension(keyUsage, critical: true))
        if !extendedKeyUsages.isEmpty {
            // Encoded by hand: Go keeps duplicates, which swift-certificates' type rejects.
            var serializer = DER.Serializer()
            try serializer.appendConstructedNode(identifier: .sequence) { coder in
                for usage in extendedKeyUsages { try coder.serialize(usage) }
            }
            extensions.append(
                Certificate.Extension(
                    oid: .X509ExtensionID.extendedKeyUsage, critical: false, value: serializer.serializedBytes[...]))
        }
        let constraints: BasicConstraints =
            isCA ? .isCertificateAuthority(maxPathLength: nil) : .notCertificateAuthority
        extensions.append(try Certificate.Extension(constraints, critical: true))
        extensions.append(
            try Certificate.Extension(
                SubjectKeyIdentifier(keyIdentifier: subjectKeyID[...]), critical: false))
        if let authorityKeyID, !authorityKeyID.isEmpty {
            extensions.append(
                try Certificate.Extension(
                    AuthorityKeyIdentifier(keyIdentifier: authorityKeyID[...]), critical: false))
        }
        if !alternativeNames.isEmpty {
            extensions.append(
                try Certificate.Extension(
                    SubjectAlternativeNames(try generalNames(alternativeNames)), critical: false))
        }
        return try Certificate.Extensions(extensions)
    }

    /// Go writes all DNS names first, then all IP addresses, each group in the given order.
    private static func generalNames(_ names: [String]) throws -> [GeneralName] {
        var dns: [GeneralName] = []
        var ips: [GeneralName] = []
        for name in names {
            if let address = IPAddressParser.parse(name) {
                ips.append(.ipAddress(ASN1OctetString(contentBytes: address[...])))
            } else {
                guard name.utf8.allSatisfy({ $0 < 0x80 }) else {
                    throw VariableGenerationError.generation(
                        step: "Generating certificate", detail: "x509: \"\(name)\" cannot be encoded as an IA5String")
                }
                dns.append(.dnsName(name))
            }
        }
        return dns + ips
    }
}
