import DeployerSupport

/// The `type` string of a CPI error, with the known values as constants.
///
/// Open-ended on purpose: CPIs may send types this package has never heard of, and the caller
/// still needs to show them.
public struct CPIErrorType: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Base CPI error (fatal).
    public static let cpiError: Self = "Bosh::Clouds::CpiError"
    /// The CPI does not implement the method. Tolerated for `info` (CPI is v1) and the two
    /// `set_*_metadata` methods.
    public static let notImplemented: Self = "Bosh::Clouds::NotImplemented"
    /// The CPI does not support the requested feature (fatal).
    public static let notSupported: Self = "Bosh::Clouds::NotSupported"
    /// Generic IaaS failure (fatal).
    public static let cloudError: Self = "Bosh::Clouds::CloudError"
    /// The VM is gone. Success for `delete_vm`.
    public static let vmNotFound: Self = "Bosh::Clouds::VMNotFound"
    /// A network in the request does not exist (fatal).
    public static let networkNotFound: Self = "Bosh::Clouds::NetworkNotFound"
    /// No room for the disk (carries `ok_to_retry`).
    public static let noDiskSpace: Self = "Bosh::Clouds::NoDiskSpace"
    /// The disk is not attached to that VM (carries `ok_to_retry`).
    public static let diskNotAttached: Self = "Bosh::Clouds::DiskNotAttached"
    /// The disk is gone. Success for `delete_disk` in delete-env and unused-disk cleanup.
    public static let diskNotFound: Self = "Bosh::Clouds::DiskNotFound"
    /// The VM could not be created (carries `ok_to_retry`).
    public static let vmCreationFailed: Self = "Bosh::Clouds::VMCreationFailed"
    /// The stemcell is gone (bosh-cli only). Success for `delete_stemcell`.
    public static let stemcellNotFound: Self = "Bosh::Clouds::StemcellNotFound"
    /// The Ruby `bosh_cpi` gem's type for malformed calls and unknown methods.
    public static let invalidCall: Self = "InvalidCall"
    /// The Ruby `bosh_cpi` gem's type for unexpected exceptions.
    public static let unknown: Self = "Unknown"
}
