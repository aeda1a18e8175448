import Foundation
import JumpboxTunnel

/// What `BOSH_ALL_PROXY` asks for: a SOCKS5 proxy, or an SSH connection to a jumpbox opened
/// in-process (`ssh+socks5://USER@HOST:PORT?private-key=PATH`). As in bosh-utils, `NO_PROXY`
/// applies to the SOCKS5 form only: through a jumpbox every connection goes through it.
public enum BoshAllProxy: Sendable, Equatable {
    /// `socks5://`.
    case socks5(SOCKSProxy)
    /// `ssh+socks5://`.
    case sshJumpbox(SSHJumpboxSettings)

    /// The proxy of this process's environment, read once; nil without `BOSH_ALL_PROXY` (or with
    /// one that `fromEnvironment` refuses: the CLI stops on that before any transfer).
    static let current: BoshAllProxy? = try? fromEnvironment(ProcessInfo.processInfo.environment)

    /// Parses `BOSH_ALL_PROXY` (and `NO_PROXY`) of `environment`.
    /// - Returns: nil when `BOSH_ALL_PROXY` is unset or empty.
    /// - Throws: `SOCKSProxyError` naming the proxy (without its password or query).
    public static func fromEnvironment(_ environment: [String: String]) throws(SOCKSProxyError) -> BoshAllProxy? {
        guard let value = environment["BOSH_ALL_PROXY"], !value.isEmpty else { return nil }
        do {
            if let jumpbox = try SSHJumpboxSettings.parse(value) { return .sshJumpbox(jumpbox) }
        } catch {
            throw .invalid(proxy: SOCKSProxy.redacted(value), reason: error.description)
        }
        return .socks5(try SOCKSProxy.parse(value, environment: environment))
    }

    /// Parses `BOSH_ALL_PROXY` and, for a jumpbox, reads its key, so that a missing or unusable
    /// key stops a run before anything is created rather than at the first agent request.
    /// - Throws: `SOCKSProxyError`.
    public static func validate(_ environment: [String: String]) throws(SOCKSProxyError) {
        guard case .sshJumpbox(let settings) = try fromEnvironment(environment) else { return }
        do {
            _ = try SSHPrivateKeyFile.load(path: settings.privateKeyPath)
        } catch {
            throw .sshKey(proxy: SOCKSProxy.redacted(environment["BOSH_ALL_PROXY"] ?? ""), reason: error.description)
        }
    }
}
