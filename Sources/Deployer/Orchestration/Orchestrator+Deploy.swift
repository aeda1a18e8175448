import AgentClient
import CPIProtocol
import DeployerSupport
import Foundation
import ReleaseCompiler

extension Orchestrator {
    /// create-env: validate, plan, and when anything changed install the CPI, upload the
    /// stemcell, (re)create the VM, attach the disk, compile, render, apply and start the
    /// jobs, then delete stemcells no longer used. Every cloud resource is recorded in the
    /// state the moment it exists.
    /// - Parameters:
    ///   - request: manifest, variables and flags.
    ///   - store: the deployment state (locked for the whole run).
    ///   - stage: receives progress.
    /// - Returns: `.skipped` when the state already records this deployment.
    /// - Throws: the failing step's error wrapped in `ContextError`s naming the step.
    public func deploy(_ request: DeployRequest, store: any StateStore, stage: any Stage) async throws -> DeployOutcome {
        _ = announce(request, store: store, stage: stage)
        return try await withLockedState(store) {
            // bosh-cli's legacy bosh-micro file is read only while no state file exists.
            if let file = store as? FileStateStore {
                let legacy = LegacyDeploymentState.path(forManifest: request.manifestPath)
                if try await file.migrateLegacyStateIfPresent(at: legacy) {
                    stage.info("Migrated legacy deployments file: '\(legacy)'")
                }
            }
            _ = try await store.load()
            let prepared = try await withContext("Validating") {
                try await stage.performComplex("validating") { sub in
                    try await validate(request, stage: sub)
                }
            }
            // bosh-cli writes new director/installation ids before validating; writing them
            // once the manifest is known to be valid leaves no state file beside a typo.
            let state = try await store.current()
            try await store.save(state)
            let plan = try Planner.plan(manifest: prepared.manifest, state: state, inputs: prepared.planInputs(request))
            guard plan.hasChanges else {
                // A run killed right after `delete_stemcell` answered leaves the record of a
                // stemcell the cloud no longer has; with nothing else to do it must still go,
                // or the next stemcell change would reuse it (docs/reliability.md).
                let unfinished = try await store.current().deployer.stemcellsBeingDeleted
                if try await !store.unusedStemcells().isEmpty || !unfinished.isEmpty {
                    let cloud = try await installedCloud(prepared, store: store, stage: stage)
                    try await deleteUnusedStemcells(cloud: cloud, store: store, stage: stage)
                    try await finishInterruptedStemcellDeletions(cloud: cloud, store: store, stage: stage)
                }
                stage.info(Plan.noChangesMessage)
                return .skipped
            }
            let work = try makeWorkDirectory()
            defer { try? FileManager.default.removeItem(atPath: work) }
            try await converge(prepared, request: request, store: store, work: work, stage: stage)
            return .deployed
        }
    }

    /// `deployer plan`: validate and plan without installing or changing anything. It takes
    /// the state's lock, as deploy does: beside a running deploy its answer would be stale
    /// before that run ends, so it is refused the same way, naming the holder.
    /// - Returns: the plan.
    /// - Throws: validation errors; `StateError.lockFailed` while another run holds the state.
    public func plan(_ request: DeployRequest, store: any StateStore, stage: any Stage) async throws -> Plan {
        try await withLockedState(store) {
            let state = try await store.load()
            let prepared = try await withContext("Validating") {
                try await stage.performComplex("validating") { sub in
                    try await validate(request, stage: sub)
                }
            }
            return try Planner.plan(manifest: prepared.manifest, state: state, inputs: prepared.planInputs(request))
        }
    }

    private func converge(
        _ prepared: PreparedDeployment, request: DeployRequest, store: any StateStore, work: String, stage: any Stage
    ) async throws {
        let manifest = prepared.manifest
        let state = try await store.current()
        let cloud = try await installedCloud(prepared, store: store, stage: stage)
        // Beside a complete deployment (a VM and its stemcell), unused stemcell records are
        // what the last run's clean-up did not finish, and one may name a stemcell the cloud
        // already deleted (a kill right after `delete_stemcell` answered): delete them
        // (NotFound is fine) before the upload could reuse one. Without a current stemcell
        // they are kept: a VM may run on one the state has not linked yet, or the record is
        // the upload of a run that failed before its VM existed, reused as is.
        if state.currentVMCID != nil && state.currentStemcellID != nil {
            try await deleteUnusedStemcells(cloud: cloud, store: store, stage: stage)
        }
        try await finishInterruptedStemcellDeletions(cloud: cloud, store: store, stage: stage)
        let stemcellRecord = try await uploadStemcell(prepared, cloud: cloud, store: store, work: work, stage: stage)
        let agent = try connector.agent(
            mbusURL: manifest.installation.mbus, caPEM: manifest.installation.cert.ca, replyTo: state.directorID)
        let blobs = try connector.blobstore(mbusURL: manifest.installation.mbus, caPEM: manifest.installation.cert.ca)
        let context = InstanceContext(
            prepared: prepared, cloud: cloud, agent: agent, blobs: blobs, store: store, work: work,
            skipDrain: request.skipDrain, recreatePersistentDisks: request.recreatePersistentDisks, request: request)
        try await withContext("Deploying") {
            try await stage.performComplex("deploying") { sub in
                try await store.clearDeploymentRecord()
                try await adoptInterruptedVM(cloud: cloud, agent: agent, store: store, stage: sub)
                if let vm = try await store.current().currentVMCID {
                    try await removeVM(
                        vm, cloud: cloud, agent: agent, store: store, skipDrain: request.skipDrain, stage: sub)
                }
                let vm = try await createVM(stemcell: stemcellRecord, context: context, stage: sub)
                try await step("Waiting for the agent on VM '\(vm)' to be ready", sub) {
                    try await agent.waitUntilReady(timeout: options.agentReadyTimeout)
                }
                try await deployDisk(vm: vm, context: context, stage: sub)
                try await updateInstance(context: context, stage: sub)
                try await store.recordReleases(prepared.releases.map { (name: $0.manifest.name, version: $0.manifest.version) })
                try await store.setManifestSHA(prepared.manifestSHA)
            }
        }
        try await deleteUnusedStemcells(cloud: cloud, store: store, stage: stage)
    }

