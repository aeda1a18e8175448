import CPIProtocol
import DeployerSupport
import Foundation
import GoYAML
import Interpolation
import Testing

@testable import Deployer

/// Builders for the planner tables.
enum PlanFixtures {
    static let stemcell10 = ArtifactVersion(name: "st", version: "1.0", digest: "sha1:aa")
    static let stemcell11 = ArtifactVersion(name: "st", version: "1.1", digest: "sha1:bb")
    static let releases = [ArtifactVersion(name: "bosh", version: "1"), ArtifactVersion(name: "cpi", version: "2")]

    /// A manifest whose single job asks for `disk` MiB (0: none), or uses a disk pool.
    static func manifest(disk: Int = 1024, pool: ManifestDiskPool? = nil) -> DeploymentManifest {
        let job = ManifestJob(
            name: "bosh", instances: 1, persistentDisk: pool == nil ? disk : 0,
            persistentDiskPool: pool?.name ?? "", resourcePool: "vms")
        let spec = DeploymentSpec(name: "bosh", diskPools: pool.map { [$0] } ?? [], jobs: [job])
        return DeploymentManifest(
            path: "bosh.yml", releaseSet: ReleaseSetManifest(), installation: InstallationManifest(),
            deployment: spec)
    }

    /// The state after a successful deploy of `stemcell10`, `releases`, SHA `sha-1`, one 1024 MiB disk.
    static func deployed(diskCloudProperties: [String: StateJSONValue] = [:]) throws -> DeploymentState {
        var state = DeploymentState(directorID: "d", installationID: "i")
        try state.recordStemcell(id: "s1", name: "st", version: "1.0", apiVersion: 3, cid: StemcellCID("sc-1"))
        try state.recordVM(VMCID("vm-1"))
        try state.setCurrentStemcell(id: "s1")
        try state.recordDisk(id: "d1", cid: DiskCID("disk-1"), size: 1024, cloudProperties: diskCloudProperties)
        try state.setCurrentDisk(id: "d1")
        state.setReleases([
            ReleaseRecord(id: "r1", name: "bosh", version: "1"), ReleaseRecord(id: "r2", name: "cpi", version: "2"),
        ])
        state.setManifestSHA("sha-1")
        return state
    }

    static func inputs(
        sha: String = "sha-1", fingerprint: ManifestFingerprint? = fingerprint(port: 2),
        stemcell: ArtifactVersion = stemcell10, releases: [ArtifactVersion] = releases, recreate: Bool = false,
        recreateDisks: Bool = false
    ) -> PlanInputs {
        PlanInputs(
            manifestSHA: sha, manifestFingerprint: fingerprint, stemcell: stemcell, releases: releases,
            cpiReleases: ["cpi"], recreate: recreate, recreatePersistentDisks: recreateDisks)
    }

    static let fingerprintKey = ManifestFingerprintKey(bytes: Data(repeating: 1, count: 32))

    /// The fingerprint of a small manifest whose one property is `port`.
    static func fingerprint(port: Int, key: ManifestFingerprintKey = fingerprintKey) -> ManifestFingerprint {
        ManifestFingerprint(
            of: .object(["name": .string("bosh"), "properties": .object(["port": .int(port)])]), key: key)
    }
}

@Suite struct PlannerTests {
    typealias F = PlanFixtures

    @Test func anUnchangedDeploymentIsSkippedWithBoshCLIsLine() throws {
        let plan = try Planner.plan(manifest: F.manifest(), state: F.deployed(), inputs: F.inputs())
        #expect(plan == .noChanges)
        #expect(!plan.hasChanges)
        #expect(plan.steps.isEmpty)
    }

