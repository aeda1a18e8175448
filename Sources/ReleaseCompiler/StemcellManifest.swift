import DeployerSupport
import Foundation

/// `stemcell.MF` (spec release.md §7).
public struct StemcellManifest: Sendable, Equatable {
    /// The name.
    public var name: String
    /// The version, as text (`1.10` stays `1.10`).
    public var version: String
    /// The OS, e.g. `ubuntu-jammy`.
    public var operatingSystem: String
    /// Digest of `image` as written in the manifest.
    public var sha1: String
    /// Highest agent API version; 1 when absent.
    public var apiVersion: Int
    /// Formats the stemcell is built in (`aws-raw`, `warden-tar`...).
    public var stemcellFormats: [String]
    /// Passed verbatim as the second argument of `create_stemcell`.
    public var cloudProperties: PropertyValue

    /// Creates a value from its parts.
    public init(
        name: String, version: String, operatingSystem: String, sha1: String, apiVersion: Int = 1,
        stemcellFormats: [String] = [], cloudProperties: PropertyValue = .object([:])
    ) {
        self.name = name
        self.version = version
        self.operatingSystem = operatingSystem
        self.sha1 = sha1
        self.apiVersion = apiVersion
        self.stemcellFormats = stemcellFormats
        self.cloudProperties = cloudProperties
    }

    /// Parses the text of a `stemcell.MF`.
    ///
    /// - Throws: `ReleaseError.invalidManifest` naming `path`.
    public static func parse(_ text: String, path: String = "stemcell.MF") throws -> StemcellManifest {
        let doc = try YAMLDocument.parse(text, path: path)
        return StemcellManifest(
            name: try doc.requiredString("name", context: ""),
            version: try doc.requiredString("version", context: ""),
            operatingSystem: doc.string("operating_system") ?? "",
            sha1: doc.string("sha1") ?? "",
            apiVersion: doc.int("api_version") ?? 1,
            stemcellFormats: doc.stringList("stemcell_formats"),
            cloudProperties: doc.child("cloud_properties")?.value ?? .object([:]))
    }
}