    /// Installs the CPI release and checks the CPI's API version.
    private func installedCloud(_ prepared: PreparedDeployment, store: any StateStore, stage: any Stage) async throws
        -> any Cloud
    {
        let manifest = prepared.manifest
        let tarballs = Dictionary(
            prepared.releases.map { ($0.ref.name, $0.artifact.localPath) }, uniquingKeysWith: { first, _ in first })
        let state = try await store.current()
        let cloud = try await withContext("Installing CPI") {
            try await installCPI(
                manifest: manifest, tarballs: tarballs, state: state,
                stemcellAPIVersion: prepared.stemcell.apiVersion, stage: stage)
        }
        try await withContext("Checking the CPI's API version") {
            try await cloud.info().requireRegistrylessContract(stemcellAPIVersion: prepared.stemcell.apiVersion)
        }
        return cloud
    }

    private func uploadStemcell(
        _ prepared: PreparedDeployment, cloud: any Cloud, store: any StateStore, work: String, stage: any Stage
    ) async throws -> StemcellRecord {
        let stemcell = prepared.stemcell
        let step = "Uploading stemcell '\(stemcell.name)/\(stemcell.version)'"
        if let existing = try await store.current().stemcell(name: stemcell.name, version: stemcell.version) {
            try await stage.performOrSkip(step) { StepOutcome<Void>.skipped(reason: "Stemcell already uploaded") }
            return existing
        }
        return try await withContext(step) {
            try await stage.perform(step) {
                let extracted = try await inspector.extractStemcell(
                    tarball: prepared.stemcellArtifact.localPath, into: work + "/stemcell")
                let cid = try await cloud.createStemcell(
                    imagePath: extracted.imagePath, cloudProperties: stemcell.cloudProperties)
                return try await store.recordStemcell(
                    name: stemcell.name, version: stemcell.version,
                    apiVersion: stemcell.apiVersion == 0 ? nil : stemcell.apiVersion, cid: cid)
            }
        }
    }

    private func createVM(stemcell: StemcellRecord, context: InstanceContext, stage: any Stage) async throws -> VMCID {
        let deployment = context.prepared.manifest.deployment
        let job = context.prepared.job
        let interfaces = try deployment.networkInterfaces(for: job)
        let step = "Creating VM for instance '\(job.name)/0' from stemcell '\(stemcell.cid)'"
        return try await withContext(step) {
            try await stage.perform(step) {
                let state = try await context.store.current()
                let agentID = UUID().uuidString.lowercased()
                let arguments = CreateVMArguments(
                    agentID: agentID, stemcellCID: stemcell.cid,
                    cloudProperties: .object(WireValues.jsonObject(context.prepared.pool.cloudProperties)),
                    networks: WireValues.cpiNetworks(interfaces), diskCIDs: state.disks.map(\.cid),
                    environment: .object(WireValues.jsonObject(deployment.vmEnvironment(for: context.prepared.pool))))
                let created = try await createVMKeepingTrack(arguments, cloud: context.cloud, store: context.store)
                // Recorded before anything else can fail, so the VM is never leaked.
                try await context.store.recordVM(created.cid)
                let metadata = CloudMetadata.vm(deployment: deployment.name, job: job.name, tags: deployment.tags, now: Date())
                try await ignoringNotImplemented { try await context.cloud.setVMMetadata(created.cid, metadata: metadata) }
                try await context.store.setCurrentStemcell(id: stemcell.id)
                return created.cid
            }
        }
    }

    private func deleteUnusedStemcells(cloud: any Cloud, store: any StateStore, stage: any Stage) async throws {
        for record in try await store.unusedStemcells() {
            try await deleteStemcell(record.cid, label: "Deleting unused stemcell", cloud: cloud, store: store, stage: stage)
        }
    }

    /// Runs a metadata call whose NotImplemented answer bosh-cli ignores.
    func ignoringNotImplemented(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as CPIError where error.is(.notImplemented) {
            return
        }
    }
}

/// Everything the VM, disk and instance steps share within one run.
struct InstanceContext: Sendable {
    var prepared: PreparedDeployment
    var cloud: any Cloud
    var agent: any Agent
    var blobs: any BlobStoring
    var store: any StateStore
    var work: String
    var skipDrain: Bool
    var recreatePersistentDisks: Bool
    /// The manifest and variables (their secrets are hidden from the job logs of a failure).
    var request: DeployRequest
}