    @Test func aFreshStateCreatesEverything() throws {
        let state = DeploymentState(directorID: "d", installationID: "i")
        let plan = try Planner.plan(manifest: F.manifest(disk: 2048), state: state, inputs: F.inputs())
        #expect(plan.hasChanges)
        #expect(
            plan.steps.map(\.description) == [
                "stemcell 'st/1.0' will be uploaded: no stemcell record with this name and version",
                "VM will be created: no VM in state",
                "disk will be created: no persistent disk in state; 2048 MiB requested",
                "instance 'bosh/0' will be updated: jobs are rendered, compiled and started on every deploy",
            ])
    }

    @Test func aNewStemcellRecreatesTheVMAndDeletesTheOldStemcellAfterwards() throws {
        let plan = try Planner.plan(
            manifest: F.manifest(), state: F.deployed(), inputs: F.inputs(stemcell: F.stemcell11))
        #expect(
            plan.steps.map(\.description) == [
                "stemcell 'st/1.1' will be uploaded: no stemcell record with this name and version",
                "VM will be recreated: stemcell changed 1.0 → 1.1",
                "persistent disk 'disk-1' will be attached: size and cloud_properties unchanged",
                "instance 'bosh/0' will be updated: jobs are rendered, compiled and started on every deploy",
                "unused stemcell 'st/1.0' (cid 'sc-1') will be deleted: not used by the new VM",
            ])
        #expect(plan.steps[1].action == .recreateVM(instance: "bosh/0", cid: VMCID("vm-1")))
    }

    @Test func aStemcellOfAnotherNameShowsBothNames() throws {
        let other = ArtifactVersion(name: "other", version: "2")
        let plan = try Planner.plan(manifest: F.manifest(), state: F.deployed(), inputs: F.inputs(stemcell: other))
        #expect(plan.steps[1].reasons == ["stemcell changed st/1.0 → other/2"])
    }

    @Test func anAlreadyUploadedStemcellIsReusedWhenNoVMRuns() throws {
        // A run that uploaded 1.1 and failed before its VM existed leaves this state.
        var state = try F.deployed()
        try state.recordStemcell(id: "s2", name: "st", version: "1.1", apiVersion: 3, cid: StemcellCID("sc-2"))
        state.clearVM()
        let plan = try Planner.plan(manifest: F.manifest(), state: state, inputs: F.inputs(stemcell: F.stemcell11))
        #expect(plan.steps[0].action == .reuseStemcell(F.stemcell11, cid: StemcellCID("sc-2")))
        #expect(plan.steps.last?.action == .deleteUnusedStemcell(name: "st", version: "1.0", cid: StemcellCID("sc-1")))
        #expect(
            !plan.steps.contains {
                $0.action == .deleteUnusedStemcell(name: "st", version: "1.1", cid: StemcellCID("sc-2"))
            })
    }

    @Test func besideARunningVMAnUnusedRecordIsDeletedBeforeTheUpload() throws {
        // The record may name a stemcell the cloud deleted already, so it is not reused.
        var state = try F.deployed()
        try state.recordStemcell(id: "s2", name: "st", version: "1.1", apiVersion: 3, cid: StemcellCID("sc-2"))
        let plan = try Planner.plan(manifest: F.manifest(), state: state, inputs: F.inputs(stemcell: F.stemcell11))
        #expect(
            plan.steps.prefix(2).map(\.description) == [
                "unused stemcell 'st/1.1' (cid 'sc-2') will be deleted: not the current stemcell",
                "stemcell 'st/1.1' will be uploaded: no stemcell record with this name and version",
            ])
        #expect(plan.steps.last?.action == .deleteUnusedStemcell(name: "st", version: "1.0", cid: StemcellCID("sc-1")))
    }

    @Test func anInterruptedStemcellDeletionIsFinishedEvenWhenUpToDate() throws {
        var state = try F.deployed()
        try state.recordStemcell(id: "s0", name: "st", version: "0.9", apiVersion: 3, cid: StemcellCID("sc-0"))
        state.deployer.stemcellsBeingDeleted = ["sc-0", "sc-gone"]
        let plan = try Planner.plan(manifest: F.manifest(), state: state, inputs: F.inputs())
        #expect(!plan.hasChanges)
        #expect(
            plan.steps.map(\.action) == [.deleteUnusedStemcell(name: "st", version: "0.9", cid: StemcellCID("sc-0"))])
        #expect(
            plan.steps.map(\.description) == [
                "unused stemcell 'st/0.9' (cid 'sc-0') will be deleted: not the current stemcell"
            ])
    }

    @Test func anInterruptedCreateVMIsRecoveredBeforeTheNewVM() throws {
        var state = try F.deployed()
        state.clearVM()
        state.deployer.pendingVM = PendingVMCreation(agentID: "agent-7", startedAt: "2026-12-07T10:00:00Z")
        let plan = try Planner.plan(manifest: F.manifest(), state: state, inputs: F.inputs())
        #expect(
            plan.steps[1...2].map(\.action) == [
                .recoverInterruptedVM(agentID: "agent-7", startedAt: "2026-12-07T10:00:00Z"),
                .createVM(instance: "bosh/0"),
            ])
    }

    @Test func aDiskPoolOfZeroSizeIsNoDiskAndKeepsUnusedRecords() throws {
        var state = try F.deployed()
        _ = try state.recordDisk(id: "d0", cid: DiskCID("disk-old"), size: 1024, cloudProperties: [:])
        let pool = ManifestDiskPool(name: "none", diskSize: 0, cloudProperties: YAMLMap([]))
        let plan = try Planner.plan(manifest: F.manifest(pool: pool), state: state, inputs: F.inputs(sha: "sha-2"))
        #expect(plan.steps.contains { $0.action == .leaveDiskDetached(cid: DiskCID("disk-1")) })
        #expect(!plan.steps.contains { if case .deleteUnusedDisk = $0.action { true } else { false } })
        #expect(!plan.steps.contains { if case .createDisk = $0.action { true } else { false } })
    }

    struct RecreateCase: Sendable, CustomTestStringConvertible {
        var label: String
        var inputs: PlanInputs
        var mutate: @Sendable (inout DeploymentState) -> Void = { _ in }
        var reasons: [String]
        var testDescription: String { label }
    }

    static let recreateCases: [RecreateCase] = [
        RecreateCase(
            label: "manifest", inputs: F.inputs(sha: "sha-2"),
            reasons: [
                "manifest changed (which paths cannot be told: the state records no fingerprint of the deployed manifest (written by bosh-cli or an older deployer))"
            ]),
        RecreateCase(
            label: "release version",
            inputs: F.inputs(releases: [ArtifactVersion(name: "bosh", version: "3"), F.releases[1]]),
            reasons: ["release 'bosh' changed 1 → 3"]),
        RecreateCase(
            label: "release added",
            inputs: F.inputs(releases: F.releases + [ArtifactVersion(name: "extra", version: "9")]),
            reasons: ["release 'extra/9' added"]),
        RecreateCase(
            label: "release removed", inputs: F.inputs(releases: [F.releases[0]]),
            reasons: ["release 'cpi/2' removed"]),
        RecreateCase(
            label: "manifest and stemcell", inputs: F.inputs(sha: "sha-2", stemcell: F.stemcell11),
            mutate: { $0.deployer.manifestFingerprint = F.fingerprint(port: 1) },
            reasons: ["manifest changed at 1 path", "stemcell changed 1.0 → 1.1"]),
        RecreateCase(
            label: "CPI release version",
            inputs: F.inputs(releases: [F.releases[0], ArtifactVersion(name: "cpi", version: "3")]),
            reasons: ["CPI release 'cpi' changed 2 → 3"]),
        RecreateCase(
            label: "manifest, no key on this machine", inputs: F.inputs(sha: "sha-2", fingerprint: nil),
            mutate: { $0.deployer.manifestFingerprint = F.fingerprint(port: 1) },
            reasons: [
                "manifest changed (which paths cannot be told: this machine has no fingerprint key; the state's fingerprint was made with key \(F.fingerprintKey.id) on another machine)"
            ]),
        RecreateCase(
            label: "manifest, text only", inputs: F.inputs(sha: "sha-2"),
            mutate: { $0.deployer.manifestFingerprint = F.fingerprint(port: 2) },
            reasons: ["manifest text changed, no value did (key order or quoting)"]),
        RecreateCase(
            label: "unfinished deploy, manifest changed since", inputs: F.inputs(),
            mutate: {
                $0.clearDeploymentRecord()
                $0.deployer.manifestFingerprint = F.fingerprint(port: 1)
            },
            reasons: ["previous deploy did not finish", "manifest changed since the last completed deploy at 1 path"]),
        RecreateCase(
            label: "unfinished deploy", inputs: F.inputs(),
            mutate: { $0.clearDeploymentRecord() }, reasons: ["previous deploy did not finish"]),
        RecreateCase(
            label: "no current stemcell", inputs: F.inputs(),
            mutate: { $0.currentStemcellID = nil }, reasons: ["no current stemcell in state"]),
        RecreateCase(label: "--recreate", inputs: F.inputs(recreate: true), reasons: ["--recreate given"]),
        RecreateCase(
            label: "--recreate-persistent-disks", inputs: F.inputs(recreateDisks: true),
            reasons: ["--recreate-persistent-disks given"]),
    ]

    @Test func driftTheDeployDoesNotRepairIsAFindingWithWhatToDo() throws {
        let observed = ObservedResources(missingDisk: DiskCID("disk-1"), jobs: .notRunning(jobState: "failing"))
        var inputs = F.inputs()
        inputs.observed = observed
        let plan = try Planner.plan(manifest: F.manifest(), state: F.deployed(), inputs: inputs)
        #expect(plan.isUpToDate && !plan.hasChanges && plan.needsAttention)
        #expect(plan.findings.count == 2)
        #expect(plan.findings[0].hasPrefix("persistent disk 'disk-1' is missing from the cloud"))
        #expect(plan.findings[1].contains("job_state 'failing'") && plan.findings[1].contains("--recreate"))

        var interrupted = try F.deployed()
        interrupted.deployer.pendingCreations = [.disk(sizeMiB: 2048, vm: "vm-1", metadata: [:], startedAt: "T")]
        inputs.observed = nil
        let pending = try Planner.plan(manifest: F.manifest(), state: interrupted, inputs: inputs)
        #expect(pending.isUpToDate && pending.needsAttention)
        #expect(pending.findings == [interrupted.deployer.pendingCreations[0].warning])

        inputs.observed = ObservedResources(jobs: .running)
        #expect(try Planner.plan(manifest: F.manifest(), state: F.deployed(), inputs: inputs) == .noChanges)
        inputs.observed = ObservedResources(missingVM: VMCID("vm-1"), jobs: .unreachable("connection refused"))
        let recreate = try Planner.plan(manifest: F.manifest(), state: F.deployed(), inputs: inputs)
        #expect(recreate.hasChanges && recreate.findings.isEmpty)
    }

    @Test func theVMStepListsTheChangedPaths() throws {
        var state = try F.deployed()
        state.deployer.manifestFingerprint = F.fingerprint(port: 1)
        let plan = try Planner.plan(manifest: F.manifest(), state: state, inputs: F.inputs(sha: "sha-2"))
        let vmStep = try #require(plan.steps.first { if case .recreateVM = $0.action { true } else { false } })
        #expect(vmStep.changes == [ManifestPathChange(path: "/properties/port", kind: .changed)])
        #expect(plan.steps.filter { !$0.changes.isEmpty }.count == 1)
    }

    @Test(arguments: recreateCases)
    func everyTriggerOfVMRecreationIsNamed(_ testCase: RecreateCase) throws {
        var state = try F.deployed()
        testCase.mutate(&state)
        let plan = try Planner.plan(manifest: F.manifest(), state: state, inputs: testCase.inputs)
        let vmStep = try #require(plan.steps.first { if case .recreateVM = $0.action { true } else { false } })
        #expect(vmStep.reasons == testCase.reasons)
        #expect(vmStep.description.hasPrefix("VM will be recreated: "))
    }

    struct DiskCase: Sendable, CustomTestStringConvertible {
        var label: String
        var manifest: DeploymentManifest
        var recorded: [String: StateJSONValue] = [:]
        var recreateDisks = false
        var mutate: @Sendable (inout DeploymentState) throws -> Void = { _ in }
        var expected: [String]
        var testDescription: String { label }
    }

    static let ssdPool = ManifestDiskPool(
        name: "fast", diskSize: 1024,
        cloudProperties: YAMLMap([
            .init(key: .string("type"), value: .string("ssd")),
            .init(key: .string("iops"), value: .float(3000)),
        ]))

    static let diskCases: [DiskCase] = [
        DiskCase(
            label: "unchanged disk is attached", manifest: F.manifest(disk: 1024),
            expected: ["persistent disk 'disk-1' will be attached: size and cloud_properties unchanged"]),
        DiskCase(
            label: "bigger disk is migrated", manifest: F.manifest(disk: 2048),
            expected: ["persistent disk will be migrated: size 1024 → 2048"]),
        DiskCase(
            label: "cloud properties changed", manifest: F.manifest(pool: ssdPool),
            expected: ["persistent disk will be migrated: cloud_properties changed"]),
        DiskCase(
            label: "same cloud properties in another order and number form", manifest: F.manifest(pool: ssdPool),
            recorded: ["iops": .int(3000), "type": .string("ssd")],
            expected: ["persistent disk 'disk-1' will be attached: size and cloud_properties unchanged"]),
        DiskCase(
            label: "--recreate-persistent-disks", manifest: F.manifest(disk: 1024), recreateDisks: true,
            expected: ["persistent disk will be migrated: --recreate-persistent-disks given"]),
        DiskCase(
            label: "size and flag together", manifest: F.manifest(disk: 4096), recreateDisks: true,
            expected: ["persistent disk will be migrated: size 1024 → 4096; --recreate-persistent-disks given"]),
        DiskCase(
            label: "no disk requested leaves the current one alone", manifest: F.manifest(disk: 0),
            expected: ["persistent disk 'disk-1' will be left detached: the manifest asks for no persistent disk"]),
        DiskCase(
            label: "no disk requested and none in state", manifest: F.manifest(disk: 0),
            mutate: { state in
                _ = try state.removeDisk(cid: DiskCID("disk-1"))
            },
            expected: []),
        DiskCase(
            label: "no disk in state creates one", manifest: F.manifest(disk: 512),
            mutate: { state in
                _ = try state.removeDisk(cid: DiskCID("disk-1"))
            },
            expected: ["disk will be created: no persistent disk in state; 512 MiB requested"]),
        DiskCase(
            label: "legacy disk of unknown size is migrated", manifest: F.manifest(disk: 1024),
            mutate: { state in
                state.disks[0].size = 0
            },
            expected: ["persistent disk will be migrated: size 0 → 1024"]),
        DiskCase(
            label: "leftover disks are deleted as unused", manifest: F.manifest(disk: 1024),
            mutate: { state in
                _ = try state.recordDisk(id: "d0", cid: DiskCID("disk-old"), size: 1024, cloudProperties: [:])
            },
            expected: [
                "persistent disk 'disk-1' will be attached: size and cloud_properties unchanged",
                "unused disk 'disk-old' will be deleted: not the current disk",
            ]),
    ]

    @Test(arguments: diskCases)
    func persistentDiskDecisionsFollowTheSpec(_ testCase: DiskCase) throws {
        var state = try F.deployed(diskCloudProperties: testCase.recorded)
        try testCase.mutate(&state)
        // A changed manifest SHA makes the run deploy, so the disk decision is visible.
        let plan = try Planner.plan(
            manifest: testCase.manifest, state: state,
            inputs: F.inputs(sha: "sha-2", recreateDisks: testCase.recreateDisks))
        let diskLines = plan.steps.filter { step in
            switch step.action {
            case .createDisk, .attachDisk, .migrateDisk, .leaveDiskDetached, .deleteUnusedDisk: true
            default: false
            }
        }.map(\.description)
        #expect(diskLines == testCase.expected)
    }

    @Test func migrationRecordsBothSizes() throws {
        let plan = try Planner.plan(
            manifest: F.manifest(disk: 2048), state: F.deployed(), inputs: F.inputs(sha: "sha-2"))
        #expect(plan.steps.contains { $0.action == .migrateDisk(cid: DiskCID("disk-1"), fromSize: 1024, toSize: 2048) })
    }

    struct DeployedCase: Sendable, CustomTestStringConvertible {
        var label: String
        var inputs: PlanInputs
        var mutate: @Sendable (inout DeploymentState) -> Void = { _ in }
        var deployed: Bool
        var testDescription: String { label }
    }

    static let deployedCases: [DeployedCase] = [
        DeployedCase(label: "everything matches", inputs: F.inputs(), deployed: true),
        DeployedCase(
            label: "releases in another order", inputs: F.inputs(releases: F.releases.reversed()), deployed: true),
        DeployedCase(
            label: "digests are not part of the rule",
            inputs: F.inputs(stemcell: ArtifactVersion(name: "st", version: "1.0", digest: "sha1:zz")), deployed: true),
        DeployedCase(label: "SHA differs", inputs: F.inputs(sha: "sha-2"), deployed: false),
        DeployedCase(
            label: "empty SHA never matches", inputs: F.inputs(sha: ""),
            mutate: { $0.setManifestSHA("") }, deployed: false),
        DeployedCase(
            label: "no current stemcell", inputs: F.inputs(), mutate: { $0.currentStemcellID = nil }, deployed: false),
        DeployedCase(
            label: "no release records", inputs: F.inputs(releases: []), mutate: { $0.setReleases([]) }, deployed: false
        ),
        DeployedCase(label: "extra release record", inputs: F.inputs(releases: [F.releases[0]]), deployed: false),
        DeployedCase(
            label: "same count, other version",
            inputs: F.inputs(releases: [F.releases[0], ArtifactVersion(name: "cpi", version: "3")]), deployed: false),
        // bosh-cli only checks that every manifest release has a record and that the counts
        // match; manifest validation rejects duplicate release names before this.
        DeployedCase(
            label: "duplicate manifest release, as bosh-cli counts it",
            inputs: F.inputs(releases: [F.releases[0], F.releases[0]]), deployed: true),
    ]

    @Test(arguments: deployedCases)
    func theNoChangeRuleIsBoshCLIs(_ testCase: DeployedCase) throws {
        var state = try F.deployed()
        testCase.mutate(&state)
        #expect(Planner.isDeployed(state: state, inputs: testCase.inputs) == testCase.deployed)
        let plan = try Planner.plan(manifest: F.manifest(), state: state, inputs: testCase.inputs)
        #expect(plan.hasChanges == !testCase.deployed)
    }

    @Test func aManifestWithoutADeployableJobIsAnError() throws {
        var manifest = F.manifest()
        manifest.deployment.jobs = []
        #expect(throws: ManifestError.self) {
            try Planner.plan(
                manifest: manifest, state: DeploymentState(directorID: "d", installationID: "i"), inputs: F.inputs())
        }
    }

    @Test func anUnknownDiskPoolIsAnError() throws {
        var manifest = F.manifest()
        manifest.deployment.jobs[0].persistentDiskPool = "missing"
        #expect(throws: ManifestError.self) {
            try Planner.plan(manifest: manifest, state: F.deployed(), inputs: F.inputs(sha: "sha-2"))
        }
    }
}
