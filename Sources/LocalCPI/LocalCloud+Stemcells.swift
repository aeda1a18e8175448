import CPIProtocol
import DeployerSupport
import Foundation

extension LocalCloud {
    /// Unpacks the stemcell image (a tarball carrying `local-agent`) into
    /// `stemcells/<cid>/image/` with the secure extractor, then writes the record.
    func handle(_ message: CreateStemcellArguments) async throws -> StemcellCID {
        let imagePath = message.imagePath
        return try await locked { config, root in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: imagePath, isDirectory: &isDirectory), !isDirectory.boolValue
            else {
                throw CPIResponseError.cloud("create_stemcell: image '\(imagePath)' does not exist or is not a file")
            }
            let cid = root.newCID(.stemcells)
            guard let directory = root.resource(.stemcells, cid) else { throw LocalCPIError("invalid CID '\(cid)'") }
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
                try LibArchiveReader().extract(tarball: imagePath, to: directory + "/image")
                let agent = Self.agentInImage(directory + "/image")
                if agent == nil, config.agentBinary == nil {
                    throw CPIResponseError.cloud(
                        "create_stemcell: image '\(imagePath)' carries no executable 'local-agent' "
                            + "(at its top or under bin/) and the config sets no 'agent_binary'")
                }
                let record = StemcellRecord(
                    cid: cid, imagePath: imagePath, cloudProperties: message.cloudProperties, agentBinary: agent,
                    createdAt: Self.now())
                try root.write(record, .stemcells, cid)
            } catch {
                try? root.remove(.stemcells, cid)
                if let error = error as? CPIResponseError { throw error }
                throw CPIResponseError.cloud("create_stemcell: unpacking image '\(imagePath)' failed: \(error)")
            }
            Self.log("created stemcell \(cid) from '\(imagePath)'")
            return StemcellCID(cid)
        }
    }

    /// Removes the stemcell; `StemcellNotFound` when there is none.
    func handle(_ message: DeleteStemcellArguments) async throws {
        let cid = message.cid
        try await locked { _, root in
            guard root.exists(.stemcells, cid.rawValue) else { throw CPIResponseError.stemcellNotFound(cid.rawValue) }
            try root.remove(.stemcells, cid.rawValue)
            Self.log("deleted stemcell \(cid)")
        }
    }

    /// The executable `local-agent` in an unpacked image: at its top, or under `bin/`.
    static func agentInImage(_ image: String) -> String? {
        for candidate in [image + "/local-agent", image + "/bin/local-agent"] {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate)
            {
                return candidate
            }
        }
        return nil
    }
}
