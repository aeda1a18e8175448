/// What went wrong between deployer and the jumpbox, or beyond it. The texts name the jumpbox
/// (`user@host:port`) and the target, never the key.
public enum JumpboxTunnelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The private key cannot be used.
    case key(SSHKeyError)
    /// No TCP connection to the jumpbox (refused, unreachable, timed out).
    case cannotConnect(jumpbox: String, detail: String)
    /// The SSH handshake failed (no common algorithm, protocol error, connection dropped).
    case handshakeFailed(jumpbox: String, detail: String)
    /// The jumpbox did not accept the key for the user.
    case authenticationFailed(jumpbox: String)
    /// The jumpbox presented another host key than earlier in this run.
    case hostKeyChanged(jumpbox: String)
    /// The jumpbox refused to open a forwarding channel to `target`.
    case channelRefused(jumpbox: String, target: String, reason: ChannelRefusal)

    /// Why an SSH server refuses a channel (RFC 4254 §5.1 reason codes).
    public enum ChannelRefusal: Sendable, Equatable {
        /// 1: the server does not allow forwarding (sshd's `AllowTcpForwarding no`, `PermitOpen`).
        case administrativelyProhibited
        /// 2: the jumpbox could not connect to the target (refused, unreachable).
        case connectFailed(String)
        /// Any other code.
        case other(code: UInt32, String)
    }

    /// True when waiting for the VM cannot help: waiting for an agent stops at once on these.
    /// The jumpbox is up before a deploy starts, so failing to reach or log in to it is not
    /// something a booting VM changes; a target the jumpbox cannot reach yet (the VM still
    /// booting) is worth waiting for.
    public var isPermanent: Bool {
        switch self {
        case .key, .cannotConnect, .handshakeFailed, .authenticationFailed, .hostKeyChanged: return true
        case .channelRefused(_, _, .administrativelyProhibited): return true
        case .channelRefused: return false
        }
    }

    public var description: String {
        switch self {
        case .key(let error):
            return error.description
        case .cannotConnect(let jumpbox, let detail):
            return "cannot connect to the jumpbox \(jumpbox): \(detail)"
        case .handshakeFailed(let jumpbox, let detail):
            return "the SSH handshake with the jumpbox \(jumpbox) failed: \(detail)"
        case .authenticationFailed(let jumpbox):
            return "the jumpbox \(jumpbox) did not accept the private key: check the user and that its public key "
                + "is in the user's authorized_keys on the jumpbox"
        case .hostKeyChanged(let jumpbox):
            return "the jumpbox \(jumpbox) presented a different host key than earlier in this run; refusing to "
                + "send traffic through it"
        case .channelRefused(let jumpbox, let target, .administrativelyProhibited):
            return "the jumpbox \(jumpbox) refused to forward a connection to \(target) (administratively prohibited: "
                + "is TCP forwarding allowed for this user in its sshd_config?)"
        case .channelRefused(let jumpbox, let target, .connectFailed(let detail)):
            return "the jumpbox \(jumpbox) could not connect to \(target): \(detail)"
        case .channelRefused(let jumpbox, let target, .other(let code, let detail)):
            return "the jumpbox \(jumpbox) refused a channel to \(target) (reason \(code): \(detail))"
        }
    }
}
