/// What can be wrong with a create-env manifest: every problem found while parsing and
/// validating it, or a value the deploy needs that the (valid) manifest cannot give.
public enum ManifestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The manifest at `file` has problems; all of them are listed, in stage order.
    case invalid(file: String, problems: [ManifestProblem])
    /// create-env deploys exactly one job (instance group).
    case jobCount(Int)
    /// The single job must have exactly one instance.
    case instanceCount(job: String, count: Int)
    /// No job of that name in the manifest.
    case unknownJob(String)
    /// The job names a network the manifest does not define.
    case unknownNetwork(job: String, network: String)
    /// The job names a resource pool the manifest does not define.
    case unknownResourcePool(job: String, pool: String)
    /// The job names a disk pool the manifest does not define.
    case unknownDiskPool(job: String, pool: String)
    /// A manual network has no subnet or its range is not a CIDR.
    case invalidSubnet(network: String)
    /// A manual or vip network of the job has no static IP, so the VM would have no address.
    case missingStaticIP(job: String, network: String)
    /// The job has no network.
    case noNetwork
    /// With several networks, none is the default for `gateway`.
    case noDefaultNetwork

    public var description: String {
        switch self {
        case .invalid(let file, let problems):
            return Self.render(file: file, problems: problems)
        case .jobCount(let count):
            return "There must only be one job, found \(count)"
        case .instanceCount(let job, let count):
            return "Job '\(job)' must have only one instance, found \(count)"
        case .unknownJob(let job):
            return "Could not find job with name: \(job)"
        case .unknownNetwork(let job, let network):
            return "Could not find network '\(network)' for job '\(job)'"
        case .unknownResourcePool(let job, let pool):
            return "Could not find resource pool '\(pool)' for job '\(job)'"
        case .unknownDiskPool(let job, let pool):
            return "Could not find persistent disk pool '\(pool)' for job '\(job)'"
        case .invalidSubnet(let network):
            return "Building network interface: Failed to parse subnet range of network '\(network)'"
        case .missingStaticIP(let job, let network):
            return "Building network interface: network '\(network)' of job '\(job)' needs a static IP"
        case .noNetwork:
            return "Must specify network"
        case .noDefaultNetwork:
            return "Must specify default network"
        }
    }

    /// The problems of an `.invalid` error; empty for the other cases.
    public var problems: [ManifestProblem] {
        if case .invalid(_, let problems) = self { return problems }
        return []
    }

    /// bosh-cli's text: each stage's messages joined by newlines behind the stage's wrapper
    /// (`Validating deployment manifest: a\nb`); yaml.v2 decoding errors are listed under
    /// `yaml: unmarshal errors:`, indented by two spaces.
    static func render(file: String, problems: [ManifestProblem]) -> String {
        var blocks: [String] = []
        for stage in ManifestProblem.Stage.allCases {
            let messages = problems.filter { $0.stage == stage }.map(\.message)
            guard !messages.isEmpty else { continue }
            let body =
                stage.isUnmarshalling
                ? "yaml: unmarshal errors:\n" + messages.map { "  " + $0 }.joined(separator: "\n")
                : messages.joined(separator: "\n")
            blocks.append(stage.wrapper(file: file) + body)
        }
        return blocks.joined(separator: "\n")
    }
}
