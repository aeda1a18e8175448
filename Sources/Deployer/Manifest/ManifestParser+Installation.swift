import GoYAML
import Interpolation

extension ManifestParser {
    /// `cloud_provider` (and the top-level `name`, which bosh-cli's installation parser also reads).
    static func decodeInstallation(_ root: YAMLMap, manifestPath: String) -> (InstallationManifest, [ManifestProblem]) {
        var decoder = NodeDecoder(unmarshalStage: .installationUnmarshalling, parseStage: .installationParsing)
        // `name` is reported by the deployment decoder; reading it twice would report twice.
        var quiet = NodeDecoder(unmarshalStage: .installationUnmarshalling, parseStage: .installationParsing)
        let provider = decoder.structure(root["cloud_provider"], at: "cloud_provider")

        var installation = InstallationManifest(name: quiet.string(root["name"], at: "name"))
        installation.mbus = decoder.string(provider["mbus"], at: "cloud_provider.mbus")
        let cert = decoder.structure(provider["cert"], at: "cloud_provider.cert")
        installation.cert = CACertificate(ca: decoder.string(cert["ca"], at: "cloud_provider.cert.ca"))
        if !installation.cert.ca.isEmpty, !PEMBlock.isDecodable(installation.cert.ca) {
            decoder.report(.installationParsing, path: "cloud_provider.cert.ca", message: "Invalid CA cert")
        }

        // A non-empty `templates` wins; otherwise the single `template`, even when empty.
        let listed = decoder.list(provider["templates"], at: "cloud_provider.templates")
        if listed.isEmpty {
            let single = decoder.structure(provider["template"], at: "cloud_provider.template")
            installation.templates = [
                ReleaseJobRef(
                    name: decoder.string(single["name"], at: "cloud_provider.template.name"),
                    release: decoder.string(single["release"], at: "cloud_provider.template.release"))
            ]
        } else {
            installation.templates = listed.enumerated().map { index, item in
                let path = "cloud_provider.templates[\(index)]"
                let fields = decoder.structure(item, at: path)
                return ReleaseJobRef(
                    name: decoder.string(fields["name"], at: "\(path).name"),
                    release: decoder.string(fields["release"], at: "\(path).release"))
            }
            var seen: Set<String> = []
            var duplicates: [String] = []
            for template in installation.templates where !seen.insert(template.name).inserted {
                if !duplicates.contains(template.name) { duplicates.append(template.name) }
            }
            if !duplicates.isEmpty {
                let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
                decoder.report(
                    .installationParsing, path: "cloud_provider.templates",
                    message: "Duplicate templates names are illegal. Duplicate template names found: \(names)")
            }
        }

        installation.properties = decoder.properties(provider["properties"], at: "cloud_provider.properties")
        installation.sshTunnel = decodeSSHTunnel(provider["ssh_tunnel"], manifestPath: manifestPath, decoder: &decoder)
        return (installation, decoder.problems)
    }

    private static func decodeSSHTunnel(
        _ node: YAMLNode?, manifestPath: String, decoder: inout NodeDecoder
    ) -> SSHTunnel? {
        guard let fields = decoder.optionalStructure(node, at: "cloud_provider.ssh_tunnel") else { return nil }
        let path = "cloud_provider.ssh_tunnel"
        var tunnel = SSHTunnel(
            host: decoder.string(fields["host"], at: "\(path).host"),
            port: decoder.int(fields["port"], at: "\(path).port"),
            user: decoder.string(fields["user"], at: "\(path).user"),
            password: decoder.string(fields["password"], at: "\(path).password"))
        let key = decoder.string(fields["private_key"], at: "\(path).private_key")
        if key.hasPrefix("-----BEGIN RSA PRIVATE KEY-----") || key.hasPrefix("-----BEGIN OPENSSH PRIVATE KEY-----") {
            if PEMBlock.isDecodable(key) {
                tunnel.privateKey = .pem(key)
            } else {
                decoder.report(
                    .installationParsing, path: "\(path).private_key", message: "Invalid private key for ssh tunnel")
            }
        } else if key.hasPrefix("----") {
            decoder.report(
                .installationParsing, path: "\(path).private_key",
                message: "Unsupported private key format for ssh tunnel")
        } else if !key.isEmpty {
            // bosh-cli reads the file here; create-env no longer uses the tunnel, so only the
            // resolved path is kept.
            tunnel.privateKey = .file(ArtifactURL.resolve(key, manifestPath: manifestPath))
        }
        // bosh-cli treats an all-empty tunnel as no tunnel.
        let isEmpty =
            tunnel.host.isEmpty && tunnel.port == 0 && tunnel.user.isEmpty && tunnel.password.isEmpty
            && tunnel.privateKey == nil && key.isEmpty
        return isEmpty ? nil : tunnel
    }
}
