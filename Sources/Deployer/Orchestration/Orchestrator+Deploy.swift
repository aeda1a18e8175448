import AgentClient
import CPIProtocol
import DeployerSupport
import Foundation
import ReleaseCompiler

extension Orchestrator {
    /// create-env: validate, plan, and run the plan (`PlanExecutor`): install the CPI,
    /// upload the stemcell, (re)create the VM, attach the disk, compile, render, apply and
    /// start the jobs, then delete stemcells no longer used. Every cloud resource is recorded
    /// in the state the moment it exists.
    /// - Parameters:
    ///   - request: manifest, variables and flags.
    ///   - store: the deployment state (locked for the whole run).
    ///   - stage: receives progress.
    /// - Returns: `.skipped` when the state already records this deployment.
    /// - Throws: the failing step's error wrapped in `ContextError`s naming the step.
    public func deploy(_ request: DeployRequest, store: any StateStore, stage: any Stage) async throws -> DeployOutcome
    {
        try await deployReporting(request, store: store, stage: stage).outcome
    }

    /// `deploy`, also returning the plan it made and the steps it ran.
    public func deployReporting(
        _ request: DeployRequest, store: any StateStore, stage: any Stage
    ) async throws
        -> DeployReport
    {
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
            let key = try ManifestFingerprintKey.existingOrNew(home: options.deployerHome)
            let prepared = try await withContext("Validating") {
                try await stage.performComplex("validating") { sub in
                    try await validate(request, fingerprintKey: key, stage: sub)
                }
            }
            // bosh-cli writes new director/installation ids before validating; writing them
            // once the manifest is known to be valid leaves no state file beside a typo.
            let state = try await store.current()
            try await store.save(state)
            try await PendingCreations.report(store: store, stage: stage)
            let work = try makeWorkDirectory()
            defer { try? FileManager.default.removeItem(atPath: work) }
            // With a VM recorded, the cloud is asked first whether it still has it (and its
            // disk): a VM gone behind the state's back is recreated, as `plan --refresh` says.
            var run: InstanceContext?
            var inputs = prepared.planInputs(request)
            if state.currentVMCID != nil {
                let prepared = try await prepareRun(prepared, request: request, store: store, work: work, stage: stage)
                inputs.observed = try await observe(state, cloud: prepared.cloud, agent: nil, stage: stage)
                run = prepared
            }
            let plan = try Planner.plan(manifest: prepared.manifest, state: state, inputs: inputs)
            var executed: [PlanStep] = []
            if !plan.steps.isEmpty {
                let ready: InstanceContext
                if let run {
                    ready = run
                } else {
                    ready = try await prepareRun(prepared, request: request, store: store, work: work, stage: stage)
                }
                executed = try await PlanExecutor(orchestrator: self, run: ready, stage: stage).execute(plan)
            }
            if plan.isUpToDate {
                // A state written by bosh-cli (or with another machine's key) learns this
                // manifest's fingerprint: the SHA says it is the deployed one.
                if state.deployer.manifestFingerprint != prepared.manifestFingerprint {
                    try await store.recordDeployedManifest(
                        sha: prepared.manifestSHA, fingerprint: prepared.manifestFingerprint)
                }
                stage.info(Plan.noChangesMessage)
            }
            return DeployReport(outcome: plan.isUpToDate ? .skipped : .deployed, plan: plan, executed: executed)
        }
    }

    /// `deployer plan`: validate and plan without changing anything: variables the vars store
    /// lacks are generated in memory and reported, not written. With `refresh` (and a VM in
    /// the state) the CPI is installed (into the caches, as deploy installs it) and asked
    /// whether the VM and disk still exist, and the agent how the jobs are. It takes the
    /// state's lock, as deploy does: beside a running deploy its answer would be stale before
    /// that run ends, so it is refused the same way, naming the holder.
    /// - Returns: the plan `deploy` would run now.
    /// - Throws: validation errors; `StateError.lockFailed` while another run holds the state.
    public func plan(
        _ request: DeployRequest, refresh: Bool = false, store: any StateStore, stage: any Stage
    ) async throws -> Plan {
        try await withLockedState(store) {
            let state = try await store.load()
            let key = try ManifestFingerprintKey.existing(home: options.deployerHome)
            let prepared = try await withContext("Validating") {
                try await stage.performComplex("validating") { sub in
                    try await validate(request, dryRun: true, fingerprintKey: key, stage: sub)
                }
            }
            var inputs = prepared.planInputs(request)
            if refresh && state.currentVMCID != nil {
                let work = try makeWorkDirectory()
                defer { try? FileManager.default.removeItem(atPath: work) }
                let run = try await prepareRun(prepared, request: request, store: store, work: work, stage: stage)
                inputs.observed = try await observe(state, cloud: run.cloud, agent: run.agent, stage: stage)
            }
            var plan = try Planner.plan(manifest: prepared.manifest, state: state, inputs: inputs)
            plan.variablesToGenerate = prepared.generatedVariables
            return plan
        }
    }

    /// Installs the CPI, checks its API version, and makes the agent and blob store clients.
    private func prepareRun(
        _ prepared: PreparedDeployment, request: DeployRequest, store: any StateStore, work: String, stage: any Stage
    ) async throws -> InstanceContext {
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
        let agent = try connector.agent(
            mbusURL: manifest.installation.mbus, caPEM: manifest.installation.cert.ca, replyTo: state.directorID)
        let blobs = try connector.blobstore(mbusURL: manifest.installation.mbus, caPEM: manifest.installation.cert.ca)
        return InstanceContext(
            prepared: prepared, cloud: cloud, agent: agent, blobs: blobs, store: store, work: work,
            skipDrain: request.skipDrain, recreatePersistentDisks: request.recreatePersistentDisks, request: request)
    }
}

/// What a deploy decided and did.
public struct DeployReport: Sendable {
    /// Deployed, or skipped because the state already recorded this deployment.
    public var outcome: DeployOutcome
    /// The plan the run made (the one `deployer plan` prints for the same state).
    public var plan: Plan
    /// The plan's steps the run executed, in order.
    public var executed: [PlanStep]
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
