import Foundation
import Testing

/// `BOSH_ALL_PROXY=socks5://...`: every connection to the VM's agent goes through the proxy
/// (here a small SOCKS5 server on 127.0.0.1 standing in for a jumpbox), as with bosh-cli.
@Suite(.serialized)
struct ProxyTests {
    @Test func deployAndDeleteReachTheAgentThroughASOCKS5Proxy() async throws {
        try await LocalCloudFixture.withDeployment { cloud in
            let portFile = cloud.root + "/proxy.port"
            let log = cloud.root + "/proxy.log"
            let script = BuiltProducts.packageRoot.appendingPathComponent("Tests/Fixtures/socks5-proxy.py").path
            let proxy = try RunningCommand("/usr/bin/python3", [script, portFile, log, "240"], in: cloud.root, environment: [:])
            // The proxy also stops by itself after its lifetime, should a check below fail.
            var port = ""
            for _ in 0..<100 where port.isEmpty {
                port = (try? String(contentsOfFile: portFile, encoding: .utf8)) ?? ""
                if port.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            }
            try #require(!port.isEmpty, "the SOCKS5 proxy did not start")
            let environment = ["BOSH_ALL_PROXY": "socks5://127.0.0.1:\(port)"]

            let deployed = try await cloud.deployer("deploy", environment: environment)
            try #require(deployed.succeeded, "deploy through the proxy failed:\n\(deployed.output)")
            let connects = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            #expect(connects.contains("CONNECT \(cloud.ip):6868"), "the agent was not reached through the proxy:\n\(connects)")

            // NO_PROXY names hosts reached directly: nothing more goes through the proxy.
            let before = connects.split(separator: "\n").count
            let direct = try await cloud.deployer(
                "deploy", ["--recreate"], environment: environment.merging(["NO_PROXY": cloud.ip]) { _, new in new })
            try #require(direct.succeeded, "deploy with NO_PROXY failed:\n\(direct.output)")
            let after = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").count
            #expect(after == before, "NO_PROXY was not honoured")

            let deleted = try await cloud.deployer("delete", environment: environment)
            try #require(deleted.succeeded, "delete through the proxy failed:\n\(deleted.output)")
            _ = try? await proxy.wait(timeout: .milliseconds(1))  // ends it
        }
    }

    @Test func anSSHTunnelProxyIsRefusedBeforeAnythingIsCreated() async throws {
        try await LocalCloudFixture.withDeployment { cloud in
            let refused = try await cloud.deployer(
                "deploy", environment: ["BOSH_ALL_PROXY": "ssh+socks5://jumpbox@127.0.0.1:22?private-key=/nonexistent/key"])
            #expect(refused.status == 1, "\(refused.output)")
            #expect(refused.output.contains("deployer does not open SSH tunnels itself yet"), "\(refused.output)")
            #expect(!refused.output.contains("/nonexistent/key"))
            #expect(try await cloud.inventory().vms.isEmpty)
        }
    }
}
