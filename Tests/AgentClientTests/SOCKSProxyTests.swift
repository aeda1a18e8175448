import DeployerTestSupport
import Foundation
import JumpboxTunnel
import Testing

@testable import AgentClient

/// `BOSH_ALL_PROXY` as bosh-utils' socksify reads it.
struct SOCKSProxyTests {
    @Test func socks5WithNoProxy() throws {
        let proxy = try #require(
            try BoshAllProxy.fromEnvironment([
                "BOSH_ALL_PROXY": "socks5://jumpbox.example:1080", "NO_PROXY": "10.0.0.5,.internal",
            ]))
        guard case .socks5(let socks) = proxy else {
            Issue.record("not read as SOCKS5: \(proxy)")
            return
        }
        #expect(socks.host == "jumpbox.example" && socks.port == 1080)
        #expect(socks.bypass == "10.0.0.5,.internal")
        #expect(socks.curlURL == "socks5h://jumpbox.example:1080")
        #expect(
            try BoshAllProxy.fromEnvironment(["BOSH_ALL_PROXY": "socks5://127.0.0.1:9", "no_proxy": "a"])
                == .socks5(SOCKSProxy(host: "127.0.0.1", port: 9, bypass: "a")))
        #expect(try BoshAllProxy.fromEnvironment([:]) == nil)
        #expect(try BoshAllProxy.fromEnvironment(["BOSH_ALL_PROXY": ""]) == nil)
    }

    @Test func credentialsAreKeptButNeverPrinted() throws {
        let proxy = try #require(
            try BoshAllProxy.fromEnvironment(["BOSH_ALL_PROXY": "socks5://op:s3cret@127.0.0.1:1080"]))
        guard case .socks5(let socks) = proxy else {
            Issue.record("not read as SOCKS5: \(proxy)")
            return
        }
        #expect(socks.username == "op" && socks.password == "s3cret")
        #expect(!socks.curlURL.contains("s3cret"))
        let error = #expect(throws: SOCKSProxyError.self) {
            try BoshAllProxy.fromEnvironment(["BOSH_ALL_PROXY": "http://op:s3cret@127.0.0.1:3128"])
        }
        let text = try #require(error).description
        #expect(text.contains("unknown scheme 'http'") && !text.contains("s3cret"), "\(text)")
    }

    /// bosh-utils: the user defaults to `jumpbox`, `private-key` is required, NO_PROXY is not
    /// consulted for a jumpbox.
    @Test func anSSHJumpboxIsReadAsBoshUtilsReadsIt() throws {
        let proxy = try BoshAllProxy.fromEnvironment([
            "BOSH_ALL_PROXY": "ssh+socks5://ops@10.0.0.5:22?private-key=/keys/jb.pem", "NO_PROXY": "10.0.0.6",
        ])
        #expect(
            proxy
                == .sshJumpbox(
                    SSHJumpboxSettings(host: "10.0.0.5", port: 22, username: "ops", privateKeyPath: "/keys/jb.pem")))
        let error = #expect(throws: SOCKSProxyError.self) {
            try BoshAllProxy.fromEnvironment(["BOSH_ALL_PROXY": "ssh+socks5://ops@10.0.0.5:22"])
        }
        #expect(try #require(error).description.contains("required query parameter 'private-key' not found"))
    }

    /// A jumpbox whose key cannot be used is refused before any transfer, naming the proxy
    /// without the key's path or content.
    @Test func aJumpboxKeyIsCheckedUpFront() throws {
        let missing = #expect(throws: SOCKSProxyError.self) {
            try BoshAllProxy.validate(["BOSH_ALL_PROXY": "ssh+socks5://ops@10.0.0.5:22?private-key=/keys/none.pem"])
        }
        let text = try #require(missing).description
        #expect(
            text.contains("ssh+socks5://ops@10.0.0.5:22?%3Credacted%3E")
                || text.contains("ssh+socks5://ops@10.0.0.5:22"), "\(text)")
        #expect(text.contains("no such file"), "\(text)")

        let garbage = NSTemporaryDirectory() + "deployer-not-a-key-" + UUID().uuidString
        try "not a key".write(toFile: garbage, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: garbage) }
        let refused = #expect(throws: SOCKSProxyError.self) {
            try BoshAllProxy.validate(["BOSH_ALL_PROXY": "ssh+socks5://ops@10.0.0.5:22?private-key=\(garbage)"])
        }
        #expect(try #require(refused).description.contains("not an OpenSSH"))
        #expect(throws: Never.self) { try BoshAllProxy.validate(["BOSH_ALL_PROXY": "socks5://127.0.0.1:1080"]) }
    }

    @Test func aProxyNeedsAHostAndAPort() {
        #expect(throws: SOCKSProxyError.self) {
            try BoshAllProxy.fromEnvironment(["BOSH_ALL_PROXY": "socks5://jumpbox"])
        }
        #expect(throws: SOCKSProxyError.self) { try BoshAllProxy.fromEnvironment(["BOSH_ALL_PROXY": "jumpbox:1080"]) }
    }
}
