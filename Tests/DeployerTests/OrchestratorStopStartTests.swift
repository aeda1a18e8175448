import AgentClient
import CPIProtocol
import Deployer
import DeployerSupport
import Foundation
import Testing

extension OrchestratorHarness {
    func stop(skipDrain: Bool = false, stateFileExists: Bool = true) async throws -> StopStartOutcome {
        var request = request()
        request.skipDrain = skipDrain
        return try await orchestrator().stop(
            request, store: store(), stateFileExists: stateFileExists, stage: EventStage(sink: events))
    }

    func start(stateFileExists: Bool = true) async throws -> StopStartOutcome {
        try await orchestrator().start(
            request(), store: store(), stateFileExists: stateFileExists, stage: EventStage(sink: events))
    }

    /// The calls made since `count` calls had been logged.
    func calls(after count: Int) -> [String] {
        Array(log.all.dropFirst(count))
    }

    /// Replaces the state file with `state`.
    func writeState(_ state: DeploymentState) throws {
        try JSONEncoder().encode(state).write(to: URL(fileURLWithPath: statePath))
    }
}

@Suite struct OrchestratorStopStartTests {
    @Test func stopRunsTheAgentsShutdownStepsInOrderAndKeepsDisksMounted() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        _ = try await harness.deploy()
        let before = try Data(contentsOf: URL(fileURLWithPath: harness.statePath))
        let vm = try #require(try harness.stateOnDisk().currentVMCID)
        let mark = harness.log.all.count

        #expect(try await harness.stop() == .completed)

        // No CPI is installed or called, and the disks are neither listed nor unmounted.
        #expect(
            harness.calls(after: mark) == [
                "agent ping", "agent run_script pre-stop", "agent drain", "agent stop", "agent run_script post-stop",
            ])
        #expect(try Data(contentsOf: URL(fileURLWithPath: harness.statePath)) == before)
        let outcomes = harness.events.outcomes
        for step in [
            "Validating deployment manifest", "validating", "Waiting for the agent on VM '\(vm)'",
            "Running the pre-stop scripts 'unknown/0'", "Draining jobs on instance 'unknown/0'",
            "Stopping jobs on instance 'unknown/0'", "Running the post-stop scripts 'unknown/0'", "stopping deployment",
        ] {
            #expect(outcomes.contains("\(step): finished"), "\(step) missing")
        }
        #expect(
            harness.events.infos.starts(with: [
                "Deployment manifest: '\(harness.directory)/manifest.yml'", "Deployment state: '\(harness.statePath)'",
            ]))
    }

    @Test func stopWithSkipDrainDoesNotDrain() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        _ = try await harness.deploy()
        let mark = harness.log.all.count

        #expect(try await harness.stop(skipDrain: true) == .completed)

        #expect(
            harness.calls(after: mark) == [
                "agent ping", "agent run_script pre-stop", "agent stop", "agent run_script post-stop",
            ])
    }

    @Test func aDeployAfterStopWithTheSameManifestIsStillSkipped() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        _ = try await harness.deploy()
        _ = try await harness.stop()
        let mark = harness.log.all.count

        #expect(try await harness.deploy() == .skipped)

        // Only the questions every deploy asks the cloud; the agent's jobs stay stopped.
        #expect(harness.calls(after: mark) == ["install cpi cpi_job", "cpi info", "cpi has_vm", "cpi has_disk"])
    }

    @Test func startRunsPreStartStartWaitsUntilRunningThenPostStart() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        _ = try await harness.deploy()
        _ = try await harness.stop()
        let vm = try #require(try harness.stateOnDisk().currentVMCID)
        let mark = harness.log.all.count

        #expect(try await harness.start() == .completed)

        #expect(
            harness.calls(after: mark) == [
                "agent ping", "agent run_script pre-start", "agent start", "agent get_state",
                "agent run_script post-start",
            ])
        let outcomes = harness.events.outcomes
        for step in [
            "Waiting for the agent on VM '\(vm)'", "Running the pre-start scripts 'unknown/0'",
            "Starting the agent 'unknown/0'", "Waiting for instance 'unknown/0' to be running",
            "Running the post-start scripts 'unknown/0'", "starting deployment",
        ] {
            #expect(outcomes.contains("\(step): finished"), "\(step) missing")
        }
    }

    @Test(arguments: ["stop", "start"])
    func withoutAStateFileNothingIsDone(command: String) async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }

        let outcome =
            command == "stop"
            ? try await harness.stop(stateFileExists: false) : try await harness.start(stateFileExists: false)

        #expect(outcome == .noState)
        #expect(harness.log.all.isEmpty)
        #expect(harness.events.infos.last == "No deployment state file found.")
        #expect(!harness.events.outcomes.contains("validating: finished"))
    }

    @Test(arguments: ["stop", "start"])
    func aStateWithoutVMDiskOrStemcellIsAnError(command: String) async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        var empty = try await harness.store().load()
        empty.directorID = "director-1"
        try harness.writeState(empty)

        let error = await #expect(throws: ContextError.self) {
            _ = command == "stop" ? try await harness.stop() : try await harness.start()
        }

        let found = try #require(error?.find(NoCurrentDeploymentError.self))
        #expect(found.description.hasPrefix("No current deployment found..."))
        #expect(error?.context == (command == "stop" ? "Stopping environment" : "Starting environment"))
        #expect(harness.log.all.isEmpty)
    }

    @Test func aDiskWithoutVMHasNothingToStopOrStart() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        _ = try await harness.deploy()
        var state = try harness.stateOnDisk()
        state.currentVMCID = nil
        try harness.writeState(state)
        let mark = harness.log.all.count

        #expect(try await harness.stop() == .noVM)
        #expect(try await harness.start() == .noVM)

        #expect(harness.calls(after: mark).isEmpty)
        #expect(harness.events.outcomes.contains("stopping deployment: finished"))
        #expect(harness.events.outcomes.contains("starting deployment: finished"))
    }

    @Test(arguments: ["stop", "start"])
    func aSilentAgentEndsQuietlyWithSuccess(command: String) async throws {
        var harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        _ = try await harness.deploy()
        let vm = try #require(try harness.stateOnDisk().currentVMCID)
        harness.agentUnreachable = true
        let mark = harness.log.all.count

        let outcome = command == "stop" ? try await harness.stop() : try await harness.start()

        #expect(outcome == .agentUnreachable)
        #expect(harness.calls(after: mark) == ["agent ping"])
        #expect(harness.events.outcomes.contains("Waiting for the agent on VM '\(vm)': failed"))
        let stageName = command == "stop" ? "stopping deployment" : "starting deployment"
        #expect(harness.events.outcomes.contains("\(stageName): finished"))
        #expect(harness.events.all.contains { if case .warning = $0 { true } else { false } })
    }

    @Test func aBadManifestFailsValidationBeforeTheAgentIsContacted() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        _ = try await harness.deploy()
        try harness.editManifest {
            $0.replacingOccurrences(of: "update_watch_time: 0-1000", with: "update_watch_time: soon")
        }
        let mark = harness.log.all.count

        let error = await #expect(throws: ContextError.self) { _ = try await harness.start() }

        #expect(error?.context == "Validating")
        #expect(error?.find(ManifestError.self) != nil)
        #expect(harness.calls(after: mark).isEmpty)
    }

    @Test func theStateIsLockedWhileStopping() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        _ = try await harness.deploy()
        let other = FileStateStore(path: harness.statePath)
        try await other.lock()
        let mark = harness.log.all.count

        await #expect(throws: StateError.self) { _ = try await harness.stop() }

        #expect(harness.calls(after: mark).isEmpty)
        await other.unlock()
        #expect(try await harness.stop() == .completed)
    }
}

