import CPIProtocol
import Foundation

/// The local cloud's `CPIHandler`: stemcells, VMs and disks as directories under the
/// configured root, a VM's "machine" being a detached `local-agent` process listening on
/// the VM's loopback IP. Every call holds the root's lock for its whole duration.
///
/// It answers every CPI method: one `handle(_:)` per message, in `LocalCloud+*.swift`.
struct LocalCloud: CPIHandler {
    /// The stemcell format this CPI accepts.
    static let stemcellFormat = "local-tgz"

    /// The configuration, or why it could not be read (reported by every call but `info`).
    let configuration: Result<LocalCPIConfig, LocalCPIError>

    init(configuration: Result<LocalCPIConfig, LocalCPIError>) {
        self.configuration = configuration
    }

    static let routes = CPIRoutes<LocalCloud>()
        .on(InfoArguments.self) { cloud, message in cloud.handle(message) }
        .on(CreateStemcellArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(DeleteStemcellArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(CreateVMArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(DeleteVMArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(HasVMArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(RebootVMArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(SetVMMetadataArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(CreateDiskArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(DeleteDiskArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(HasDiskArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(AttachDiskArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(DetachDiskArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(SetDiskMetadataArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(GetDisksArguments.self) { cloud, message in try await cloud.handle(message) }

    func handle(_: InfoArguments) -> CPIInfo {
        CPIInfo(apiVersion: 2, stemcellFormats: [Self.stemcellFormat])
    }

    /// Appends a line to the response's `log` of the call being served.
    static func log(_ line: String) {
        CPICall.current?.log.write(line)
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
