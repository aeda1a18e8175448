import DeployerTestSupport
import Foundation
import NIOSSH
import Testing

@testable import JumpboxTunnel

/// Keys as `ssh-keygen` writes them, read into keys swift-nio-ssh signs with.
@Suite struct SSHPrivateKeyFileTests {
    private let scratch: TemporaryDirectory
    private var directory: String { scratch.path }

    init() throws {
        scratch = try TemporaryDirectory("deployer-keys")
    }

    /// Makes a key with `ssh-keygen` and returns its path.
    private func keygen(_ arguments: [String], name: String, passphrase: String = "") throws -> String {
        let path = directory + "/" + name
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        process.arguments = ["-q", "-N", passphrase, "-C", "test", "-f", path] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "ssh-keygen \(arguments) failed")
        return path
    }

    @Test(arguments: [
        ["-t", "ed25519"], ["-t", "ecdsa", "-b", "256"], ["-t", "ecdsa", "-b", "384"], ["-t", "ecdsa", "-b", "521"],
        ["-t", "ecdsa", "-b", "256", "-m", "PEM"], ["-t", "ecdsa", "-b", "384", "-m", "PKCS8"],
    ])
    func readsTheKeysItCanSignWith(arguments: [String]) throws {
        let path = try keygen(arguments, name: "key")
        let key = try SSHPrivateKeyFile.load(path: path)
        let publicLine = try String(contentsOfFile: path + ".pub", encoding: .utf8)
        #expect(
            key.publicKey
                == (try NIOSSHPublicKey(openSSHPublicKey: publicLine.trimmingCharacters(in: .whitespacesAndNewlines))))
    }

    @Test func refusesRSAWithWhatToDoInstead() throws {
        for format in ["RFC4716", "PEM", "PKCS8"] {
            let path = try keygen(["-t", "rsa", "-b", "2048", "-m", format], name: "rsa-\(format)")
            #expect(throws: SSHKeyError.rsaNotSupported, "\(format)") { try SSHPrivateKeyFile.load(path: path) }
        }
        #expect(SSHKeyError.rsaNotSupported.description.contains("ssh-keygen -t ed25519"))
    }

    @Test func refusesPassphrasesDamageAndOtherFiles() throws {
        let encrypted = try keygen(["-t", "ed25519"], name: "locked", passphrase: "secret phrase")
        #expect(throws: SSHKeyError.encrypted) { try SSHPrivateKeyFile.load(path: encrypted) }

        #expect(throws: SSHKeyError.unknownFormat) {
            try SSHPrivateKeyFile.parse("ssh-ed25519 AAAA... just a public key")
        }
        #expect(throws: SSHKeyError.unreadable(path: directory + "/none", reason: "no such file")) {
            try SSHPrivateKeyFile.load(path: directory + "/none")
        }

        // Every truncation of a good key is an error, never a crash.
        let good = try String(contentsOfFile: try keygen(["-t", "ecdsa"], name: "good"), encoding: .utf8)
        let body = good.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let bytes = try #require(Data(base64Encoded: body))
        for length in stride(from: 0, to: bytes.count - 8, by: 7) {
            let cut =
                "-----BEGIN OPENSSH PRIVATE KEY-----\n\(bytes.prefix(length).base64EncodedString())\n-----END OPENSSH PRIVATE KEY-----"
            #expect(throws: SSHKeyError.self) { try SSHPrivateKeyFile.parse(cut) }
        }
    }

    @Test func errorsNeverHoldTheKey() throws {
        let path = try keygen(["-t", "ed25519"], name: "secret")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let body = text.split(separator: "\n")[1]
        let damaged = text.replacingOccurrences(of: "openssh", with: "OPENSSH")
        for error in [SSHKeyError.malformed("x"), .unknownFormat, .encrypted, .rsaNotSupported] {
            #expect(!error.description.contains(body))
        }
        do {
            _ = try SSHPrivateKeyFile.parse(String(damaged.dropLast(40)))
        } catch {
            #expect(!error.description.contains(body))
        }
    }
}
