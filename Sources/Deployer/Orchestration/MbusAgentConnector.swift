import AgentClient
import DeployerSupport
import Foundation

/// `AgentConnecting` over HTTPS with libcurl, trusting only the manifest's CA
/// (`cloud_provider.cert.ca`; the system roots when it is empty).
public struct MbusAgentConnector: AgentConnecting {
    /// Poll intervals and retry counts of the agent client.
    public let timing: AgentTiming
    /// Sees every agent action and blob transfer of the clients made here.
    public let interceptor: any CallInterceptor

    /// Creates a connector.
    public init(timing: AgentTiming = AgentTiming(), interceptor: any CallInterceptor = PassThroughInterceptor()) {
        self.timing = timing
        self.interceptor = interceptor
    }

    public func agent(mbusURL: String, caPEM: String, replyTo: String) throws -> any Agent {
        let transport =
            caPEM.isEmpty
            ? CurlTransport(configuration: CurlTransport.Configuration(trust: .system))
            : CurlTransport(caPEM: caPEM)
        return try MbusAgentClient(
            url: try url(mbusURL), replyTo: replyTo, transport: transport, timing: timing, interceptor: interceptor)
    }

    public func blobstore(mbusURL: String, caPEM: String) throws -> any BlobStoring {
        try BlobstoreClient(
            url: try url(mbusURL), trust: caPEM.isEmpty ? .system : .pinnedCA(pem: caPEM), interceptor: interceptor)
    }

    private func url(_ text: String) throws -> URL {
        // The URL carries the mbus password: the error names only what is wrong.
        guard let url = URL(string: text) else { throw MbusURLError() }
        return url
    }
}

/// `cloud_provider.mbus` is not a URL (the value is not repeated: it holds a password).
public struct MbusURLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String {
        "cloud_provider.mbus is not a URL; expected https://mbus:<password>@<ip>:6868"
    }
}
