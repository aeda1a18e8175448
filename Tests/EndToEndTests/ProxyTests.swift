import DeployerTestSupport
import Foundation
import Testing

/// `BOSH_ALL_PROXY`: every connection to the VM's agent goes through the proxy, as with
/// bosh-cli: a small SOCKS5 server, or a real OpenSSH server as the jumpbox of `ssh+socks5://`.
@Suite(.serialized)
struct ProxyTests {
    @Test func deployAndDeleteReachTheAgentThroughASOCKS5Proxy() async throws {
        try await LocalCloudFixture.withDeployment { cloud in
            let portFile = cloud.root + "/proxy.port"
            let log = cloud.root + "/proxy.log"
            let script = BuiltProducts.packageRoot.appendingPathComponent("Tests/Fixtures/socks5-proxy.py").path
            let proxy = try RunningCommand(
                "/usr/bin/python3", [script, portFile, log, "240"], in: cloud.root, environment: [:])
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
            #expect(
                connects.contains("CONNECT \(cloud.ip):6868"),
                "the agent was not reached through the proxy:\n\(connects)")

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

    /// `BOSH_ALL_PROXY=ssh+socks5://`: a real OpenSSH server on 127.0.0.1 is the jumpbox, and
    /// its log shows the agent connections of deploy and delete arriving as forwarded channels
    /// to the VM's address, and no other.
    @Test func deployNoOpAndDeleteGoThroughAnSSHJumpbox() async throws {
        let sshd = try OpenSSHServer()
        defer { sshd.stop() }
        try await LocalCloudFixture.withDeployment { cloud in
            let environment = ["BOSH_ALL_PROXY": sshd.proxyURL()]
            let agentTarget = "\(cloud.ip) port 6868"

            let deployed = try await cloud.deployer("deploy", environment: environment)
            try #require(deployed.succeeded, "deploy through the jumpbox failed:\n\(deployed.output)")
            let afterDeploy = sshd.forwardedTargets.count { $0 == agentTarget }
            #expect(afterDeploy > 0, "the agent was not reached through the jumpbox:\n\(sshd.log)")
            #expect(sshd.forwardedTargets.allSatisfy { $0 == agentTarget }, "\(sshd.forwardedTargets)")

            let noOp = try await cloud.deployer("deploy", environment: environment)
            try #require(noOp.succeeded, "no-op deploy through the jumpbox failed:\n\(noOp.output)")
            #expect(
                noOp.output.contains("No deployment, stemcell or release changes. Skipping deploy."), "\(noOp.output)")
            // As with bosh-cli, a deploy that changes nothing does not talk to the agent.
            let afterNoOp = sshd.forwardedTargets.count { $0 == agentTarget }

            let deleted = try await cloud.deployer("delete", environment: environment)
            try #require(deleted.succeeded, "delete through the jumpbox failed:\n\(deleted.output)")
            #expect(sshd.forwardedTargets.count { $0 == agentTarget } > afterNoOp)
            #expect(try await cloud.inventory().vms.isEmpty)
            for output in [deployed.output, noOp.output, deleted.output] {
                #expect(!output.contains(sshd.privateKeyPath))
            }
        }
    }

    /// A key the jumpbox does not know, a jumpbox that is down and a jumpbox that forwards
    /// nothing: each stops the deploy within seconds with what to check, the VM created before
    /// is in the state, and a deploy without the proxy continues from there.
    @Test func jumpboxFailuresAreClearAndFastAndLoseNothing() async throws {
        let sshd = try OpenSSHServer()
        defer { sshd.stop() }
        let closedSSHD = try OpenSSHServer(allowForwarding: false)
        defer { closedSSHD.stop() }
        let deadPort = try OpenSSHServer.freeLoopbackPort()
        let cases: [(proxy: String, says: String)] = [
            (sshd.proxyURL(key: sshd.strangerKeyPath), "did not accept the private key"),
            (
                "ssh+socks5://\(sshd.user)@127.0.0.1:\(deadPort)?private-key=\(sshd.privateKeyPath)",
                "cannot connect to the jumpbox"
            ),
            (closedSSHD.proxyURL(), "refused to forward a connection to"),
        ]
        try await LocalCloudFixture.withDeployment { cloud in
            var vmsAfterFirstFailure: [String]?
            for (proxy, says) in cases {
                let started = Date()
                let failed = try await cloud.deployer("deploy", environment: ["BOSH_ALL_PROXY": proxy])
                let elapsed = Date().timeIntervalSince(started)
                #expect(failed.status == 1, "\(failed.output)")
                #expect(failed.output.contains(says), "\(failed.output)")
                #expect(failed.output.contains("BOSH_ALL_PROXY"), "\(failed.output)")
                #expect(!failed.output.contains(sshd.strangerKeyPath) && !failed.output.contains(sshd.privateKeyPath))
                #expect(elapsed < 60, "took \(elapsed) s")
                // The VM made by the first run is kept: a jumpbox failure says nothing about it.
                let vms = try await cloud.inventory().vms.map(\.cid)
                #expect(vms.count == 1, "the state lost or duplicated the VM")
                if let vmsAfterFirstFailure {
                    #expect(vms == vmsAfterFirstFailure, "a jumpbox failure replaced the VM")
                } else {
                    vmsAfterFirstFailure = vms
                }
            }
            let direct = try await cloud.deployer("deploy")
            try #require(direct.succeeded, "deploy without the proxy failed:\n\(direct.output)")
            // The first run never finished, so this one replaces its VM, as bosh-cli does.
            #expect(try await cloud.inventory().vms.count == 1)
        }
    }
}
