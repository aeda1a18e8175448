import Interpolation

extension DeploymentSpec {
    /// The VM's interfaces for `job`, in the order of the job's networks, as bosh-cli builds
    /// them for CPI `create_vm` and the apply spec.
    /// - Throws: `ManifestError.unknownNetwork`, `.invalidSubnet` (a manual network without a
    ///   parsable single subnet), or `.missingStaticIP` for a manual network without static
    ///   IPs (bosh-cli would crash later while rendering templates).
    public func networkInterfaces(for job: ManifestJob) throws(ManifestError) -> [NetworkInterface] {
        var interfaces: [NetworkInterface] = []
        for jobNetwork in job.networks {
            guard let network = networks.last(where: { $0.name == jobNetwork.name }) else {
                throw .unknownNetwork(job: job.name, network: jobNetwork.name)
            }
            var interface = NetworkInterface(
                name: network.name, type: network.type, cloudProperties: network.cloudProperties)
            if network.type == .manual {
                guard let subnet = network.subnets.first, let range = IPNetwork(cidr: subnet.range) else {
                    throw .invalidSubnet(network: network.name)
                }
                guard !jobNetwork.staticIPs.isEmpty else {
                    throw .missingStaticIP(job: job.name, network: network.name)
                }
                interface.gateway = subnet.gateway
                interface.dns = subnet.dns.isEmpty ? nil : subnet.dns
                interface.netmask = range.netmaskString
                interface.cloudProperties = subnet.cloudProperties
            }
            if network.type == .dynamic && !network.dns.isEmpty {
                interface.dns = network.dns
            }
            interface.ip = jobNetwork.staticIPs.first
            if let defaults = jobNetwork.defaults, !defaults.isEmpty {
                interface.defaults = defaults
            }
            interfaces.append(interface)
        }
        if interfaces.count == 1 {
            interfaces[0].defaults = ["dns", "gateway"]
        }
        return interfaces
    }

    /// The interface whose address templates see as `spec.address`: the only one, or the one
    /// that is the default gateway. Its `ip` is nil for a dynamic network (the address then
    /// comes from the agent's `get_state`).
    /// - Throws: `ManifestError.noNetwork` or `.noDefaultNetwork`, bosh-cli's messages.
    public static func defaultAddressInterface(
        _ interfaces: [NetworkInterface]
    ) throws(ManifestError) -> NetworkInterface {
        guard let first = interfaces.first else { throw .noNetwork }
        if interfaces.count == 1 { return first }
        guard let gateway = interfaces.first(where: \.isDefaultGateway) else { throw .noDefaultNetwork }
        return gateway
    }
}