/// `deployer logs` against fakes: the agent's tarball lands in the directory under bosh-cli's name.
@Suite(.serialized)
struct OrchestratorLogsTests {
    @Test func logsAreFetchedThroughTheAgentAndDownloaded() async throws {
        let harness = try OrchestratorHarness()
        _ = try await harness.deploy()
        let now = Date(timeIntervalSince1970: 1_796_612_462.25)
        let outcome = try await harness.orchestrator().logs(
            harness.request(), store: harness.store(), stateFileExists: true, directory: harness.directory,
            agentLogs: true, now: now, stage: EventStage(sink: harness.events))
        let name = Orchestrator.logsFileName(now: now)
        #expect(outcome == .fetched(path: harness.directory + "/" + name))
        #expect(harness.log.all.contains("agent fetch_logs agent"))
        #expect(FileManager.default.fileExists(atPath: harness.directory + "/" + name))
        #expect(!harness.log.all.contains { $0.hasPrefix("cpi ") && !$0.contains("set_") && $0.contains("logs") })
    }

    @Test func withoutAStateFileNothingIsFetched() async throws {
        let harness = try OrchestratorHarness()
        let outcome = try await harness.orchestrator().logs(
            harness.request(), store: harness.store(), stateFileExists: false, directory: harness.directory,
            agentLogs: false, stage: EventStage(sink: harness.events))
        #expect(outcome == .noState)
        #expect(harness.log.all.isEmpty)
    }

    @Test func theFileNameIsBoshCLIs() throws {
        let utc = try #require(TimeZone(identifier: "UTC"))
        #expect(
            Orchestrator.logsFileName(now: Date(timeIntervalSince1970: 1_796_612_462.25), timeZone: utc)
                == "create-env-vm-logs-20261207-030102-25.tgz")
        #expect(
            Orchestrator.logsFileName(now: Date(timeIntervalSince1970: 1_796_612_462), timeZone: utc)
                == "create-env-vm-logs-20261207-030102.tgz")
    }
}
