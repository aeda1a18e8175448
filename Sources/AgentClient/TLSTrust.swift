/// Which server certificates an agent connection accepts.
public enum TLSTrust: Sendable, Hashable {
    /// Only certificates signed by this CA (PEM, held in memory), with host verification:
    /// the manifest's `cloud_provider.cert.ca`.
    case pinnedCA(pem: String)
    /// The system trust store.
    case system
    /// No verification at all: bosh-cli's behaviour for the RPC channel when the CA is empty.
    case insecureSkipVerify
}
