/// A `create_disk` or `create_stemcell` call that was sent and whose answer is not recorded
/// yet, kept in the state's `"deployer"` fields (`pending_creations`) from just before the
/// call until its CID is recorded (in the same write).
///
/// When the deployer dies right after the CPI answered (kill -9, power loss), the cloud holds
/// a disk or stemcell that no state knows, and the CPI API has no call to find it. This record
/// lets the next run say exactly what to look for.
public struct PendingCreation: Codable, Sendable, Hashable {
    /// What the call creates.
    public enum Kind: String, Codable, Sendable {
        case disk, stemcell
    }

    /// What the call creates.
    public var kind: Kind
    /// When the call was sent (ISO 8601, UTC).
    public var startedAt: String
    /// A disk's size in MiB.
    public var sizeMiB: Int?
    /// The VM a disk was created for (`create_disk` places it beside that VM).
    public var vmCID: String?
    /// A stemcell's `name/version`.
    public var stemcell: String?
    /// The metadata the deployer sets on such a disk once it is attached; a disk left by an
    /// interrupted run does not carry it yet.
    public var metadata: [String: String]?
    /// Why the answer never arrived when the run saw it fail; nil when it was killed or
    /// interrupted during or right after the call.
    public var failure: String?

    /// A `create_disk` of `sizeMiB` for `vm`, sent now.
    public static func disk(sizeMiB: Int, vm: String, metadata: [String: String], startedAt: String) -> Self {
        Self(kind: .disk, startedAt: startedAt, sizeMiB: sizeMiB, vmCID: vm, metadata: metadata)
    }

    /// A `create_stemcell` of `name/version`, sent now.
    public static func stemcell(_ nameAndVersion: String, startedAt: String) -> Self {
        Self(kind: .stemcell, startedAt: startedAt, stemcell: nameAndVersion)
    }

    /// What the next run tells the operator: what may exist in the cloud and how to find it.
    public var warning: String {
        let happened =
            failure.map { "got no usable answer (\($0))" } ?? "was interrupted before its answer was recorded"
        switch kind {
        case .disk:
            let size = sizeMiB.map { "\($0) MiB" } ?? "unknown size"
            let near = vmCID.map { ", for VM '\($0)'" } ?? ""
            let tags = (metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            let tagText =
                tags.isEmpty
                ? "" : "; it carries no metadata yet (once attached it would have had \(tags.joined(separator: ", ")))"
            return "A create_disk sent at \(startedAt) (\(size)\(near)) \(happened): the cloud may hold a disk "
                + "this state does not know. Look in the cloud for an unattached disk of \(size) created at that "
                + "time\(tagText), and delete it there if it exists"
        case .stemcell:
            let name = stemcell ?? "unknown"
            return "A create_stemcell sent at \(startedAt) (stemcell '\(name)') \(happened): the cloud may hold a "
                + "stemcell (image) this state does not know. Look in the cloud for an image created at that "
                + "time from stemcell '\(name)', and delete it there if it exists"
        }
    }

    enum CodingKeys: String, CodingKey {
        case kind
        case startedAt = "started_at"
        case sizeMiB = "size_mib"
        case vmCID = "vm_cid"
        case stemcell
        case metadata
        case failure
    }
}
