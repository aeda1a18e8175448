extension ManifestValidator {
    /// The deployment rules: name, networks, resource pools, disk pools, jobs and their
    /// networks and release jobs. Duplicate network, resource pool and disk pool names are
    /// also rejected (bosh-cli does not check them and then picks one of them arbitrarily).
    public static func validateDeployment(
        _ deployment: DeploymentSpec, releaseSet: ReleaseSetManifest
    ) -> [ManifestProblem] {
        var problems: [ManifestProblem] = []
        func add(_ path: String, _ detail: String) {
            problems.append(ManifestProblem(.deploymentValidation, at: path, detail))
        }
        if isBlank(deployment.name) { add("name", "must be provided") }
        problems += validateNetworks(deployment.networks)

        let networkNames = Set(deployment.networks.map(\.name))
        for (index, pool) in deployment.resourcePools.enumerated() {
            let path = "resource_pools[\(index)]"
            if isBlank(pool.name) { add("\(path).name", "must be provided") }
            if isBlank(pool.network) {
                add("\(path).network", "must be provided")
            } else if !networkNames.contains(pool.network) {
                add("\(path).network", "must be the name of a network")
            }
            if isBlank(pool.stemcell.url) { add("\(path).stemcell.url", "must be provided") }
            if !ArtifactURL.hasValidScheme(pool.stemcell.url) {
                add("\(path).stemcell.url", "must be a valid URL (file:// or http(s)://)")
            }
            if ArtifactURL.isRemote(pool.stemcell.url) && isBlank(pool.stemcell.sha1) {
                add("\(path).stemcell.sha1", "must be provided for http URL")
            }
        }
        for (index, pool) in deployment.diskPools.enumerated() {
            if isBlank(pool.name) { add("disk_pools[\(index)].name", "must be provided") }
            if pool.diskSize <= 0 { add("disk_pools[\(index)].disk_size", "must be > 0") }
        }
        problems += uniqueNames(deployment.networks.map(\.name), list: "networks")
        problems += uniqueNames(deployment.resourcePools.map(\.name), list: "resource_pools")
        problems += uniqueNames(deployment.diskPools.map(\.name), list: "disk_pools")

        if deployment.jobs.count > 1 { add("jobs", "must be of size 1") }
        let poolNames = Set(deployment.resourcePools.map(\.name))
        let diskPoolNames = Set(deployment.diskPools.map(\.name))
        for (index, job) in deployment.jobs.enumerated() {
            let path = "jobs[\(index)]"
            if isBlank(job.name) { add("\(path).name", "must be provided") }
            if job.persistentDisk < 0 { add("\(path).persistent_disk", "must be >= 0") }
            if !job.persistentDiskPool.isEmpty && !diskPoolNames.contains(job.persistentDiskPool) {
                add("\(path).persistent_disk_pool", "must be the name of a disk pool")
            }
            if job.instances < 0 { add("\(path).instances", "must be >= 0") }
            if job.networks.isEmpty { add("\(path).networks", "must be a non-empty array") }
            if isBlank(job.resourcePool) {
                add("\(path).resource_pool", "must be provided")
            } else if !poolNames.contains(job.resourcePool) {
                add("\(path).resource_pool", "must be the name of a resource pool")
            }
            problems += validateJobNetworks(job.networks, networks: deployment.networks, jobIndex: index)
            if !job.lifecycle.isEmpty && job.lifecycle != "service" {
                add("\(path).lifecycle", "must be 'service' ('\(job.lifecycle)' not supported)")
            }
            var templateNames: Set<String> = []
            for (templateIndex, template) in job.templates.enumerated() {
                let templatePath = "\(path).templates[\(templateIndex)]"
                if isBlank(template.name) { add("\(templatePath).name", "must be provided") }
                if !templateNames.insert(template.name).inserted {
                    add("\(templatePath).name", "'\(template.name)' must be unique")
                }
                if isBlank(template.release) {
                    add("\(templatePath).release", "must be provided")
                } else if releaseSet.release(named: template.release) == nil {
                    add("\(templatePath).release", "'\(template.release)' must refer to release in releases")
                }
            }
        }
        return problems
    }

    /// The check bosh-cli makes once the releases are extracted: every release job exists.
    /// - Parameter jobsInRelease: the job names of an extracted release, nil when no release
    ///   of that name was extracted.
    public static func validateReleaseJobs(
        _ deployment: DeploymentSpec, jobsInRelease: (String) -> Set<String>?
    ) -> [ManifestProblem] {
        var problems: [ManifestProblem] = []
        for (index, job) in deployment.jobs.enumerated() {
            for (templateIndex, template) in job.templates.enumerated() {
                let path = "jobs[\(index)].templates[\(templateIndex)]"
                guard let jobs = jobsInRelease(template.release) else {
                    problems.append(
                        ManifestProblem(
                            .deploymentReleaseJobs, at: "\(path).release",
                            "'\(template.release)' must refer to release in releases"))
                    continue
                }
                if !jobs.contains(template.name) {
                    problems.append(
                        ManifestProblem(
                            .deploymentReleaseJobs, at: path,
                            "must refer to a job in '\(template.release)', but there is no job named '\(template.name)'"
                        ))
                }
            }
        }
        return problems
    }

    private static func uniqueNames(_ names: [String], list: String) -> [ManifestProblem] {
        var seen: Set<String> = []
        var problems: [ManifestProblem] = []
        for (index, name) in names.enumerated() where !isBlank(name) && !seen.insert(name).inserted {
            problems.append(
                ManifestProblem(.deploymentValidation, at: "\(list)[\(index)].name", "'\(name)' must be unique"))
        }
        return problems
    }
}
