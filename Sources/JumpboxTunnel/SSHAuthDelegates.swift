import NIOCore
import NIOSSH
import Synchronization

/// Offers the jumpbox key once. A second request means the server refused it; failing the
/// promise ends the handshake with `authenticationFailed` instead of leaving it waiting.
final class PrivateKeyAuthDelegate: NIOSSHClientUserAuthenticationDelegate, Sendable {
    private let username: String
    private let key: NIOSSHPrivateKey
    private let jumpbox: String
    private let offered = Mutex(false)

    init(username: String, key: NIOSSHPrivateKey, jumpbox: String) {
        self.username = username
        self.key = key
        self.jumpbox = jumpbox
    }

    func nextAuthenticationType(
        availableMethods: NIOSSHAvailableUserAuthenticationMethods,
        nextChallengePromise: EventLoopPromise<NIOSSHUserAuthenticationOffer?>
    ) {
        let alreadyOffered = offered.withLock { value in
            defer { value = true }
            return value
        }
        guard availableMethods.contains(.publicKey), !alreadyOffered else {
            nextChallengePromise.fail(JumpboxTunnelError.authenticationFailed(jumpbox: jumpbox))
            return
        }
        nextChallengePromise.succeed(
            NIOSSHUserAuthenticationOffer(
                username: username, serviceName: "", offer: .privateKey(.init(privateKey: key))))
    }
}

/// bosh-cli's host key policy (cloudfoundry/socks5-proxy): the key the jumpbox shows first is
/// accepted and pinned; every later connection of the same run must show that key.
final class PinnedHostKeyDelegate: NIOSSHClientServerAuthenticationDelegate, Sendable {
    /// The key pinned by the first connection of the run, shared by every later one.
    final class Pin: Sendable {
        let key = Mutex<NIOSSHPublicKey?>(nil)
    }

    private let pin: Pin
    private let jumpbox: String

    init(pin: Pin, jumpbox: String) {
        self.pin = pin
        self.jumpbox = jumpbox
    }

    func validateHostKey(hostKey: NIOSSHPublicKey, validationCompletePromise: EventLoopPromise<Void>) {
        let accepted = pin.key.withLock { current in
            guard let current else {
                current = hostKey
                return true
            }
            return current == hostKey
        }
        if accepted {
            validationCompletePromise.succeed(())
        } else {
            validationCompletePromise.fail(JumpboxTunnelError.hostKeyChanged(jumpbox: jumpbox))
        }
    }
}
