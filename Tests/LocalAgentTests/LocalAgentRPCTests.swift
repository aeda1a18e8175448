import AgentClient
import AgentProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The mbus envelope: ping, auth, error shapes, routes, start-up refusals.
@Suite(.serialized) struct LocalAgentRPCTests {
    @Test func pingsOverTLSWithAnRSACertificateAndPKCS1Key() async throws {
        #expect(TestCertificateAuthority.sharedRSA.serverKeyPEM.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        try await withAgent { agent in
            let pong = try await agent.client().ping()
            #expect(pong == "pong")
            let log = TestFiles.read(agent.vmDir + "/bosh/log/current") ?? ""
            #expect(log.contains("listening on https://mbus:<redacted>@\(agent.host):\(agent.port)"))
            #expect(!log.contains(agent.password))
        }
    }

    @Test func wrongPasswordIsRejectedWith401() async throws {
        try await withAgent { agent in
            let error = await #expect(throws: AgentError.self) { try await agent.client(password: "wrong").ping() }
            #expect(error?.reason == .unauthorized)
            let raw = try await agent.raw(
                "POST", "/agent", body: #"{"method":"ping","arguments":[]}"#, password: "nope")
            #expect(raw.statusCode == 401)
            let blob = try await agent.raw("GET", "/blobs/ab/some-id", password: "nope")
            #expect(blob.statusCode == 401)
            let log = TestFiles.read(agent.vmDir + "/bosh/log/current") ?? ""
            #expect(log.contains("wrong or missing credentials"))
            #expect(!log.contains(agent.password))
        }
    }

    @Test func answersTheRealAgentsErrorShapes() async throws {
        try await withAgent { agent in
            let unknown = try await agent.rpc(#"{"method":"frobnicate","arguments":[],"reply_to":"x"}"#)
            #expect(unknown == .exception(message: "unknown message frobnicate"))
            let missing = try await agent.rpc(#"{"method":"mount_disk","arguments":[],"reply_to":"x"}"#)
            #expect(
                missing
                    == .exception(
                        message:
                            "Action Failed mount_disk: Extracting method arguments from payload: Not enough arguments, expected 1, got 0"
                    ))
            let noTask = try await agent.rpc(#"{"method":"get_task","arguments":["nope"],"reply_to":"x"}"#)
            #expect(noTask == .exception(message: "Action Failed get_task: Task with id nope could not be found"))
            let drainStatus = try await agent.rpc(#"{"method":"drain","arguments":["status",{}],"reply_to":"x"}"#)
            #expect(drainStatus == .exception(message: "Action Failed drain: Unexpected call with drain type 'status'"))
            let info = try await agent.rpc(#"{"method":"info","arguments":[]}"#)
            #expect(info == .value(["api_version": 1]))

            let notJSON = try await agent.raw("POST", "/agent", body: "not json")
            #expect(notJSON.statusCode == 500)
            let getAgent = try await agent.raw("GET", "/agent")
            #expect(getAgent.statusCode == 404)
            let other = try await agent.raw("GET", "/elsewhere", password: "anything")
            #expect(other.statusCode == 404)
            #expect(String(decoding: other.body, as: UTF8.self) == "404 page not found\n")
            let absent = try await agent.raw("GET", "/blobs/ab/absent-blob")
            #expect(absent.statusCode == 404)
        }
    }

    @Test func drainAnswersZeroAndDeleteARPIsANoOp() async throws {
        try await withAgent { agent in
            let client = try agent.client()
            let drained = try await client.drain(.shutdown)
            #expect(drained == 0)
            try await client.deleteARPEntries(ips: ["10.0.0.7"])
            let disks = try await client.listDisk()
            #expect(disks == [])
        }
    }

    @Test func persistsUpdateSettings() async throws {
        try await withAgent { agent in
            try await agent.client().updateSettings(
                SettingsUpdate(
                    trustedCerts: "", diskAssociations: [DiskAssociation(name: "data", cid: "disk-1")]))
            let saved = TestFiles.read(agent.vmDir + "/bosh/update_settings.json") ?? ""
            #expect(saved.contains("disk-1"))
            // The agent still answers on its original URL afterwards.
            let pong = try await agent.client().ping()
            #expect(pong == "pong")
        }
    }

    @Test func refusesAnMbusAddressOutsideLoopback() async throws {
        let harness = try AgentHarness { settings in
            settings["mbus"] = "https://mbus:secret-pw@10.0.0.6:6868"
        }
        defer { harness.cleanUp() }
        let process = try harness.launch()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        let stderr = TestFiles.read(harness.stderrPath) ?? ""
        #expect(stderr.contains("127.0.0.0/8"))
        #expect(!stderr.contains("secret-pw"))
    }

    @Test func refusesMissingArguments() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: AgentHarness.binaryPath)
        process.arguments = ["--vm-dir", FileManager.default.temporaryDirectory.path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
    }
}
