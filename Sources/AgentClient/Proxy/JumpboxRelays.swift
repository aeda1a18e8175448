import JumpboxTunnel
import Synchronization

/// The process's one relay through the jumpbox of `BOSH_ALL_PROXY`, started by the first
/// transfer that needs it (a run that never talks to an agent or downloads never connects, as
/// with bosh-cli) and kept until the process ends.
enum JumpboxRelays {
    private static let shared = Mutex<JumpboxRelay?>(nil)

    /// The relay, with its SSH connection up. Blocks: call on a transfer's dedicated thread.
    static func relay(for settings: SSHJumpboxSettings) -> Result<JumpboxRelay, JumpboxTunnelError> {
        let started: Result<JumpboxRelay, JumpboxTunnelError> = shared.withLock { relay in
            if let relay, relay.jumpbox.settings == settings { return .success(relay) }
            do {
                let jumpbox = try SSHJumpbox(settings: settings)
                let started = try JumpboxRelay.start(jumpbox: jumpbox)
                relay = started
                return .success(started)
            } catch let error as JumpboxTunnelError {
                return .failure(error)
            } catch {
                return .failure(.cannotConnect(jumpbox: "the loopback relay", detail: String(describing: error)))
            }
        }
        return started.flatMap { relay in
            do throws(JumpboxTunnelError) {
                try relay.jumpbox.connectAndWait()
                return .success(relay)
            } catch {
                return .failure(error)
            }
        }
    }
}
