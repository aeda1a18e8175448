import AgentClient
import CPIProtocol
import Deployer
import DeployerSupport
import DeployerTestSupport
import Foundation
import Interpolation
import ReleaseCompiler
import Testing

/// A deploy against fakes: a manifest on disk, a real state file, fake cloud and agent.
struct OrchestratorHarness {
    private let scratch: TemporaryDirectory
    var directory: String { scratch.path }
    let log = CallLog()
    let cloud: FakeCloud
    let events = EventLog()
    var inspector: FakeInspector
    var agentUnreachable = false
    /// The agent's `run_script` of this script fails.
    var failingScript: String?
    /// What the agent's `get_state` reports.
    var jobState = "running"
    /// The tarball the agent's blob store gives for `fetch_logs`.
    var logsTarball: String?
    /// How long explaining a failure with the jobs' logs may take.
    var failureLogsTimeout: Duration = .seconds(60)
    /// Keep release records for `export-release` (in `home/releases`).
    var keepsReleaseRecords = false

    static let manifest = """
        name: demo
        releases:
        - {name: cpi, url: file:///x/cpi.tgz}
        - {name: app, url: file:///x/app.tgz}
        resource_pools:
        - name: vms
          network: default
          stemcell: {url: file:///x/stemcell.tgz}
        networks:
        - name: default
          type: manual
          subnets:
          - {range: 127.0.0.0/24, gateway: 127.0.0.1, static: [127.0.0.2]}
        instance_groups:
        - name: web
          instances: 1
          jobs: [{name: web, release: app}]
          resource_pool: vms
          persistent_disk: 1024
          networks: [{name: default, static_ips: [127.0.0.2]}]
        update: {update_watch_time: 0-1000}
        cloud_provider:
          template: {name: cpi_job, release: cpi}
          mbus: https://mbus:secret@127.0.0.2:6868
        """

    init() throws {
        scratch = try TemporaryDirectory("orchestrator")
        let directory = scratch.path
        try Self.manifest.write(toFile: directory + "/manifest.yml", atomically: true, encoding: .utf8)
        cloud = FakeCloud(log: log)
        inspector = FakeInspector(scratch: directory)
    }

    var statePath: String { directory + "/manifest-state.json" }

    func store() -> FileStateStore { FileStateStore(path: statePath) }

    func orchestrator() -> Orchestrator {
        Orchestrator(
            interpolator: Interpolator(generator: BoshVariableGenerator()),
            artifacts: FakeResolver(directory: directory), inspector: inspector,
            provisioner: FakeProvisioner(cloud: cloud, log: log),
            connector: FakeConnector(
                log: log, agentUnreachable: agentUnreachable, failingScript: failingScript, jobState: jobState,
                logsTarball: logsTarball),
            renderer: FakeRenderer(), compiledPackages: CompiledPackageCache(root: directory + "/compiled"),
            releaseRecords: keepsReleaseRecords ? ReleaseRecordStore(root: directory + "/home/releases") : nil,
            options: OrchestratorOptions(
                deployerHome: directory + "/home", agentReadyTimeout: .seconds(1), existingAgentTimeout: .seconds(1),
                runningPollInterval: .milliseconds(10), failureLogsTimeout: failureLogsTimeout))
    }

    func request(recreate: Bool = false) -> DeployRequest {
        DeployRequest(
            interpolation: InterpolationRequest(manifestPath: directory + "/manifest.yml"), recreate: recreate)
    }

    func deploy(recreate: Bool = false) async throws -> DeployOutcome {
        try await orchestrator().deploy(request(recreate: recreate), store: store(), stage: EventStage(sink: events))
    }

    /// The state file as written on disk right now.
    func stateOnDisk() throws -> DeploymentState {
        try JSONDecoder().decode(DeploymentState.self, from: Data(contentsOf: URL(fileURLWithPath: statePath)))
    }

    func cleanUp() { scratch.remove() }

    /// Rewrites the manifest with `change` applied to its text.
    func editManifest(_ change: (String) -> String) throws {
        try change(Self.manifest).write(toFile: directory + "/manifest.yml", atomically: true, encoding: .utf8)
    }

