import DeployerTestSupport
import Foundation
import GoYAML
import Testing

@testable import Interpolation

/// Runs command-line tools (openssl, ssh-keygen) on generated material, and holds one CA
/// shared by the generator suites so each key is made once.
enum GeneratorFixture {
    struct CommandResult {
        var status: Int32
        var output: String
        var errorOutput: String
    }

    /// A certificate value as the generator returns it, plus where its PEMs were written.
    struct CertificateFiles: Sendable {
        var value: YAMLNode
        /// Kept with the files: the shared fixtures live as long as the test process.
        var scratch: TemporaryDirectory
        var directory: URL { scratch.url }
        var certificate: URL { directory.appendingPathComponent("certificate.pem") }
        var privateKey: URL { directory.appendingPathComponent("private_key.pem") }
        var ca: URL { directory.appendingPathComponent("ca.pem") }
    }

    /// A 2048-bit self-signed CA with `common_name: generator-test-ca`.
    static let rootCA: Result<CertificateFiles, any Error> = Result {
        try certificate(["is_ca": .bool(true), "common_name": .string("generator-test-ca"), "key_length": .int(2048)])
    }

    /// Looks up the shared root CA under the name `root_ca`.
    static func lookupRoot(_ name: String) throws -> YAMLNode? {
        name == "root_ca" ? try rootCA.get().value : nil
    }

    /// Generates a certificate with `options` and writes its three PEMs to a new directory.
    static func certificate(
        _ options: [String: YAMLNode], lookup: (String) throws -> YAMLNode? = lookupRoot
    ) throws -> CertificateFiles {
        let value = try BoshVariableGenerator().generate(type: "certificate", options: map(options), lookup: lookup)
        let files = CertificateFiles(value: value, scratch: try TemporaryDirectory("generator-tests"))
        try write(value["certificate"]?.stringValue, to: files.certificate)
        try write(value["private_key"]?.stringValue, to: files.privateKey)
        try write(value["ca"]?.stringValue, to: files.ca)
        return files
    }

    static func map(_ options: [String: YAMLNode]) -> YAMLNode {
        .map(YAMLMap(options.sorted { $0.key < $1.key }.map { YAMLMap.Entry(key: .string($0.key), value: $0.value) }))
    }

    static func write(_ text: String?, to url: URL) throws {
        let text = try #require(text)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Runs `tool` (found on PATH) with `arguments`; output goes through files so a chatty
    /// tool cannot block on a full pipe.
    static func run(_ tool: String, _ arguments: [String]) throws -> CommandResult {
        let scratch = try TemporaryDirectory("generator-tests")
        let directory = scratch.url
        let outURL = directory.appendingPathComponent("out")
        let errURL = directory.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus,
            output: try String(contentsOf: outURL, encoding: .utf8),
            errorOutput: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// `openssl <arguments>`, expecting success; returns stdout.
    static func openssl(_ arguments: [String]) throws -> String {
        let result = try run("openssl", arguments)
        #expect(result.status == 0, "openssl \(arguments.joined(separator: " ")): \(result.errorOutput)")
        return result.output
    }

    /// `openssl x509 -noout -ext <name>` without the header line, whitespace-trimmed.
    static func x509Extension(_ name: String, of certificate: URL) throws -> String {
        let text = try openssl(["x509", "-in", certificate.path, "-noout", "-ext", name])
        return text.split(separator: "\n").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: "\n")
    }

    /// The modulus openssl prints (`Modulus=HEX`) as bytes.
    static func modulus(_ arguments: [String]) throws -> [UInt8] {
        let text = try openssl(arguments).trimmingCharacters(in: .whitespacesAndNewlines)
        let hex = try #require(text.split(separator: "=").last)
        return try hexBytes(String(hex))
    }

    static func hexBytes(_ hex: String) throws -> [UInt8] {
        let clean = hex.filter { $0.isHexDigit }
        var bytes: [UInt8] = []
        var index = clean.startIndex
        while index < clean.endIndex {
            let next = clean.index(index, offsetBy: 2)
            bytes.append(try #require(UInt8(clean[index..<next], radix: 16)))
            index = next
        }
        return bytes
    }

    /// Seconds between notBefore and notAfter, from `openssl x509 -dates`.
    static func validitySeconds(of certificate: URL) throws -> TimeInterval {
        let text = try openssl(["x509", "-in", certificate.path, "-noout", "-dates"])
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "MMM d HH:mm:ss yyyy 'GMT'"
        var dates: [String: Date] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let value = parts[1].split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            dates[String(parts[0])] = formatter.date(from: value)
        }
        let start = try #require(dates["notBefore"])
        let end = try #require(dates["notAfter"])
        return end.timeIntervalSince(start)
    }
}

@Suite struct GeneratorFixtureTests {
    @Test func sharedRootCAIsSelfSignedAndVerifies() throws {
        let ca = try GeneratorFixture.rootCA.get()
        #expect(ca.value["ca"] == ca.value["certificate"])
        let verify = try GeneratorFixture.openssl(["verify", "-CAfile", ca.certificate.path, ca.certificate.path])
        #expect(verify.contains("OK"))
        let issuer = try GeneratorFixture.openssl([
            "x509", "-in", ca.certificate.path, "-noout", "-issuer", "-nameopt", "RFC2253",
        ])
        #expect(
            issuer.trimmingCharacters(in: .whitespacesAndNewlines) == "issuer=CN=generator-test-ca,O=Cloud Foundry,C=US"
        )
    }

    @Test func hexAndModulusHelpersReadOpenSSLOutput() throws {
        #expect(try GeneratorFixture.hexBytes("0aFF10") == [0x0a, 0xff, 0x10])
        let ca = try GeneratorFixture.rootCA.get()
        let modulus = try GeneratorFixture.modulus(["x509", "-in", ca.certificate.path, "-noout", "-modulus"])
        #expect(modulus.count == 256)
    }
}
