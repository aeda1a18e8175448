import Testing
@testable import AgentClient

/// `BOSH_ALL_PROXY` as bosh-utils' socksify reads it.
struct SOCKSProxyTests {
    @Test func socks5WithNoProxy() throws {
        let proxy = try #require(try SOCKSProxy.fromEnvironment([
            "BOSH_ALL_PROXY": "socks5://jumpbox.example:1080", "NO_PROXY": "10.0.0.5,.internal",
        ]))
        #expect(proxy.host == "jumpbox.example" && proxy.port == 1080)
        #expect(proxy.bypass == "10.0.0.5,.internal")
        #expect(proxy.curlURL == "socks5h://jumpbox.example:1080")
        #expect(try SOCKSProxy.fromEnvironment(["BOSH_ALL_PROXY": "socks5://127.0.0.1:9", "no_proxy": "a"])?.bypass == "a")
        #expect(try SOCKSProxy.fromEnvironment([:]) == nil)
        #expect(try SOCKSProxy.fromEnvironment(["BOSH_ALL_PROXY": ""]) == nil)
    }

    @Test func credentialsAreKeptButNeverPrinted() throws {
        let proxy = try #require(try SOCKSProxy.fromEnvironment(["BOSH_ALL_PROXY": "socks5://op:s3cret@127.0.0.1:1080"]))
        #expect(proxy.username == "op" && proxy.password == "s3cret")
        #expect(!proxy.curlURL.contains("s3cret"))
        let error = #expect(throws: SOCKSProxyError.self) {
            try SOCKSProxy.fromEnvironment(["BOSH_ALL_PROXY": "http://op:s3cret@127.0.0.1:3128"])
        }
        let text = try #require(error).description
        #expect(text.contains("unknown scheme 'http'") && !text.contains("s3cret"), "\(text)")
    }

    @Test func sshTunnelsAreRefusedWithWhatToDo() throws {
        let error = #expect(throws: SOCKSProxyError.self) {
            try SOCKSProxy.fromEnvironment(["BOSH_ALL_PROXY": "ssh+socks5://jumpbox@10.0.0.5:22?private-key=/keys/jb.pem"])
        }
        let text = try #require(error).description
        #expect(text.contains("ssh+socks5://jumpbox@10.0.0.5:22"), "\(text)")
        #expect(text.contains("BOSH_ALL_PROXY=socks5://127.0.0.1:1080"))
        #expect(!text.contains("/keys/jb.pem"))
    }

    @Test func aProxyNeedsAHostAndAPort() {
        #expect(throws: SOCKSProxyError.self) { try SOCKSProxy.fromEnvironment(["BOSH_ALL_PROXY": "socks5://jumpbox"]) }
        #expect(throws: SOCKSProxyError.self) { try SOCKSProxy.fromEnvironment(["BOSH_ALL_PROXY": "jumpbox:1080"]) }
    }
}
