extension ManifestValidator {
    /// `networks[]`: name, type, and for manual networks the single subnet's range and gateway.
    static func validateNetworks(_ networks: [ManifestNetwork]) -> [ManifestProblem] {
        var problems: [ManifestProblem] = []
        for (index, network) in networks.enumerated() {
            let path = "networks[\(index)]"
            if isBlank(network.name) {
                problems.append(ManifestProblem(.deploymentValidation, at: "\(path).name", "must be provided"))
            }
            if !network.type.isKnown {
                problems.append(
                    ManifestProblem(.deploymentValidation, at: "\(path).type", "must be 'manual', 'dynamic', or 'vip'"))
            }
            guard network.type == .manual else { continue }
            guard network.subnets.count == 1, let subnet = network.subnets.first else {
                problems.append(ManifestProblem(.deploymentValidation, at: "\(path).subnets", "must be of size 1"))
                continue
            }
            problems += validateSubnet(subnet, path: "\(path).subnets[0]")
        }
        return problems
    }

    private static func validateSubnet(_ subnet: ManifestSubnet, path: String) -> [ManifestProblem] {
        var problems: [ManifestProblem] = []
        func add(_ path: String, _ message: String) {
            problems.append(ManifestProblem(.deploymentValidation, path: path, message: message))
        }
        var range: IPNetwork?
        if isBlank(subnet.range) {
            add("\(path).range", "\(path).range must be provided")
        } else if let parsed = IPNetwork(cidr: subnet.range) {
            range = parsed
        } else {
            add("\(path).range", "\(path).range must be an ip range")
        }
        if isBlank(subnet.gateway) {
            add("\(path).gateway", "\(path).gateway must be provided")
            return problems
        }
        // Like bosh-cli, the gateway is only checked against a valid range.
        guard let range else { return problems }
        let gateway = IPAddress(subnet.gateway)
        if gateway == nil { add("\(path).gateway", "\(path).gateway must be an ip") }
        if gateway.map(range.contains) != true {
            add("\(path).gateway", "subnet gateway '\(subnet.gateway)' must be within the specified range '\(range)'")
        }
        if let gateway, gateway == range.address {
            add("\(path).gateway", "subnet gateway can't be the network address '\(gateway)'")
        }
        if let gateway, gateway == range.lastAddress {
            add("\(path).gateway", "subnet gateway can't be the broadcast address '\(gateway)'")
        }
        return problems
    }

    /// `jobs[i].networks[]`: names, static IPs, defaults, and the dns/gateway default rules.
    static func validateJobNetworks(
        _ jobNetworks: [ManifestJobNetwork], networks: [ManifestNetwork], jobIndex: Int
    ) -> [ManifestProblem] {
        var problems: [ManifestProblem] = []
        func add(_ path: String, _ detail: String) {
            problems.append(ManifestProblem(.deploymentValidation, at: path, detail))
        }
        var defaultCounts: [String: Int] = [:]
        for (index, jobNetwork) in jobNetworks.enumerated() {
            let path = "jobs[\(jobIndex)].networks[\(index)]"
            if isBlank(jobNetwork.name) { add("\(path).name", "must be provided") }
            // bosh-cli keeps the last network of that name.
            let network = networks.last { $0.name == jobNetwork.name }
            if network == nil { add(path, "not found in networks") }
            for (ipIndex, ip) in jobNetwork.staticIPs.enumerated() {
                guard let address = IPAddress(ip) else {
                    add("\(path).static_ips[\(ipIndex)]", "must be a valid IP")
                    continue
                }
                guard let network, network.type == .manual else { continue }
                let inside = network.subnets.contains { IPNetwork(cidr: $0.range)?.contains(address) == true }
                if !inside { add(path, "static ip '\(ip)' must be within subnet range") }
            }
            for (defaultIndex, value) in (jobNetwork.defaults ?? []).enumerated() {
                if value != "dns" && value != "gateway" {
                    add("\(path).default[\(defaultIndex)]", "must be 'dns' or 'gateway'")
                }
                defaultCounts[value, default: 0] += 1
            }
        }
        for kind in ["dns", "gateway"] {
            let count = defaultCounts[kind] ?? 0
            if jobNetworks.count > 1 && count == 0 {
                problems.append(
                    ManifestProblem(
                        .deploymentValidation, path: "jobs[\(jobIndex)].networks",
                        message: "with multiple networks, a default for '\(kind)' must be specified"))
            } else if count > 1 {
                problems.append(
                    ManifestProblem(
                        .deploymentValidation, path: "jobs[\(jobIndex)].networks",
                        message: "only one network can be the default for '\(kind)'"))
            }
        }
        return problems
    }
}
