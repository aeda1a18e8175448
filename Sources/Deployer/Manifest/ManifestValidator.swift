/// bosh-cli's validation rules for the release set, the installation and the deployment,
/// with its messages. Every rule is checked; nothing stops at the first problem.
public enum ManifestValidator {
    /// All three validators on a decoded manifest.
    public static func validate(_ manifest: DeploymentManifest) -> [ManifestProblem] {
        validateReleaseSet(manifest.releaseSet)
            + validateInstallation(manifest.installation, releaseSet: manifest.releaseSet)
            + validateDeployment(manifest.deployment, releaseSet: manifest.releaseSet)
    }

    /// The release set rules (`releases[%d].url must be provided`, ...).
    public static func validateReleaseSet(_ releaseSet: ReleaseSetManifest) -> [ManifestProblem] {
        var problems: [ManifestProblem] = []
        func add(_ path: String, _ detail: String) {
            problems.append(ManifestProblem(.releaseSetValidation, at: path, detail))
        }
        if releaseSet.releases.isEmpty { add("releases", "must contain at least 1 release") }
        var names: Set<String> = []
        for (index, release) in releaseSet.releases.enumerated() {
            let path = "releases[\(index)]"
            if isBlank(release.name) { add("\(path).name", "must be provided") }
            if !names.insert(release.name).inserted { add("\(path).name", "'\(release.name)' must be unique") }
            if isBlank(release.url) { add("\(path).url", "must be provided") }
            if !ArtifactURL.hasValidScheme(release.url) {
                add("\(path).url", "must be a valid URL (file:// or http(s)://)")
            }
            if ArtifactURL.isRemote(release.url) && isBlank(release.sha1) {
                add("\(path).sha1", "must be provided for http URL")
            }
        }
        return problems
    }

    /// The installation rules, checked for every CPI template against `releaseSet`.
    public static func validateInstallation(
        _ installation: InstallationManifest, releaseSet: ReleaseSetManifest
    ) -> [ManifestProblem] {
        var problems: [ManifestProblem] = []
        func add(_ path: String, _ detail: String) {
            problems.append(ManifestProblem(.installationValidation, at: path, detail))
        }
        if installation.templates.isEmpty {
            problems.append(
                ManifestProblem(
                    .installationValidation, path: "cloud_provider",
                    message:
                        "either cloud_provider.templates or cloud_provider.template must be provided and must contain at least one release"
                ))
        }
        // bosh-cli says `cloud_provider.template` for every entry, even of `templates`.
        for template in installation.templates {
            if isBlank(template.name) { add("cloud_provider.template.name", "must be provided") }
            if isBlank(template.release) { add("cloud_provider.template.release", "must be provided") }
            if releaseSet.release(named: template.release) == nil {
                add("cloud_provider.template.release", "'\(template.release)' must refer to a release in releases")
            }
        }
        return problems
    }

    /// Whether bosh-cli's `isBlank` holds: empty or only whitespace.
    static func isBlank(_ text: String) -> Bool {
        text.allSatisfy(\.isWhitespace)
    }
}
