import DeployerSupport

extension RenderContext {
    /// The context as bosh-cli marshals it for one file of `job`: its Go struct's fields in
    /// declaration order (templates can see the order), `address` left out when empty, a nil
    /// `job_properties` as `null`, and every properties object with sorted keys, as Go writes
    /// maps (so the hashes reach Ruby in that order).
    func jsonText(for job: JobManifest, id: String) -> String {
        let noNetwork = #"{"default":{"ip":"","netmask":"","gateway":""}}"#
        var members: [(key: String, value: String)] = [
            ("index", String(index)),
            ("id", GoJSON.quote(id)),
            ("az", GoJSON.quote(az)),
            ("bootstrap", bootstrap ? "true" : "false"),
            ("job", "{\"name\":\(GoJSON.quote(job.name))}"),
            ("deployment", GoJSON.quote(deployment)),
        ]
        if let address, !address.isEmpty { members.append(("address", GoJSON.quote(address))) }
        members += [
            ("networks", noNetwork),
            ("global_properties", globalProperties.jsonText),
            ("cluster_properties", clusterProperties.jsonText),
            ("job_properties", jobProperties?.jsonText ?? "null"),
            (
                "default_properties",
                PropertyValue.object(job.properties.mapValues { $0.defaultValue ?? .null }).jsonText
            ),
        ]
        return "{" + members.map { GoJSON.quote($0.key) + ":" + $0.value }.joined(separator: ",") + "}"
    }
}
