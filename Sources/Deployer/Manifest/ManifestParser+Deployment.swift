import GoYAML
import Interpolation

extension ManifestParser {
    /// The deployment keys; `jobs`/`instance_groups` and `templates`/`jobs` are both accepted.
    static func decodeDeployment(
        _ root: YAMLMap, manifestPath: String, homeDirectory: String?
    )
        -> (DeploymentSpec, [ManifestProblem])
    {
        var decoder = NodeDecoder(unmarshalStage: .deploymentUnmarshalling, parseStage: .deploymentParsing)
        var spec = DeploymentSpec(name: decoder.string(root["name"], at: "name"))
        spec.tags = decoder.stringMap(root["tags"], at: "tags")
        spec.networks = decoder.list(root["networks"], at: "networks").enumerated().map { index, item in
            decodeNetwork(item, at: "networks[\(index)]", decoder: &decoder)
        }
        spec.resourcePools = decoder.list(root["resource_pools"], at: "resource_pools").enumerated().map {
            index, item in
            let path = "resource_pools[\(index)]"
            let fields = decoder.structure(item, at: path)
            let stemcell = decoder.structure(fields["stemcell"], at: "\(path).stemcell")
            let url = decoder.string(stemcell["url"], at: "\(path).stemcell.url")
            return ManifestResourcePool(
                name: decoder.string(fields["name"], at: "\(path).name"),
                network: decoder.string(fields["network"], at: "\(path).network"),
                cloudProperties: decoder.properties(fields["cloud_properties"], at: "\(path).cloud_properties"),
                env: decoder.properties(fields["env"], at: "\(path).env"),
                stemcell: StemcellRef(
                    url: ArtifactURL.resolve(url, manifestPath: manifestPath, homeDirectory: homeDirectory),
                    sha1: decoder.string(stemcell["sha1"], at: "\(path).stemcell.sha1")))
        }
        spec.diskPools = decoder.list(root["disk_pools"], at: "disk_pools").enumerated().map { index, item in
            let path = "disk_pools[\(index)]"
            let fields = decoder.structure(item, at: path)
            return ManifestDiskPool(
                name: decoder.string(fields["name"], at: "\(path).name"),
                diskSize: decoder.int(fields["disk_size"], at: "\(path).disk_size"),
                cloudProperties: decoder.properties(fields["cloud_properties"], at: "\(path).cloud_properties"))
        }

        let v1Jobs = decoder.list(root["jobs"], at: "jobs")
        let instanceGroups = decoder.list(root["instance_groups"], at: "instance_groups")
        if !v1Jobs.isEmpty && !instanceGroups.isEmpty {
            decoder.report(
                .deploymentParsing, path: "instance_groups",
                message: "Deployment specifies both jobs and instance_groups keys, only one is allowed")
        }
        spec.usesInstanceGroups = !instanceGroups.isEmpty
        let rawJobs = instanceGroups.isEmpty ? v1Jobs : instanceGroups
        let listName = instanceGroups.isEmpty ? "jobs" : "instance_groups"
        spec.jobs = rawJobs.enumerated().map { index, item in
            decodeJob(item, index: index, listName: listName, decoder: &decoder)
        }

        spec.properties = decoder.properties(root["properties"], at: "properties")
        let update = decoder.structure(root["update"], at: "update")
        if let watchTime = decoder.optionalString(update["update_watch_time"], at: "update.update_watch_time") {
            switch WatchTime.parse(watchTime) {
            case .success(let range): spec.update.updateWatchTime = range
            case .failure(let error):
                decoder.report(
                    .deploymentParsing, path: "update.update_watch_time",
                    message: "Parsing update watch time: \(error.message)")
            }
        }
        return (spec, decoder.problems)
    }

    private static func decodeNetwork(_ node: YAMLNode, at path: String, decoder: inout NodeDecoder) -> ManifestNetwork
    {
        let fields = decoder.structure(node, at: path)
        let subnets = decoder.list(fields["subnets"], at: "\(path).subnets").enumerated().map { index, item in
            let subnetPath = "\(path).subnets[\(index)]"
            let subnet = decoder.structure(item, at: subnetPath)
            return ManifestSubnet(
                range: decoder.string(subnet["range"], at: "\(subnetPath).range"),
                gateway: decoder.string(subnet["gateway"], at: "\(subnetPath).gateway"),
                dns: decoder.stringList(subnet["dns"], at: "\(subnetPath).dns"),
                cloudProperties: decoder.properties(subnet["cloud_properties"], at: "\(subnetPath).cloud_properties"))
        }
        return ManifestNetwork(
            name: decoder.string(fields["name"], at: "\(path).name"),
            type: ManifestNetwork.Kind(rawValue: decoder.string(fields["type"], at: "\(path).type")),
            cloudProperties: decoder.properties(fields["cloud_properties"], at: "\(path).cloud_properties"),
            dns: decoder.stringList(fields["dns"], at: "\(path).dns"),
            subnets: subnets)
    }

    /// One job; `listName` is the key the manifest used, for type errors (validation messages
    /// always say `jobs`, as bosh-cli's do).
    private static func decodeJob(
        _ node: YAMLNode, index: Int, listName: String, decoder: inout NodeDecoder
    ) -> ManifestJob {
        let path = "\(listName)[\(index)]"
        let fields = decoder.structure(node, at: path)
        var job = ManifestJob(
            name: decoder.string(fields["name"], at: "\(path).name"),
            instances: decoder.int(fields["instances"], at: "\(path).instances"),
            lifecycle: decoder.string(fields["lifecycle"], at: "\(path).lifecycle"),
            persistentDisk: decoder.int(fields["persistent_disk"], at: "\(path).persistent_disk"),
            persistentDiskPool: decoder.string(fields["persistent_disk_pool"], at: "\(path).persistent_disk_pool"),
            resourcePool: decoder.string(fields["resource_pool"], at: "\(path).resource_pool"))

        let templates = decoder.list(fields["templates"], at: "\(path).templates")
        let releaseJobs = decoder.list(fields["jobs"], at: "\(path).jobs")
        if !templates.isEmpty && !releaseJobs.isEmpty {
            decoder.report(
                .deploymentParsing, path: path,
                message:
                    "Deployment specifies both templates and jobs keys for instance_group \(job.name), only one is allowed"
            )
        }
        let refsKey = releaseJobs.isEmpty ? "templates" : "jobs"
        job.templates = (releaseJobs.isEmpty ? templates : releaseJobs).enumerated().map { refIndex, item in
            let refPath = "\(path).\(refsKey)[\(refIndex)]"
            let ref = decoder.structure(item, at: refPath)
            return ReleaseJobRef(
                name: decoder.string(ref["name"], at: "\(refPath).name"),
                release: decoder.string(ref["release"], at: "\(refPath).release"),
                properties: decoder.optionalProperties(ref["properties"], at: "\(refPath).properties"))
        }

        job.networks = decoder.list(fields["networks"], at: "\(path).networks").enumerated().map { netIndex, item in
            let netPath = "\(path).networks[\(netIndex)]"
            let network = decoder.structure(item, at: netPath)
            return ManifestJobNetwork(
                name: decoder.string(network["name"], at: "\(netPath).name"),
                staticIPs: decoder.stringList(network["static_ips"], at: "\(netPath).static_ips"),
                defaults: decoder.optionalStringList(network["default"], at: "\(netPath).default"))
        }
        job.properties = decoder.properties(fields["properties"], at: "\(path).properties")
        return job
    }
}
