import CPIProtocol
import Deployer
import DeployerSupport
import Foundation
import Testing

/// `deployer plan` and `deploy` must agree: for every situation the planner tests cover, the
/// plan `plan` prints is the plan `deploy` makes, `deploy` executes exactly its steps, and
/// the CPI calls it sends are the ones those steps stand for, and no others.
@Suite struct PlanDeployAgreementTests {
    struct Scenario: Sendable, CustomTestStringConvertible {
        var label: String
        /// Brings the harness into the situation (earlier deploys, edits, state changes).
        var setUp: @Sendable (inout OrchestratorHarness) async throws -> Void = { _ in }
        var recreate = false
        var recreatePersistentDisks = false
        /// An action the plan must contain, so the scenario tests what it says.
        var expects: @Sendable (PlanAction) -> Bool
        var testDescription: String { label }
    }

    static let diskPoolManifest: @Sendable (String) -> (String) -> String = { properties in
        { text in
            text.replacingOccurrences(of: "persistent_disk: 1024", with: "persistent_disk_pool: fast")
                .replacingOccurrences(
                    of: "networks:\n- name: default",
                    with:
                        "disk_pools:\n- {name: fast, disk_size: 1024, cloud_properties: \(properties)}\nnetworks:\n- name: default"
                )
        }
    }

    static let scenarios: [Scenario] = [
        Scenario(label: "fresh state", expects: { $0 == .createVM(instance: "web/0") }),
        Scenario(label: "unchanged", setUp: { try await $0.deployOnce() }, expects: { _ in true }),
        Scenario(
            label: "manifest changed",
            setUp: { harness in
                try await harness.deployOnce()
                try harness.editManifest { $0.replacingOccurrences(of: "0-1000", with: "0-2000") }
            }, expects: { if case .recreateVM = $0 { true } else { false } }),
        Scenario(
            label: "--recreate", setUp: { try await $0.deployOnce() }, recreate: true,
            expects: { if case .attachDisk = $0 { true } else { false } }),
        Scenario(
            label: "--recreate-persistent-disks", setUp: { try await $0.deployOnce() }, recreatePersistentDisks: true,
            expects: { if case .migrateDisk = $0 { true } else { false } }),
        Scenario(
            label: "bigger disk",
            setUp: { harness in
                try await harness.deployOnce()
                try harness.editManifest {
                    $0.replacingOccurrences(of: "persistent_disk: 1024", with: "persistent_disk: 2048")
                }
            }, expects: { if case .migrateDisk(_, 1024, 2048) = $0 { true } else { false } }),
        Scenario(
            label: "no disk requested",
            setUp: { harness in
                try await harness.deployOnce()
                try harness.editManifest { $0.replacingOccurrences(of: "  persistent_disk: 1024\n", with: "") }
            }, expects: { if case .leaveDiskDetached = $0 { true } else { false } }),
        Scenario(
            label: "leftover disk",
            setUp: { harness in
                try await harness.deployOnce()
                await harness.cloud.adopt(vm: "vm-x", disk: "disk-left", stemcell: "sc-x")
                try await harness.updateState { state in
                    _ = try state.recordDisk(id: "left", cid: DiskCID("disk-left"), size: 1024, cloudProperties: [:])
                }
            }, recreate: true, expects: { $0 == .deleteUnusedDisk(cid: DiskCID("disk-left")) }),
        Scenario(
            label: "new stemcell",
            setUp: { harness in
                try await harness.deployOnce()
                harness.inspector.stemcellVersion = "1.1"
            }, expects: { if case .deleteUnusedStemcell = $0 { true } else { false } }),
        Scenario(
            label: "new release version",
            setUp: { harness in
                try await harness.deployOnce()
                harness.inspector.appVersion = "2"
            }, expects: { if case .recreateVM = $0 { true } else { false } }),
        Scenario(
            label: "interrupted stemcell deletion, otherwise unchanged",
            setUp: { harness in
                try await harness.deployOnce()
                await harness.cloud.adopt(vm: "vm-x", disk: "disk-x", stemcell: "sc-old")
                try await harness.updateState { state in
                    try state.recordStemcell(
                        id: "old", name: "fake-stemcell", version: "0.9", apiVersion: 3, cid: StemcellCID("sc-old"))
                    state.deployer.stemcellsBeingDeleted = ["sc-old"]
                }
            }, expects: { if case .deleteUnusedStemcell = $0 { true } else { false } }),
        Scenario(
            label: "interrupted create_vm",
            setUp: { harness in
                await harness.cloud.loseNextCreateVMAnswer()
                _ = try? await harness.deploy()
            }, expects: { if case .recoverInterruptedVM = $0 { true } else { false } }),
        Scenario(
            label: "failed create_vm",
            setUp: { harness in
                try await harness.deployOnce()
                await harness.cloud.fail("create_vm")
                _ = try? await harness.deploy(recreate: true)
                await harness.cloud.fail(nil)
            }, expects: { $0 == .createVM(instance: "web/0") }),
        Scenario(
            label: "same disk cloud properties in another number form",
            setUp: { harness in
                try harness.editManifest(diskPoolManifest("{type: ssd, iops: 3000}"))
                try await harness.deployOnce()
                // The interpolated manifest is the same (yaml.v2 sorts keys and writes 3000.0 as
                // 3000), so only --recreate makes the disk decision run.
                try harness.editManifest(diskPoolManifest("{iops: 3000.0, type: ssd}"))
            }, recreate: true, expects: { if case .attachDisk = $0 { true } else { false } }),
        Scenario(
            label: "disk cloud properties changed",
            setUp: { harness in
                try harness.editManifest(diskPoolManifest("{type: ssd}"))
                try await harness.deployOnce()
                try harness.editManifest(diskPoolManifest("{type: hdd}"))
            }, expects: { if case .migrateDisk = $0 { true } else { false } }),
        Scenario(
            label: "VM gone from the cloud",
            setUp: { harness in
                try await harness.deployOnce()
                await harness.cloud.loseAllVMs()
            }, expects: { if case .recreateVM = $0 { true } else { false } }),
    ]

