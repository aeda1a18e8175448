import CPIProtocol
import Foundation

/// The local cloud's `CPIHandler`: stemcells, VMs and disks as directories under the
/// configured root, a VM's "machine" being a detached `local-agent` process listening on
/// the VM's loopback IP. Every call holds the root's lock for its whole duration.
struct LocalCloud: CPIHandler {
    /// The stemcell format this CPI accepts.
    static let stemcellFormat = "local-tgz"

    /// The configuration, or why it could not be read (reported by every call but `info`).
    let configuration: Result<LocalCPIConfig, LocalCPIError>

    init(configuration: Result<LocalCPIConfig, LocalCPIError>) {
        self.configuration = configuration
    }

    func info(_ call: CPICall) async throws -> CPIInfo {
        CPIInfo(apiVersion: 2, stemcellFormats: [Self.stemcellFormat])
    }

    /// Runs `body` with the configuration and the root, holding the root's lock.
    func locked<T>(_ body: (LocalCPIConfig, CloudRoot) async throws -> T) async throws -> T {
        let config = try configuration.get()
        let root = CloudRoot(path: config.rootDirectory)
        return try await root.withLock { try await body(config, root) }
    }

    /// The current time for records (RFC 3339, UTC).
    static func now() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
