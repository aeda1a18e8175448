import DeployerTestSupport
import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import JumpboxTunnel

/// The relay against a real OpenSSH server on 127.0.0.1, with a SOCKS5 client made of plain
/// sockets (what libcurl does) and a loopback echo server as the target.
@Suite(.serialized)
struct JumpboxRelayTests {
    @Test func bytesReachTheTargetThroughAForwardedChannel() async throws {
        let sshd = try OpenSSHServer()
        defer { sshd.stop() }
        let echo = try EchoServer()
        defer { echo.close() }
        let relay = try JumpboxRelay.start(jumpbox: try jumpbox(sshd))
        defer { relay.close() }

        let (username, password) = relay.credentials()
        let client = try SOCKS5TestClient(port: relay.port, username: username, password: password)
        #expect(try client.connect(host: "127.0.0.1", port: echo.port) == 0)
        let payload = Array((0..<300_000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        try client.send(payload)
        #expect(try client.receive(count: payload.count) == payload)
        client.close()

        // A name is resolved by the jumpbox, as bosh-cli's dialer has it.
        let byName = try SOCKS5TestClient(port: relay.port, username: relay.credentials().username, password: password)
        #expect(try byName.connect(host: "localhost", port: echo.port) == 0)
        try byName.send(Array("ping".utf8))
        #expect(try byName.receive(count: 4) == Array("ping".utf8))
        byName.close()

        #expect(await eventually { sshd.forwardedTargets.contains("127.0.0.1 port \(echo.port)") }, "\(sshd.log)")
        #expect(sshd.forwardedTargets.contains("localhost port \(echo.port)"))
    }

    @Test func theRelayWantsItsPassword() throws {
        let sshd = try OpenSSHServer()
        defer { sshd.stop() }
        let relay = try JumpboxRelay.start(jumpbox: try jumpbox(sshd))
        defer { relay.close() }
        #expect(throws: SOCKS5TestClient.Refused.self) {
            _ = try SOCKS5TestClient(port: relay.port, username: "transfer-1", password: "guess")
        }
        #expect(sshd.forwardedTargets.isEmpty)
    }

    @Test func aKeyTheJumpboxDoesNotKnowIsRefusedWithinSeconds() throws {
        let sshd = try OpenSSHServer()
        defer { sshd.stop() }
        let settings = SSHJumpboxSettings(
            host: "127.0.0.1", port: sshd.port, username: sshd.user, privateKeyPath: sshd.strangerKeyPath)
        let started = Date()
        #expect(throws: JumpboxTunnelError.authenticationFailed(jumpbox: settings.displayName)) {
            try SSHJumpbox(settings: settings).connectAndWait()
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func aDeadJumpboxIsReportedAtOnce() throws {
        let port = try OpenSSHServer.freeLoopbackPort()
        let sshd = try OpenSSHServer()
        defer { sshd.stop() }
        let settings = SSHJumpboxSettings(
            host: "127.0.0.1", port: port, username: "jumpbox", privateKeyPath: sshd.privateKeyPath)
        let started = Date()
        do {
            try SSHJumpbox(settings: settings).connectAndWait()
            Issue.record("connected to a port nothing listens on")
        } catch {
            guard case .cannotConnect(let jumpbox, let detail) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(jumpbox == "jumpbox@127.0.0.1:\(port)")
            #expect(detail.lowercased().contains("refused"), "\(detail)")
            #expect(error.isPermanent)
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func aServerThatNeverSpeaksSSHTimesOut() throws {
        let silent = try EchoServer(silent: true)
        defer { silent.close() }
        let sshd = try OpenSSHServer()
        defer { sshd.stop() }
        let settings = SSHJumpboxSettings(
            host: "127.0.0.1", port: silent.port, username: "jumpbox", privateKeyPath: sshd.privateKeyPath)
        #expect(
            throws: JumpboxTunnelError.handshakeFailed(
                jumpbox: settings.displayName, detail: "no SSH handshake within 1 s")
        ) {
            try SSHJumpbox(settings: settings, handshakeTimeout: .seconds(1)).connectAndWait()
        }
    }

    @Test func forwardingProhibitedIsTheTransfersErrorAndPermanent() throws {
        let sshd = try OpenSSHServer(allowForwarding: false)
        defer { sshd.stop() }
        let echo = try EchoServer()
        defer { echo.close() }
        let relay = try JumpboxRelay.start(jumpbox: try jumpbox(sshd))
        defer { relay.close() }
        let (username, password) = relay.credentials()
        let client = try SOCKS5TestClient(port: relay.port, username: username, password: password)
        #expect(try client.connect(host: "127.0.0.1", port: echo.port) == 2)
        let failure = try #require(relay.takeFailure(username: username))
        #expect(
            failure
                == .channelRefused(
                    jumpbox: relay.jumpbox.settings.displayName, target: "127.0.0.1:\(echo.port)",
                    reason: .administrativelyProhibited))
        #expect(failure.isPermanent)
        #expect(relay.takeFailure(username: username) == nil)
    }

    @Test func aTargetTheJumpboxCannotReachIsWorthWaitingFor() throws {
        let sshd = try OpenSSHServer()
        defer { sshd.stop() }
        let closed = try OpenSSHServer.freeLoopbackPort()
        let relay = try JumpboxRelay.start(jumpbox: try jumpbox(sshd))
        defer { relay.close() }
        let (username, password) = relay.credentials()
        let client = try SOCKS5TestClient(port: relay.port, username: username, password: password)
        #expect(try client.connect(host: "127.0.0.1", port: closed) == 5)
        let failure = try #require(relay.takeFailure(username: username))
        guard case .channelRefused(_, let target, .connectFailed) = failure else {
            Issue.record("unexpected \(failure)")
            return
        }
        #expect(target == "127.0.0.1:\(closed)")
        #expect(!failure.isPermanent)
    }

    @Test func theSettingsAreReadAsBoshCliReadsThem() throws {
        let settings = try #require(try SSHJumpboxSettings.parse("ssh+socks5://ops@10.0.0.5:2222?private-key=/keys/jb"))
        #expect(
            settings == SSHJumpboxSettings(host: "10.0.0.5", port: 2222, username: "ops", privateKeyPath: "/keys/jb"))
        #expect(try SSHJumpboxSettings.parse("ssh+socks5://10.0.0.5:22?private-key=k")?.username == "jumpbox")
        #expect(try SSHJumpboxSettings.parse("socks5://10.0.0.5:22") == nil)
        #expect(throws: SSHJumpboxSettingsError.missingPrivateKey) {
            try SSHJumpboxSettings.parse("ssh+socks5://j@10.0.0.5:22")
        }
        #expect(throws: SSHJumpboxSettingsError.missingHostOrPort) {
            try SSHJumpboxSettings.parse("ssh+socks5://j@10.0.0.5?private-key=k")
        }
        #expect(throws: SSHJumpboxSettingsError.unknownScheme("http")) {
            try SSHJumpboxSettings.parse("ssh+http://j@h:22?private-key=k")
        }
    }

    private func jumpbox(_ sshd: OpenSSHServer) throws -> SSHJumpbox {
        try SSHJumpbox(
            settings: SSHJumpboxSettings(
                host: "127.0.0.1", port: sshd.port, username: sshd.user, privateKeyPath: sshd.privateKeyPath))
    }
}
