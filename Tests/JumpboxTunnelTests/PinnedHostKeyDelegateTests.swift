import Crypto
import NIOCore
import NIOEmbedded
import NIOSSH
import Testing

@testable import JumpboxTunnel

/// bosh-cli's policy: the first host key is trusted and pinned for the rest of the run.
@Suite struct PinnedHostKeyDelegateTests {
    @Test func theFirstKeyIsPinnedAndAnotherRefused() throws {
        let loop = EmbeddedEventLoop()
        let pin = PinnedHostKeyDelegate.Pin()
        let first = NIOSSHPrivateKey(ed25519Key: .init()).publicKey
        let other = NIOSSHPrivateKey(ed25519Key: .init()).publicKey

        func validate(_ key: NIOSSHPublicKey) -> Result<Void, any Error>? {
            let promise = loop.makePromise(of: Void.self)
            PinnedHostKeyDelegate(pin: pin, jumpbox: "jb@h:22").validateHostKey(
                hostKey: key, validationCompletePromise: promise)
            var outcome: Result<Void, any Error>?
            promise.futureResult.assumeIsolated().whenComplete { outcome = $0 }
            loop.run()
            return outcome
        }

        #expect((try validate(first)?.get()) != nil)
        #expect((try validate(first)?.get()) != nil)
        let refused = validate(other)
        guard case .failure(let error) = refused else {
            Issue.record("a second host key was accepted")
            return
        }
        #expect(error as? JumpboxTunnelError == .hostKeyChanged(jumpbox: "jb@h:22"))
    }
}
