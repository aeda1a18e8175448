import AgentProtocol
import DeployerSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `fetch_logs` as the real agent answers it (`agent/action/fetch_logs.go`,
/// `logstarprovider`): the logs of each requested type (`job`: `sys/log`; `agent`: `bosh/log`)
/// whose path relative to that directory matches one of the filters (`LogFilter`: every file
/// when there is none, the agent's `**/*`; a directory's name means all of it) are copied to a
/// scratch directory, tarred and gzipped into the blob store.
struct LogsArchiver: Sendable {
    let context: AgentContext

    /// - Returns: the blob's id and SHA-1.
    /// - Throws: `LocalAgentError` for an unknown log type or a failed copy or archive.
    func archive(types: String, filters: [String]) throws -> BlobReference {
        let layout = context.layout
        var sources: [String] = []
        for type in types.split(separator: ",", omittingEmptySubsequences: false) {
            switch type {
            case "job": sources.append(layout.sysLogDir)
            case "agent": sources.append(layout.path("bosh/log"))
            case "system": continue  // the VM's /var/log is the host's here: never shipped
            default: throw LocalAgentError("Invalid log type")
            }
        }
        let patterns = filters.isEmpty ? ["**/*"] : filters
        let scratch = layout.tmpDir + "/logs-\(UUID().uuidString.lowercased())"
        defer { try? FileTree.remove(scratch) }
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        for source in sources {
            try copyMatching(from: source, to: scratch, filters: patterns.map { LogFilter($0, in: source) })
        }
        return try context.blobstore.storeArchive(
            of: scratch, scratch: layout.tmpDir, archiving: "Making logs tarball", storing: "Create file on blobstore")
    }

    /// Copies every regular file under `source` that a filter selects, keeping its relative path.
    private func copyMatching(from source: String, to target: String, filters: [LogFilter]) throws {
        guard let walker = FileManager.default.enumerator(atPath: source) else { return }
        while let relative = walker.nextObject() as? String {
            let path = source + "/" + relative
            guard FileKind(of: path) == .file else { continue }
            guard filters.contains(where: { $0.matches(relative) }) else { continue }
            let destination = target + "/" + relative
            try FileManager.default.createDirectory(
                atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            do {
                try FileManager.default.copyItem(atPath: path, toPath: destination)
            } catch {
                throw LocalAgentError(
                    "Copying filtered files to temp directory: '\(path)': \(error.localizedDescription)")
            }
        }
    }
}
