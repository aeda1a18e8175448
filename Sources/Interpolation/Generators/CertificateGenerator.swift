import Crypto
import Foundation
import GoYAML
import SwiftASN1
import X509
import _CryptoExtras

/// config-server's `certificate` generator as vendored by bosh-cli: a self-signed CA, an
/// intermediate CA, or a leaf signed by the CA variable named in `ca`, returned as
/// `{ca, certificate, private_key}` PEM.
struct CertificateGenerator: Sendable {
    static let defaultKeyLength = 3072
    static let validKeyLengths = [2048, 3072, 4096]
    static let defaultDurationDays = 365
    static let defaultOrganization = "Cloud Foundry"

    /// The fields of config-server's `certParams`; `organizations` exists there but is not
    /// accepted.
    static let fields: [String: GoFieldKind] = [
        "common_name": .string, "organization": .string, "organizations": .stringList,
        "alternative_names": .stringList, "is_ca": .bool, "ca": .string,
        "extended_key_usage": .stringList, "duration": .int64, "key_length": .int,
    ]
    static let supported = [
        "common_name", "organization", "alternative_names", "is_ca", "ca",
        "extended_key_usage", "duration", "key_length",
    ]

    /// The end of the last second X.509 times can express (9999-12-31T23:59:59Z).
    private static let latestEncodableTime = 253_402_300_799

    /// - Parameter now: the start of validity (tests pin it); truncated to whole seconds, as
    ///   X.509 times carry no fractions.
    /// - Throws: `VariableGenerationError` with bosh-cli's texts.
    func generate(options: YAMLNode?, lookup: (String) throws -> YAMLNode?, now: Date = Date()) throws -> YAMLNode {
        let params: DecodedOptions
        do {
            params = try ConfigServerOptions.decode(options, fields: Self.fields, supported: Self.supported)
        } catch {
            throw VariableGenerationError.invalidParameters(kind: "certificate", reason: error)
        }

        var keyLength = params.int("key_length")
        if keyLength == 0 { keyLength = Self.defaultKeyLength }
        guard Self.validKeyLengths.contains(keyLength) else {
            throw VariableGenerationError.invalidKeyLength(keyLength)
        }
        let start = Int(now.timeIntervalSince1970.rounded(.down))
        let end = try Self.endOfValidity(start: start, durationDays: params.int("duration"))

        let caName = params.string("ca")
        let isCA = params.bool("is_ca")
        var authority: LoadedCertificateAuthority?
        if !caName.isEmpty {
            do {
                authority = try CertificateAuthorityLoader.load(name: caName, lookup: lookup)
            } catch {
                throw VariableGenerationError.loadingCertificates(error)
            }
        }
        if !isCA && authority == nil { throw VariableGenerationError.missingCAName }
        let extendedKeyUsages = isCA ? [] : try Self.extendedKeyUsages(params.stringList("extended_key_usage"))
        let alternativeNames = isCA ? [] : params.stringList("alternative_names")
        let step = isCA ? "Generating CA certificate" : "Generating certificate"

        let key = try RSAKeyPair.generate(bits: keyLength, failureStep: "Generating Key")
        do {
            let template = Template(
                subject: try Self.subject(
                    organization: params.string("organization"), commonName: params.string("common_name")),
                isCA: isCA, extendedKeyUsages: extendedKeyUsages, alternativeNames: alternativeNames,
                notBefore: start, notAfter: end)
            let certificateDER = try Self.issue(template, key: key, authority: authority, step: step)
            let certificatePEM = PEM.encode(type: "CERTIFICATE", der: certificateDER)
            var value = YAMLMap()
            value["ca"] = .string(authority.map { PEM.encode(type: "CERTIFICATE", der: $0.der) } ?? certificatePEM)
            value["certificate"] = .string(certificatePEM)
            value["private_key"] = .string(key.privateKeyPKCS1PEM)
            return .map(value)
        } catch let error as VariableGenerationError {
            throw error
        } catch {
            throw VariableGenerationError.generation(step: step, detail: "\(error)")
        }
    }