    func delete(stateFileExists: Bool = true) async throws -> DeleteOutcome {
        try await orchestrator().delete(
            request(), store: store(), stateFileExists: stateFileExists, stage: EventStage(sink: events))
    }
}

@Suite struct OrchestratorDeployTests {
    @Test func firstDeployRecordsEverythingAndRunsTheJob() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }

        #expect(try await harness.deploy() == .deployed)

        let state = try harness.stateOnDisk()
        let vm = try #require(state.currentVMCID)
        #expect(await harness.cloud.vms == [vm.rawValue])
        #expect(state.currentStemcell?.name == "fake-stemcell")
        #expect(state.currentDisk?.size == 1024)
        #expect(state.releases.map(\.name).sorted() == ["app", "cpi"])
        #expect(state.currentManifestSHA?.count == 128)
        let calls = harness.log.all
        // Packages compile dependencies first; `lib` is already compiled, `server` is not.
        #expect(!calls.contains("agent compile_package lib"))
        #expect(calls.contains("agent compile_package server"))
        for (earlier, later) in [
            ("cpi create_stemcell", "cpi create_vm"), ("cpi create_vm", "cpi attach_disk"),
            ("agent mount_disk", "agent apply initial"), ("agent apply full", "agent run_script pre-start"),
            ("agent run_script pre-start", "agent start"), ("agent start", "agent run_script post-start"),
        ] {
            let first = try #require(harness.log.index(of: earlier), "\(earlier) missing")
            let second = try #require(harness.log.index(of: later), "\(later) missing")
            #expect(first < second, "\(earlier) should come before \(later)")
        }
        #expect(harness.events.outcomes.contains("Compiling package 'lib/lfp': skipped [Package already compiled]"))
        #expect(harness.events.outcomes.contains("Running the post-start scripts 'web/0': finished"))
    }

    @Test func vmCIDIsOnDiskBeforeAttachDisk() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        let seen = CallLog()
        let path = harness.statePath
        await harness.cloud.setOnAttach {
            let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
            let state = try? JSONDecoder().decode(DeploymentState.self, from: data)
            seen.record(state?.currentVMCID?.rawValue ?? "none")
        }

        _ = try await harness.deploy()

        let vm = try #require(try harness.stateOnDisk().currentVMCID)
        #expect(seen.all == [vm.rawValue])
    }

    /// A rerun only asks: the CPI is installed (from the caches) and asked whether the VM and
    /// disk are still there; nothing is created, changed or deleted, and the agent is not called.
    @Test func unchangedRerunSkipsAfterOnlyAskingTheCloud() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        _ = try await harness.deploy()
        let callsAfterFirst = harness.log.all.count

        #expect(try await harness.deploy() == .skipped)

        #expect(
            Array(harness.log.all.dropFirst(callsAfterFirst)) == [
                "install cpi cpi_job", "cpi info", "cpi has_vm", "cpi has_disk",
            ])
        #expect(harness.events.infos.contains(Plan.noChangesMessage))
    }

    /// A VM deleted behind the state's back is recreated by the next deploy of the same
    /// manifest, its disk reattached, and `plan --refresh` says so first.
    @Test func aVMGoneFromTheCloudIsRecreatedWithItsDisk() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        _ = try await harness.deploy()
        let before = try harness.stateOnDisk()
        let disk = try #require(before.currentDisk?.cid)
        await harness.cloud.loseAllVMs()

        let withoutRefresh = try await harness.orchestrator().plan(
            harness.request(), store: harness.store(), stage: EventStage(sink: harness.events))
        #expect(withoutRefresh.isUpToDate)
        let refreshed = try await harness.orchestrator().plan(
            harness.request(), refresh: true, store: harness.store(), stage: EventStage(sink: harness.events))
        let vmStep = try #require(refreshed.steps.first { if case .recreateVM = $0.action { true } else { false } })
        #expect(
            vmStep.reasons.contains(
                "VM '\(before.currentVMCID?.rawValue ?? "")' is missing from the cloud (has_vm answered false)"))
        #expect(refreshed.steps.contains { $0.action == .attachDisk(cid: disk) })

        #expect(try await harness.deploy() == .deployed)
        let after = try harness.stateOnDisk()
        #expect(after.currentVMCID != nil && after.currentVMCID != before.currentVMCID)
        #expect(after.currentDisk?.cid == disk)
    }

    @Test func recreateReplacesTheVMAndKeepsTheDisk() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        _ = try await harness.deploy()
        let first = try harness.stateOnDisk()

        #expect(try await harness.deploy(recreate: true) == .deployed)

        let second = try harness.stateOnDisk()
        #expect(second.currentVMCID != first.currentVMCID)
        #expect(second.currentDisk?.cid == first.currentDisk?.cid)
        #expect(await harness.cloud.vms == Set([second.currentVMCID?.rawValue].compactMap { $0 }))
        #expect(harness.log.all.filter { $0 == "cpi create_stemcell" }.count == 1)
        #expect(
            harness.events.outcomes.contains(
                "Uploading stemcell 'fake-stemcell/1.0': skipped [Stemcell already uploaded]"))
        // The old VM's jobs are drained and stopped before it is deleted.
        let calls = harness.log.all
        let drain = try #require(calls.firstIndex(of: "agent drain"))
        let unmount = try #require(calls.firstIndex(of: "agent run_script post-stop"))
        let deleteVM = try #require(calls.firstIndex(of: "cpi delete_vm"))
        #expect(drain < unmount && unmount < deleteVM)
    }

    @Test func aPackageCompiledOnAnEarlierVMIsNotCompiledAgain() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        _ = try await harness.deploy()
        #expect(harness.log.all.filter { $0 == "agent compile_package server" }.count == 1)
        #expect(harness.events.outcomes.contains("Compiling package 'server/sfp': finished"))

        _ = try await harness.deploy(recreate: true)

        #expect(harness.log.all.filter { $0 == "agent compile_package server" }.count == 1)
        #expect(harness.events.outcomes.contains("Compiling package 'server/sfp': skipped [Package already compiled]"))
    }

    @Test func aDamagedCachedPackageIsCompiledAgain() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        _ = try await harness.deploy()
        let cached = try FileManager.default.subpathsOfDirectory(atPath: harness.directory + "/compiled")
            .filter { $0.hasSuffix("package.tgz") }
        try #require(!cached.isEmpty, "nothing was cached")
        for path in cached {
            try Data("damaged".utf8).write(to: URL(fileURLWithPath: harness.directory + "/compiled/" + path))
        }

        _ = try await harness.deploy(recreate: true)

        #expect(harness.log.all.filter { $0 == "agent compile_package server" }.count == 2)
        #expect(harness.events.outcomes.contains("Compiling package 'server/sfp': finished"))
        #expect(harness.events.warnings.contains { $0.contains("does not match its recorded digest") })
    }

    @Test func aVMWhoseCreateVMAnswerWasLostIsFoundByItsAgentAndReplaced() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        await harness.cloud.loseNextCreateVMAnswer()
        await #expect(throws: (any Error).self) { _ = try await harness.deploy() }
        let interrupted = try harness.stateOnDisk()
        #expect(interrupted.currentVMCID == nil)
        let pending = try #require(interrupted.deployer.pendingVM, "the agent id of the running create_vm is kept")
        let orphan = try #require(await harness.cloud.vms.first)

        #expect(try await harness.deploy() == .deployed)

        let state = try harness.stateOnDisk()
        #expect(state.deployer.pendingVM == nil)
        #expect(await harness.cloud.vms == Set([state.currentVMCID?.rawValue].compactMap { $0 }))
        #expect(!(await harness.cloud.vms.contains(orphan)), "the orphan VM was deleted")
        #expect(harness.events.warnings.contains { $0.contains(orphan) && $0.contains("interrupted during create_vm") })
        #expect(pending.agentID.count == 36)
    }

    @Test func aLostCreateVMAnswerWithNoAgentAnsweringIsReportedAndForgotten() async throws {
        var harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        await harness.cloud.loseNextCreateVMAnswer()
        await #expect(throws: (any Error).self) { _ = try await harness.deploy() }
        let pending = try #require(try harness.stateOnDisk().deployer.pendingVM)
        harness.agentUnreachable = true
        await #expect(throws: (any Error).self) { _ = try await harness.deploy() }
        #expect(
            harness.events.warnings.contains { $0.contains(pending.agentID) && $0.contains("delete it in the cloud") })
        #expect(try harness.stateOnDisk().deployer.pendingVM == nil)
    }

    @Test(arguments: ["create_disk", "create_stemcell"])
    func aCreationWhoseAnswerWasLostIsWarnedAboutPrecisely(method: String) async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        await harness.cloud.loseNextAnswer(of: method)
        await #expect(throws: (any Error).self) { _ = try await harness.deploy() }
        let pending = try #require(try harness.stateOnDisk().deployer.pendingCreations.first, "kept before the call")
        #expect(pending.kind == (method == "create_disk" ? .disk : .stemcell))
        #expect(pending.failure == nil)

        #expect(try await harness.deploy() == .deployed)

        #expect(try harness.stateOnDisk().deployer.pendingCreations.isEmpty)
        let warning = try #require(harness.events.warnings.first { $0.hasPrefix("A \(method) sent at") })
        #expect(warning.contains(pending.startedAt), "\(warning)")
        #expect(warning.contains("was interrupted before its answer was recorded"), "\(warning)")
        if method == "create_disk" {
            let size = try #require(pending.sizeMiB)
            #expect(warning.contains("(\(size) MiB, for VM '") && warning.contains("unattached disk"), "\(warning)")
            #expect(pending.metadata?["deployment"] != nil)
            #expect(warning.contains("deployment=\(pending.metadata?["deployment"] ?? "?")"), "\(warning)")
        } else {
            #expect(warning.contains("stemcell 'fake-stemcell/1.0'") && warning.contains("image"), "\(warning)")
        }
    }

    @Test func aCreationAnsweredIsRecordedWithoutAPendingEntry() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        await harness.cloud.fail("create_disk")
        await #expect(throws: (any Error).self) { _ = try await harness.deploy() }
        // An error answer means nothing was made: no pending entry stays.
        #expect(try harness.stateOnDisk().deployer.pendingCreations.isEmpty)
        await harness.cloud.fail(nil)
        #expect(try await harness.deploy() == .deployed)
        let state = try harness.stateOnDisk()
        #expect(state.deployer.pendingCreations.isEmpty && state.disks.count == 1 && state.stemcells.count == 1)
        #expect(!harness.events.warnings.contains { $0.contains("sent at") })
    }

    @Test func aGarbledCreateVMAnswerIsNotReportedAsAnInterruption() async throws {
        var harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        await harness.cloud.garbleNextCreateVMAnswer()
        await #expect(throws: (any Error).self) { _ = try await harness.deploy() }
        let pending = try #require(try harness.stateOnDisk().deployer.pendingVM, "the VM may exist")
        #expect(pending.failure == "the CPI's answer was not a valid response")
        harness.agentUnreachable = true
        await #expect(throws: (any Error).self) { _ = try await harness.deploy() }
        let warning = try #require(harness.events.warnings.first { $0.contains(pending.agentID) })
        #expect(
            warning.hasPrefix(
                "A create_vm sent at \(pending.startedAt) got no usable answer (the CPI's answer was not a valid response)"
            ),
            "\(warning)")
        #expect(!warning.contains("interrupted"), "\(warning)")
    }

    @Test func aStemcellDeletionCutShortIsFinishedBeforeTheRecordCouldBeReused() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        _ = try await harness.deploy()
        // As left by a delete killed right after `delete_stemcell` answered: the VM and disk
        // are gone, the cloud deleted the stemcell, the record and its mark remain.
        var state = try harness.stateOnDisk()
        let stemcell = try #require(state.stemcells.first)
        state.currentVMCID = nil
        state.currentStemcellID = nil
        state.currentDiskID = nil
        state.disks = []
        state.currentManifestSHA = nil
        state.deployer.stemcellsBeingDeleted = [stemcell.cid.rawValue]
        try FileStateStore.encodeState(state, path: harness.statePath).write(
            to: URL(fileURLWithPath: harness.statePath))
        await harness.cloud.forgetEverything()

        #expect(try await harness.deploy() == .deployed)

        let after = try harness.stateOnDisk()
        #expect(after.deployer.stemcellsBeingDeleted.isEmpty)
        #expect(!after.stemcells.contains { $0.cid == stemcell.cid })
        #expect(harness.log.all.filter { $0 == "cpi create_stemcell" }.count == 2, "a new stemcell was uploaded")
    }

    @Test func failedCreateVMLeavesAnAccurateStateAndRerunConverges() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        await harness.cloud.fail("create_vm")

        await #expect(throws: ContextError.self) { try await harness.deploy() }

        let failed = try harness.stateOnDisk()
        #expect(failed.currentVMCID == nil)
        #expect(failed.currentManifestSHA == nil)
        #expect(failed.stemcells.count == 1)
        #expect(
            harness.events.outcomes.contains {
                $0.hasPrefix("Creating VM for instance 'web/0'") && $0.hasSuffix("failed")
            })

        await harness.cloud.fail(nil)
        #expect(try await harness.deploy() == .deployed)
        let state = try harness.stateOnDisk()
        #expect(state.currentVMCID != nil)
        #expect(state.stemcells.count == 1)
        #expect(harness.log.all.filter { $0 == "cpi create_stemcell" }.count == 1)
    }

    @Test func failureAfterCreateVMKeepsTheVMInStateForTheNextRun() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        await harness.cloud.fail("attach_disk")

        await #expect(throws: ContextError.self) { try await harness.deploy() }

        let failed = try harness.stateOnDisk()
        let vm = try #require(failed.currentVMCID)
        #expect(failed.disks.count == 1)

        await harness.cloud.fail(nil)
        _ = try await harness.deploy()
        // The half-made VM is deleted and replaced; its disk is reused.
        #expect(await !harness.cloud.vms.contains(vm.rawValue))
        #expect(try harness.stateOnDisk().disks.count == 1)
        #expect(await harness.cloud.disks.count == 1)
    }
}

