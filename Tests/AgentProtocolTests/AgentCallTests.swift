import AgentProtocol
import DeployerSupport
import Foundation
import Testing

/// Every action's arguments, both ways: what the client sends is pinned to bosh-cli's JSON, and
/// the agent side reads it back to the same call.
@Suite struct AgentCallTests {
    /// One call and its `arguments` array on the wire.
    struct WireCase: Sendable, CustomTestStringConvertible {
        let call: AgentCall
        let wire: String
        var testDescription: String { "\(call.action) \(wire)" }
    }

    static let cases: [WireCase] = [
        WireCase(call: .ping, wire: "[]"),
        WireCase(call: .info, wire: "[]"),
        WireCase(call: .getState(full: false), wire: "[]"),
        WireCase(call: .getState(full: true), wire: #"["full"]"#),
        WireCase(call: .getTask("t-1"), wire: #"["t-1"]"#),
        WireCase(call: .cancelTask("t-1"), wire: #"["t-1"]"#),
        WireCase(
            call: .apply(ApplyArguments(spec: ["deployment": "bosh", "index": 0])),
            wire: #"[{"deployment":"bosh","index":0}]"#),
        WireCase(call: .start, wire: "[]"),
        WireCase(call: .stop, wire: "[]"),
        WireCase(call: .drain(DrainArguments(type: .shutdown)), wire: #"["shutdown",{}]"#),
        WireCase(
            call: .drain(DrainArguments(type: .update, newSpec: ["name": "bosh"])), wire: #"["update",{"name":"bosh"}]"#
        ),
        WireCase(call: .runScript(RunScriptArguments(name: "pre-start")), wire: #"["pre-start",{}]"#),
        WireCase(
            call: .runScript(RunScriptArguments(name: "post-deploy", options: RunScriptOptions(env: ["A": "1"]))),
            wire: #"["post-deploy",{"env":{"A":"1"}}]"#),
        WireCase(
            call: .compilePackage(
                CompilePackageArguments(
                    blobID: "src-1", digest: "sha256:aa", name: "postgres", version: "fp1",
                    dependencies: [
                        "libpq": PackageReference(name: "libpq", version: "fp2", sha1: "abc", blobstoreID: "b2")
                    ])),
            wire:
                #"["src-1","sha256:aa","postgres","fp1",{"libpq":{"blobstore_id":"b2","name":"libpq","sha1":"abc","version":"fp2"}}]"#
        ),
        WireCase(
            call: .fetchLogs(FetchLogsArguments(types: "job", filters: ["**/*.log"])), wire: #"["job",["**/*.log"]]"#),
        WireCase(call: .listDisk, wire: "[]"),
        WireCase(
            call: .addPersistentDisk(AddPersistentDiskArguments(diskCID: "vol-1", hint: ["path": "/dev/sdc"])),
            wire: #"["vol-1",{"path":"/dev/sdc"}]"#),
        WireCase(call: .removePersistentDisk(diskCID: "vol-1"), wire: #"["vol-1"]"#),
        WireCase(call: .mountDisk(diskCID: "vol-1"), wire: #"["vol-1"]"#),
        WireCase(call: .unmountDisk(diskCID: "vol-1"), wire: #"["vol-1"]"#),
        WireCase(call: .migrateDisk, wire: "[]"),
        WireCase(
            call: .updateSettings(UpdateSettingsArguments(settings: ["trusted_certs": ""])),
            wire: #"[{"trusted_certs":""}]"#),
        WireCase(
            call: .deleteARPEntries(DeleteARPEntriesArguments(ips: ["10.0.0.7"])), wire: #"[{"ips":["10.0.0.7"]}]"#),
        WireCase(
            call: .syncDNS(SyncDNSArguments(blobID: "dns-1", digest: "abc", version: .max)),
            wire: #"["dns-1","abc",18446744073709551615]"#),
    ]

    @Test(arguments: cases) func encodesBoshCLIsArgumentsAndDecodesThemBack(_ wireCase: WireCase) throws {
        let arguments = try wireCase.call.encodedArguments()
        #expect(AgentJSON.array(arguments).jsonText == wireCase.wire)
        // Through the request body, as the agent receives it.
        let body = try JSONEncoder().encode(RPCRequest(wireCase.call, replyTo: "director"))
        let received = try JSONDecoder().decode(RPCRequest.self, from: body)
        let action = try #require(AgentAction(rawValue: received.method))
        #expect(try AgentCall(action: action, arguments: received.arguments) == wireCase.call)
    }

    @Test func everyActionHasAWireCase() {
        #expect(Set(Self.cases.map(\.call.action)) == Set(AgentAction.allCases))
    }

    @Test func typedSpecAndSettingsComeBackEqual() throws {
        let spec = ApplySpec(
            deployment: "bosh", name: "bosh", networks: ["default": NetworkSpec(type: "manual", ip: "10.0.0.6")],
            job: JobSpec(name: "bosh", templates: [PackageReference(name: "nats", version: "jfp")]))
        let apply = try AgentCall(action: .apply, arguments: AgentCall.apply(ApplyArguments(spec)).encodedArguments())
        guard case .apply(let received) = apply else {
            Issue.record("expected apply, got \(apply)")
            return
        }
        #expect(try received.decodedSpec() == spec)

        let update = SettingsUpdate(
            trustedCerts: "PEM", diskAssociations: [DiskAssociation(name: "data", cid: "vol-1")])
        let settings = try AgentCall(
            action: .updateSettings,
            arguments: AgentCall.updateSettings(UpdateSettingsArguments(update)).encodedArguments())
        guard case .updateSettings(let receivedSettings) = settings else {
            Issue.record("expected update_settings, got \(settings)")
            return
        }
        #expect(try receivedSettings.settings.decode(SettingsUpdate.self) == update)
    }

    /// Optional arguments the agent tolerates being absent or odd.
    @Test func readsOptionalArgumentsLeniently() throws {
        #expect(try AgentCall(action: .getState, arguments: ["other"]) == .getState(full: false))
        #expect(try AgentCall(action: .runScript, arguments: ["x", 5]) == .runScript(RunScriptArguments(name: "x")))
        #expect(try AgentCall(action: .fetchLogs, arguments: ["job"]) == .fetchLogs(FetchLogsArguments(types: "job")))
        #expect(
            try AgentCall(action: .fetchLogs, arguments: ["job", ["a", 1]])
                == .fetchLogs(FetchLogsArguments(types: "job", filters: ["a"])))
        let drain = try AgentCall(action: .drain, arguments: ["update"])
        #expect(drain == .drain(DrainArguments(type: .update, newSpec: .null)))
        guard case .drain(let arguments) = drain else { return }
        #expect(!arguments.hasNewSpec)
        #expect(try AgentCall(action: .ping, arguments: ["ignored"]) == .ping)
    }

    /// bosh-agent's texts, which the local agent answers after `Action Failed <action>: `.
    @Test(
        arguments: [
            (
                AgentAction.mountDisk, [AgentJSON](),
                "Extracting method arguments from payload: Not enough arguments, expected 1, got 0"
            ),
            (
                .getTask, [1],
                "Extracting method arguments from payload: Unmarshalling action argument: argument 0 is not a string"
            ),
            (.apply, [], "Extracting method arguments from payload: Not enough arguments, expected 1, got 0"),
            (
                .apply, ["spec"],
                "Extracting method arguments from payload: Unmarshalling action argument: the apply spec is not an object"
            ),
            (
                .addPersistentDisk, ["vol-1"],
                "Extracting method arguments from payload: Not enough arguments, expected 2, got 1"
            ),
            (
                .compilePackage, ["a", "b"],
                "Extracting method arguments from payload: Not enough arguments, expected 5, got 2"
            ),
            (
                .compilePackage, ["a", "b", "c", "d", 1],
                "Extracting method arguments from payload: Unmarshalling action argument: type mismatch at []"
            ),
            (.drain, ["bogus"], "Invalid drain type 'bogus'"),
            (
                .syncDNS, ["a", "b", "c"],
                "Extracting method arguments from payload: Unmarshalling action argument: argument 2 is not a number"
            ),
            (
                .deleteARPEntries, [1],
                "Extracting method arguments from payload: Unmarshalling action argument: argument 0 is not a DeleteARPEntriesArguments"
            ),
        ] as [(AgentAction, [AgentJSON], String)])
    func rejectsArgumentsWithTheAgentsText(_ action: AgentAction, _ arguments: [AgentJSON], _ message: String) {
        #expect(throws: AgentArgumentError(message)) { try AgentCall(action: action, arguments: arguments) }
    }
}
