import CPIProtocol

/// A failure of the local cloud that is not one of the typed CPI errors; `CPIServer` answers
/// it as `Bosh::Clouds::CloudError` with this description.
struct LocalCPIError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, naming the path, CID or argument involved.
    let description: String

    init(_ description: String) { self.description = description }
}

extension CPIResponseError {
    /// `Bosh::Clouds::VMNotFound` for `cid`.
    static func vmNotFound(_ cid: String) -> CPIResponseError {
        CPIResponseError(type: .vmNotFound, message: "VM '\(cid)' not found")
    }

    /// `Bosh::Clouds::DiskNotFound` for `cid`.
    static func diskNotFound(_ cid: String) -> CPIResponseError {
        CPIResponseError(type: .diskNotFound, message: "Disk '\(cid)' not found")
    }

    /// `Bosh::Clouds::StemcellNotFound` for `cid`.
    static func stemcellNotFound(_ cid: String) -> CPIResponseError {
        CPIResponseError(type: .stemcellNotFound, message: "Stemcell '\(cid)' not found")
    }

    /// `Bosh::Clouds::CloudError` with `message`.
    static func cloud(_ message: String) -> CPIResponseError {
        CPIResponseError(type: .cloudError, message: message)
    }
}
