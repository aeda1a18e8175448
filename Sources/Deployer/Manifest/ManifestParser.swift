import GoYAML
import Interpolation

/// Turns an interpolated create-env manifest into typed values, the way bosh-cli's three
/// parsers (release set, installation, deployment) read the same document, and validates it.
///
/// Unknown keys are ignored. Values of the wrong type, property maps with non-string keys and
/// every validation rule become `ManifestProblem`s; all of them are reported together.
public enum ManifestParser {
    /// Parses and validates `node`, the interpolated manifest read from `path`.
    /// - Parameters:
    ///   - node: the whole document (ops files applied, variables substituted).
    ///   - path: the manifest's path; relative release and stemcell URLs are resolved against
    ///     its directory, and it names the file in error messages.
    ///   - homeDirectory: used to expand URLs starting with `~`; nil leaves them as written.
    /// - Returns: the release set, installation and deployment.
    /// - Throws: `ManifestError.invalid` with every problem found.
    public static func parse(_ node: YAMLNode, path: String, homeDirectory: String? = nil) throws -> DeploymentManifest
    {
        let (manifest, problems) = decode(node, path: path, homeDirectory: homeDirectory)
        let all = problems + ManifestValidator.validate(manifest)
        guard all.isEmpty else {
            throw ManifestError.invalid(file: path, problems: sortedByStage(all))
        }
        return manifest
    }

    /// Reads `node` into typed values without running the validator.
    /// - Returns: the manifest (wrongly typed values replaced by their zero value) and the
    ///   decoding problems found on the way.
    public static func decode(
        _ node: YAMLNode, path: String, homeDirectory: String? = nil
    )
        -> (manifest: DeploymentManifest, problems: [ManifestProblem])
    {
        var rootProblems: [ManifestProblem] = []
        let root: YAMLMap
        switch node {
        case .map(let map): root = map
        case .null: root = YAMLMap()
        default:
            var decoder = NodeDecoder(unmarshalStage: .releaseSetUnmarshalling, parseStage: .releaseSetUnmarshalling)
            decoder.mismatch(node, at: "", into: "a manifest map")
            rootProblems = decoder.problems
            root = YAMLMap()
        }
        let (releaseSet, releaseProblems) = decodeReleaseSet(root, manifestPath: path, homeDirectory: homeDirectory)
        let (installation, installationProblems) = decodeInstallation(root, manifestPath: path)
        let (deployment, deploymentProblems) = decodeDeployment(root, manifestPath: path, homeDirectory: homeDirectory)
        let manifest = DeploymentManifest(
            path: path, releaseSet: releaseSet, installation: installation, deployment: deployment)
        return (manifest, rootProblems + releaseProblems + installationProblems + deploymentProblems)
    }

    /// Problems ordered by stage, keeping document order within a stage.
    static func sortedByStage(_ problems: [ManifestProblem]) -> [ManifestProblem] {
        problems.enumerated().sorted { lhs, rhs in
            lhs.element.stage == rhs.element.stage ? lhs.offset < rhs.offset : lhs.element.stage < rhs.element.stage
        }.map(\.element)
    }

    /// `releases`, with URLs resolved against the manifest's directory.
    static func decodeReleaseSet(
        _ root: YAMLMap, manifestPath: String, homeDirectory: String?
    )
        -> (ReleaseSetManifest, [ManifestProblem])
    {
        var decoder = NodeDecoder(unmarshalStage: .releaseSetUnmarshalling, parseStage: .releaseSetUnmarshalling)
        var releases: [ReleaseRef] = []
        for (index, item) in decoder.list(root["releases"], at: "releases").enumerated() {
            let path = "releases[\(index)]"
            let fields = decoder.structure(item, at: path)
            let url = decoder.string(fields["url"], at: "\(path).url")
            releases.append(
                ReleaseRef(
                    name: decoder.string(fields["name"], at: "\(path).name"),
                    url: ArtifactURL.resolve(url, manifestPath: manifestPath, homeDirectory: homeDirectory),
                    sha1: decoder.string(fields["sha1"], at: "\(path).sha1")))
        }
        return (ReleaseSetManifest(releases: releases), decoder.problems)
    }
}
