import GoYAML
import Interpolation

/// The `cloud_provider` section: which CPI release job(s) to install and how to reach the
/// agent, as bosh-cli's installation parser reads it.
public struct InstallationManifest: Sendable, Hashable {
    /// The manifest's top-level `name`.
    public var name: String
    /// The CPI release jobs: `cloud_provider.templates` when non-empty, otherwise the single
    /// `cloud_provider.template` (even when it is empty, so validation reports it).
    public var templates: [ReleaseJobRef]
    /// The URL the CLI uses to reach the agent, with credentials
    /// (`https://mbus:<password>@10.0.0.6:6868`).
    public var mbus: String
    /// `cloud_provider.cert`; only `ca` is read.
    public var cert: CACertificate
    /// `cloud_provider.properties`: the only properties the CPI job templates see.
    public var properties: YAMLMap
    /// `cloud_provider.ssh_tunnel`, parsed but not used by create-env; nil when absent.
    public var sshTunnel: SSHTunnel?

    /// Creates a value from its fields.
    public init(
        name: String = "", templates: [ReleaseJobRef] = [], mbus: String = "",
        cert: CACertificate = CACertificate(), properties: YAMLMap = YAMLMap(), sshTunnel: SSHTunnel? = nil
    ) {
        self.name = name
        self.templates = templates
        self.mbus = mbus
        self.cert = cert
        self.properties = properties
        self.sshTunnel = sshTunnel
    }
}

extension InstallationManifest {
    /// `cloud_provider.properties.agent.mbus`: the URL the CPI puts into the agent settings so
    /// the agent listens on it (`https://mbus:<password>@0.0.0.0:6868`); nil when not set.
    public var agentMbus: String? {
        properties["agent"]?["mbus"]?.stringValue
    }
}

/// `cloud_provider.cert`.
public struct CACertificate: Sendable, Hashable {
    /// PEM of the CA that signed the agent's certificate; empty means the system roots.
    public var ca: String

    /// Creates a value from its fields.
    public init(ca: String = "") {
        self.ca = ca
    }
}

/// `cloud_provider.ssh_tunnel`. bosh-cli still parses it but no longer opens a tunnel.
public struct SSHTunnel: Sendable, Hashable, CustomStringConvertible {
    /// Where the private key is.
    public enum PrivateKey: Sendable, Hashable {
        /// An inline RSA or OpenSSH PEM.
        case pem(String)
        /// A file path, resolved against the manifest's directory (not read here).
        case file(String)
    }

    /// Host to tunnel through.
    public var host: String
    /// SSH port.
    public var port: Int
    /// SSH user.
    public var user: String
    /// SSH password (never printed).
    public var password: String
    /// The private key, inline or as a path; nil when not given.
    public var privateKey: PrivateKey?

    /// Creates a value from its fields.
    public init(
        host: String = "", port: Int = 0, user: String = "", password: String = "", privateKey: PrivateKey? = nil
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.privateKey = privateKey
    }

    /// Names the endpoint only; the password and key are never printed.
    public var description: String { "ssh tunnel \(user)@\(host):\(port)" }
}