    @Test(arguments: scenarios)
    func planIsWhatDeployExecutes(_ scenario: Scenario) async throws {
        var harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        try await scenario.setUp(&harness)
        let request = DeployRequest(
            interpolation: harness.request().interpolation, recreate: scenario.recreate,
            recreatePersistentDisks: scenario.recreatePersistentDisks)

        let planned = try await harness.orchestrator().plan(
            request, refresh: true, store: harness.store(), stage: EventStage(sink: harness.events))
        #expect(
            planned.steps.contains { scenario.expects($0.action) }
                || planned.steps.isEmpty && scenario.label == "unchanged",
            "\(planned.steps.map(\.description))")
        let callsBefore = harness.log.all.count
        // Every deploy with a VM first asks the cloud whether the VM and its disk are there.
        let recorded = try? harness.stateOnDisk()
        let questions =
            recorded?.currentVMCID == nil ? [] : ["cpi has_vm"] + (recorded?.currentDisk == nil ? [] : ["cpi has_disk"])
        let report = try await harness.orchestrator().deployReporting(
            request, store: harness.store(), stage: EventStage(sink: harness.events))

        #expect(report.plan == planned)
        #expect(report.executed == planned.steps)
        let cloudCalls = harness.log.all.dropFirst(callsBefore).filter { $0.hasPrefix("cpi ") && $0 != "cpi info" }
        #expect(Array(cloudCalls) == questions + planned.steps.flatMap { Self.cloudCalls(of: $0.action) })
    }

    /// The CPI calls a step stands for, against the fake cloud (whose `set_disk_metadata`
    /// answers NotImplemented, which is ignored).
    static func cloudCalls(of action: PlanAction) -> [String] {
        let calls: [String] =
            switch action {
            case .uploadStemcell: ["create_stemcell"]
            case .reuseStemcell, .leaveDiskDetached, .updateInstance: []
            case .deleteUnusedStemcell, .finishStemcellDeletion: ["delete_stemcell"]
            // The agent names its VM, the cloud confirms it, then the VM is removed.
            case .recoverInterruptedVM: ["has_vm", "has_vm", "delete_vm"]
            case .createVM: ["create_vm", "set_vm_metadata"]
            case .recreateVM: ["has_vm", "delete_vm", "create_vm", "set_vm_metadata"]
            case .createDisk: ["create_disk", "attach_disk", "set_disk_metadata"]
            case .attachDisk: ["attach_disk", "set_disk_metadata"]
            case .migrateDisk:
                [
                    "attach_disk", "set_disk_metadata", "create_disk", "attach_disk", "set_disk_metadata",
                    "detach_disk", "delete_disk",
                ]
            case .deleteUnusedDisk: ["delete_disk"]
            }
        return calls.map { "cpi " + $0 }
    }
}

extension OrchestratorHarness {
    /// Changes the state file as another run would have left it.
    func updateState(_ change: @Sendable (inout DeploymentState) throws -> Void) async throws {
        let store = store()
        try await store.lock()
        _ = try await store.load()
        try await store.update(change)
        await store.unlock()
    }

    /// A first deploy that must succeed.
    func deployOnce() async throws {
        #expect(try await deploy() == .deployed)
    }
}