@Suite struct OrchestratorDiskTests {
    @Test func aLegacyBoshMicroDeploymentIsTakenOverAndCleanedUp() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        let legacy = """
            instances:
            - :uuid: bm-1
              :vm_cid: vm-legacy
              :disk_cid: disk-legacy
              :stemcell_cid: sc-legacy
              :stemcell_name: old-stemcell
            """
        try legacy.write(toFile: harness.directory + "/bosh-deployments.yml", atomically: true, encoding: .utf8)
        await harness.cloud.adopt(vm: "vm-legacy", disk: "disk-legacy", stemcell: "sc-legacy")

        #expect(try await harness.deploy() == .deployed)

        #expect(
            harness.events.infos.contains(
                "Migrated legacy deployments file: '\(harness.directory)/bosh-deployments.yml'"))
        #expect(!FileManager.default.fileExists(atPath: harness.directory + "/bosh-deployments.yml"))
        let state = try harness.stateOnDisk()
        #expect(state.directorID == "bm-1")
        // The legacy disk has no recorded size, so its content moves to a new disk.
        #expect(harness.log.all.contains("agent migrate_disk"))
        #expect(state.disks.count == 1 && state.currentDisk?.size == 1024)
        #expect(await !harness.cloud.vms.contains("vm-legacy"))
        #expect(await !harness.cloud.disks.contains("disk-legacy"))
        #expect(await !harness.cloud.stemcells.contains("sc-legacy"))
        #expect(state.stemcells.count == 1)
    }

    @Test func aBiggerDiskIsMigratedAndTheOldOneDeleted() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        _ = try await harness.deploy()
        let old = try #require(try harness.stateOnDisk().currentDisk)
        try harness.editManifest { $0.replacingOccurrences(of: "persistent_disk: 1024", with: "persistent_disk: 2048") }

        #expect(try await harness.deploy() == .deployed)

        let state = try harness.stateOnDisk()
        let new = try #require(state.currentDisk)
        #expect(new.cid != old.cid)
        #expect(new.size == 2048)
        #expect(state.disks.count == 1)
        #expect(await harness.cloud.disks == [new.cid.rawValue])
        #expect(harness.log.all.contains("agent migrate_disk"))
        #expect(harness.events.outcomes.contains("Deleting disk '\(old.cid)': finished"))
    }
}
