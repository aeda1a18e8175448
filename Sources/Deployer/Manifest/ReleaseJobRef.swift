import GoYAML
import Interpolation

/// A release job by name and release: an entry of `jobs[].templates` / `instance_groups[].jobs`,
/// or a CPI job of `cloud_provider.template(s)`.
public struct ReleaseJobRef: Sendable, Hashable {
    /// The release job's name (a job inside the release tarball).
    public var name: String
    /// The name of a release in `releases`.
    public var release: String
    /// The job's own `properties`; nil when the key is absent (or null). When present, even
    /// empty, they are the only properties this release job sees.
    public var properties: YAMLMap?

    /// Creates a value from its fields.
    public init(name: String, release: String, properties: YAMLMap? = nil) {
        self.name = name
        self.release = release
        self.properties = properties
    }
}
