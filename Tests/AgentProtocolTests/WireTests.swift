import AgentProtocol
import DeployerSupport
import Foundation
import Testing

/// The JSON shapes of spec agent.md, exactly.
@Suite struct WireTests {
    private func object(_ value: some Encodable) throws -> [String: Any] {
        let data = try JSONEncoder().encode(value)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func requestEnvelopeHasExactlyMethodArgumentsReplyTo() throws {
        let request = RPCRequest(method: "ping", replyTo: "d1")
        #expect(Set(try object(request).keys) == ["method", "arguments", "reply_to"])
        #expect(try RPCRequest(.ping, replyTo: "d1") == request)
        let decoded = try JSONDecoder().decode(
            RPCRequest.self, from: Data(#"{"method":"get_task","arguments":["t"],"reply_to":"x","protocol":3}"#.utf8))
        #expect(decoded == RPCRequest(method: "get_task", arguments: ["t"], replyTo: "x", protocolVersion: 3))
    }

    @Test func responsesRoundTrip() throws {
        let value = try JSONDecoder().decode(
            RPCResponse.self, from: Data(#"{"value":{"agent_task_id":"t","state":"running"}}"#.utf8))
        #expect(value == .value(["agent_task_id": "t", "state": "running"]))
        guard case .value(let handle) = value else {
            Issue.record("expected a value")
            return
        }
        #expect(try handle.decode(AgentTaskHandle.self) == AgentTaskHandle(agentTaskID: "t"))
        let exception = try JSONDecoder().decode(
            RPCResponse.self, from: Data(#"{"exception":{"message":"boom"}}"#.utf8))
        #expect(exception == .exception(message: "boom"))
        #expect(Set(try object(exception).keys) == ["exception"])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RPCResponse.self, from: Data("{}".utf8)) }
        #expect(try JSONDecoder().decode(RPCResponse.self, from: Data(#"{"value":0}"#.utf8)) == .value(0))
    }

    @Test func applySpecHasBoshCLIKeysOnly() throws {
        let spec = ApplySpec(
            deployment: "bosh", name: "bosh",
            packages: ["nats": PackageReference(name: "nats", version: "fp", sha1: "a94a", blobstoreID: "b1")],
            networks: [
                "default": NetworkSpec(
                    type: "manual", ip: "10.0.0.6", netmask: "255.255.255.0", gateway: "10.0.0.1", dns: ["8.8.8.8"],
                    default: ["dns", "gateway"], cloudProperties: ["subnet": "subnet-123"])
            ],
            job: JobSpec(name: "bosh", templates: [PackageReference(name: "nats", version: "jfp")]),
            renderedTemplatesArchive: BlobReference(blobstoreID: "c7", sha1: "sha256:2c26"))
        let json = try object(spec)
        #expect(
            Set(json.keys) == [
                "deployment", "name", "index", "id", "az", "packages", "networks", "job",
                "rendered_templates_archive", "configuration_hash",
            ])
        #expect(json["id"] as? String == "0")
        #expect(json["az"] as? String == "unknown")
        #expect(json["configuration_hash"] as? String == "unused-configuration-hash")
        let job = try #require(json["job"] as? [String: Any])
        let template = try #require((job["templates"] as? [[String: Any]])?.first)
        #expect(template["sha1"] as? String == "" && template["blobstore_id"] as? String == "")
        let network = try #require((json["networks"] as? [String: Any])?["default"] as? [String: Any])
        #expect(Set(network.keys) == ["type", "ip", "netmask", "gateway", "dns", "default", "cloud_properties"])
        #expect(try JSONDecoder().decode(ApplySpec.self, from: JSONEncoder().encode(spec)) == spec)

        let dynamic = try object(NetworkSpec(type: "dynamic"))
        #expect(Set(dynamic.keys) == ["type", "cloud_properties"])
    }

    @Test func jsonNumbersStayExact() throws {
        let big: AgentJSON = .int(9_007_199_254_740_993)
        let data = try JSONEncoder().encode(big)
        #expect(String(decoding: data, as: UTF8.self) == "9007199254740993")
        #expect(try JSONDecoder().decode(AgentJSON.self, from: data) == big)
        #expect(try JSONDecoder().decode(AgentJSON.self, from: Data("0.5".utf8)) == .double(0.5))
    }

    /// The full apply spec example of spec agent.md §9 decodes and re-encodes to the same JSON.
    @Test func specExampleApplySpecRoundTrips() throws {
        let text = #"""
            {"deployment":"bosh","name":"bosh","index":0,"id":"0","az":"unknown",
             "packages":{"nats":{"name":"nats","version":"7d2c","sha1":"a94a8fe5ccb19ba61c4c0873d391e987982fbbd3","blobstore_id":"5b9f6a8e"}},
             "networks":{"default":{"type":"manual","ip":"10.0.0.6","netmask":"255.255.255.0","gateway":"10.0.0.1",
                         "dns":["8.8.8.8"],"cloud_properties":{"subnet":"subnet-123"},"default":["dns","gateway"]}},
             "job":{"name":"bosh","templates":[{"name":"nats","version":"0c1d","sha1":"","blobstore_id":""}]},
             "rendered_templates_archive":{"blobstore_id":"c7e2d6a4","sha1":"sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"},
             "configuration_hash":"unused-configuration-hash"}
            """#
        let spec = try JSONDecoder().decode(ApplySpec.self, from: Data(text.utf8))
        #expect(spec.networks["default"]?.cloudProperties == ["subnet": "subnet-123"])
        #expect(spec.packages["nats"]?.blobstoreID == "5b9f6a8e")
        let original = try JSONDecoder().decode(AgentJSON.self, from: Data(text.utf8))
        #expect(try AgentJSON(encoding: spec) == original)
    }

    /// The get_state example of spec agent.md §10.
    @Test func specExampleGetStateDecodes() throws {
        let text = #"""
            {"properties":{"logging":{"max_log_file_size":""}},
             "job":{"name":"bosh","release":"","template":"","version":"","templates":[{"name":"nats","version":"0c1d"}]},
             "packages":{"nats":{"name":"nats","version":"7d2c","sha1":"a94a8f","blobstore_id":"5b9f","signed_url":"","blobstore_headers":null}},
             "configuration_hash":"unused-configuration-hash",
             "networks":{"default":{"type":"manual","ip":"10.0.0.6","netmask":"255.255.255.0","gateway":"10.0.0.1","default":["dns","gateway"],"cloud_properties":{}}},
             "resource_pool":{},
             "deployment":"bosh","name":"bosh","index":0,"id":"0","az":"unknown","persistent_disk":0,
             "rendered_templates_archive":{"sha1":"sha256:2c26","blobstore_id":"c7e2"},
             "agent_id":"2f1e","job_state":"running",
             "processes":[{"name":"nats","state":"running","uptime":{"secs":42},"mem":{"kb":10240,"percent":0.5},"cpu":{"total":0.1}}],
             "vm":{"name":"vm-1234"}}
            """#
        let state = try JSONDecoder().decode(AgentState.self, from: Data(text.utf8))
        #expect(state.agentID == "2f1e")
        #expect(state.jobState == "running")
        #expect(state.networks["default"]?.ip == "10.0.0.6")
        #expect(state.packages?["nats"]?.sha1 == "a94a8f")
        #expect(state.renderedTemplatesArchive == BlobReference(blobstoreID: "c7e2", sha1: "sha256:2c26"))
        #expect(state.persistentDisk == 0)
        #expect(state.resourcePool == [:])
        #expect(state.processes?.first?.mem?["kb"] == 10240)
        #expect(try JSONDecoder().decode(AgentState.self, from: Data("{}".utf8)).jobState == "unknown")
    }
}
