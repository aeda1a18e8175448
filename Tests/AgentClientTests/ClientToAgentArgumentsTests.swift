import AgentProtocol
import DeployerSupport
import Foundation
import Testing

@testable import AgentClient

/// What each `Agent` method of the client puts on the wire reads back, with the agent side's
/// `AgentCall` decoding, as the call the method stands for.
@Suite struct ClientToAgentArgumentsTests {
    @Test func everyMethodSendsWhatTheAgentDecodes() async throws {
        // Answers in call order; async actions answer their final value at once, as an agent
        // that runs them synchronously does, so no get_task polls come in between.
        let script = MbusAgentClientTests.Script([
            .json(#"{"value":"pong"}"#), .json(#"{"value":{"job_state":"running"}}"#),
            .json(#"{"value":"applied"}"#), .json(#"{"value":"started"}"#), .json(#"{"value":"stopped"}"#),
            .json(#"{"value":0}"#), .json(#"{"value":{}}"#),
            .json(#"{"value":{"result":{"blobstore_id":"c-1","sha1":"abc"}}}"#),
            .json(#"{"value":{"blobstore_id":"l-1","sha1":"def"}}"#), .json(#"{"value":[]}"#),
            .json(#"{"value":{}}"#), .json(#"{"value":{}}"#), .json(#"{"value":{}}"#), .json(#"{"value":{}}"#),
            .json(#"{"value":{}}"#), .json(#"{"value":"ok"}"#), .json(#"{"value":{}}"#), .json(#"{"value":"synced"}"#),
        ])
        let client = try script.client()
        let spec = ApplySpec(deployment: "bosh", name: "bosh", networks: [:], job: JobSpec(name: "bosh"))
        let compile = CompilePackageArguments(blobID: "src-1", digest: "sha256:aa", name: "postgres", version: "fp1")
        let settings = SettingsUpdate(trustedCerts: "PEM")
        _ = try await client.ping()
        _ = try await client.getState()
        try await client.apply(spec)
        try await client.start()
        try await client.stop()
        _ = try await client.drain(.shutdown)
        try await client.runScript("pre-start", options: RunScriptOptions(env: ["A": "1"]))
        _ = try await client.compilePackage(compile)
        _ = try await client.fetchLogs(types: "job", filters: ["*.log"])
        _ = try await client.listDisk()
        try await client.addPersistentDisk("vol-1", hint: ["path": "/dev/sdc"])
        try await client.mountDisk("vol-1")
        try await client.unmountDisk("vol-1")
        try await client.removePersistentDisk("vol-1")
        try await client.migrateDisk()
        try await client.updateSettings(settings)
        try await client.deleteARPEntries(ips: ["10.0.0.7"])
        _ = try await client.syncDNS(blobID: "dns-1", digest: "abc", version: 7)

        let expected: [AgentCall] = [
            .ping, .getState(full: false), .apply(try ApplyArguments(spec)), .start, .stop,
            .drain(DrainArguments(type: .shutdown)),
            .runScript(RunScriptArguments(name: "pre-start", options: RunScriptOptions(env: ["A": "1"]))),
            .compilePackage(compile), .fetchLogs(FetchLogsArguments(types: "job", filters: ["*.log"])), .listDisk,
            .addPersistentDisk(AddPersistentDiskArguments(diskCID: "vol-1", hint: ["path": "/dev/sdc"])),
            .mountDisk(diskCID: "vol-1"), .unmountDisk(diskCID: "vol-1"), .removePersistentDisk(diskCID: "vol-1"),
            .migrateDisk, .updateSettings(try UpdateSettingsArguments(settings)),
            .deleteARPEntries(DeleteARPEntriesArguments(ips: ["10.0.0.7"])),
            .syncDNS(SyncDNSArguments(blobID: "dns-1", digest: "abc", version: 7)),
        ]
        let received = try script.seen.map { request in
            try AgentCall(action: try #require(AgentAction(rawValue: request.method)), arguments: request.arguments)
        }
        #expect(received == expected)
    }
}