    /// What config-server puts in its `x509.Certificate` template.
    private struct Template {
        var subject: DistinguishedName
        var isCA: Bool
        var extendedKeyUsages: [ASN1ObjectIdentifier]
        var alternativeNames: [String]
        var notBefore: Int
        var notAfter: Int
    }

    /// Signs `template` for `key`, by `authority` or self-signed when nil; returns the DER.
    private static func issue(
        _ template: Template, key: RSAKeyPair, authority: LoadedCertificateAuthority?, step: String
    ) throws -> [UInt8] {
        let subjectKeyID = Array(Insecure.SHA1.hash(data: try key.primitives().modulus))
        let issuer: DistinguishedName
        let signingKey: _RSA.Signing.PrivateKey
        let authorityKeyID: [UInt8]?
        if let authority {
            // Go's CreateCertificate refuses a signer whose key is not the parent's.
            guard authority.certificate.publicKey == Certificate.PublicKey(authority.privateKey.publicKey) else {
                throw VariableGenerationError.generation(
                    step: step, detail: "x509: provided PrivateKey doesn't match parent's PublicKey")
            }
            issuer = authority.certificate.subject
            signingKey = authority.privateKey
            authorityKeyID = authority.subjectKeyIdentifier
        } else {
            issuer = template.subject
            signingKey = key.privateKey
            authorityKeyID = subjectKeyID
        }
        let extensions = try CertificateExtensionsBuilder.extensions(
            isCA: template.isCA, extendedKeyUsages: template.extendedKeyUsages, subjectKeyID: subjectKeyID,
            authorityKeyID: authorityKeyID, alternativeNames: template.alternativeNames)
        let certificate = try Certificate(
            version: .v3,
            serialNumber: randomSerialNumber(),
            publicKey: Certificate.PublicKey(key.privateKey.publicKey),
            notValidBefore: Date(timeIntervalSince1970: TimeInterval(template.notBefore)),
            notValidAfter: Date(timeIntervalSince1970: TimeInterval(template.notAfter)),
            issuer: issuer,
            subject: template.subject,
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: extensions,
            issuerPrivateKey: Certificate.PrivateKey(signingKey))
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    /// NotAfter in seconds since 1970: `duration` days after `start` when positive, else 365.
    private static func endOfValidity(start: Int, durationDays: Int) throws -> Int {
        let days = durationDays > 0 ? durationDays : defaultDurationDays
        let (seconds, overflow) = days.multipliedReportingOverflow(by: 86_400)
        guard !overflow, seconds <= latestEncodableTime - start else {
            throw VariableGenerationError.durationTooLong(days)
        }
        return start + seconds
    }

    private static func extendedKeyUsages(_ values: [String]) throws -> [ASN1ObjectIdentifier] {
        if values.isEmpty { return [ASN1ObjectIdentifier.ExtendedKeyUsage.serverAuth] }
        return try values.map { value in
            switch value {
            case "client_auth": return ASN1ObjectIdentifier.ExtendedKeyUsage.clientAuth
            case "server_auth": return ASN1ObjectIdentifier.ExtendedKeyUsage.serverAuth
            default: throw VariableGenerationError.unsupportedExtendedKeyUsage(value)
            }
        }
    }

    /// `C=US, O=<organization>, CN=<common name>` in Go's RDN order; no CN when empty.
    static func subject(organization: String, commonName: String) throws -> DistinguishedName {
        var names = [
            try GoDirectoryString.attribute(type: .RDNAttributeType.countryName, value: "US"),
            try GoDirectoryString.attribute(
                type: .RDNAttributeType.organizationName,
                value: organization.isEmpty ? defaultOrganization : organization),
        ]
        if !commonName.isEmpty {
            names.append(try GoDirectoryString.attribute(type: .RDNAttributeType.commonName, value: commonName))
        }
        return DistinguishedName(names.map { RelativeDistinguishedName($0) })
    }

    /// A serial number drawn uniformly from [0, 2^128).
    private static func randomSerialNumber() -> Certificate.SerialNumber {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Certificate.SerialNumber(bytes: bytes)
    }
}
