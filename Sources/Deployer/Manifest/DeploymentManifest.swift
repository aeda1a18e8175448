/// A create-env manifest as the three bosh-cli parsers see it: the release set
/// (`releases`), the installation (`cloud_provider`) and the deployment (everything else).
public struct DeploymentManifest: Sendable, Hashable {
    /// The manifest's path as given (used in messages and to resolve relative URLs).
    public var path: String
    /// `releases`, as the release set parser reads them.
    public var releaseSet: ReleaseSetManifest
    /// `cloud_provider`, as the installation parser reads it.
    public var installation: InstallationManifest
    /// Everything else, as the deployment parser reads it.
    public var deployment: DeploymentSpec

    /// Creates a value from its fields.
    public init(
        path: String, releaseSet: ReleaseSetManifest, installation: InstallationManifest, deployment: DeploymentSpec
    ) {
        self.path = path
        self.releaseSet = releaseSet
        self.installation = installation
        self.deployment = deployment
    }
}
