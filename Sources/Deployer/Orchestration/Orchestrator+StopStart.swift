import AgentClient
import CPIProtocol
import DeployerSupport

extension Orchestrator {
    /// stop-env (spec create-env.md §10): stops the jobs of the VM the state records, through
    /// its agent only (no CPI is installed or called): pre-stop, drain unless `skipDrain`,
    /// stop, post-stop. Disks stay mounted and the state is not changed, so a later `deploy`
    /// of the same manifest is still skipped, as with bosh-cli.
    /// - Parameters:
    ///   - request: manifest, variables and `skipDrain`.
    ///   - store: the deployment state (locked while the command runs).
    ///   - stateFileExists: false when there is no state file: nothing is done.
    ///   - stage: receives progress.
    /// - Returns: `.noState`, `.noVM`, `.agentUnreachable` (bosh-cli then succeeds quietly) or
    ///   `.completed`.
    /// - Throws: `ManifestError` (in a `Validating` context), `NoCurrentDeploymentError` when
    ///   the state records nothing, or the failing agent step's error.
    public func stop(
        _ request: DeployRequest, store: any StateStore, stateFileExists: Bool, stage: any Stage
    )
        async throws -> StopStartOutcome
    {
        try await changeInstanceState(
            request, store: store, stateFileExists: stateFileExists, stage: stage, context: "Stopping environment",
            stageName: "stopping deployment"
        ) { vm, agent, _, sub in
            let shutdown = AgentShutdown(agent: agent, existingAgentTimeout: options.existingAgentTimeout, stage: sub)
            let answered = try await shutdown.shutDown(
                vm, skipDrain: request.skipDrain, unmountDisks: false, whenSilent: "its jobs were not stopped")
            return answered ? .completed : .agentUnreachable
        }
    }

    /// start-env (spec create-env.md §10): starts the jobs of the VM the state records, through
    /// its agent only: pre-start, start, wait until running (the manifest's
    /// `update.update_watch_time`, as deploy), post-start. The state is not changed.
    /// - Parameters:
    ///   - request: manifest and variables.
    ///   - store: the deployment state (locked while the command runs).
    ///   - stateFileExists: false when there is no state file: nothing is done.
    ///   - stage: receives progress.
    /// - Returns: `.noState`, `.noVM`, `.agentUnreachable` (bosh-cli then succeeds quietly) or
    ///   `.completed`.
    /// - Throws: `ManifestError` (in a `Validating` context), `NoCurrentDeploymentError` when
    ///   the state records nothing, `OrchestrationError.notRunning`, or the failing agent step's
    ///   error.
    public func start(
        _ request: DeployRequest, store: any StateStore, stateFileExists: Bool, stage: any Stage
    )
        async throws -> StopStartOutcome
    {
        try await changeInstanceState(
            request, store: store, stateFileExists: stateFileExists, stage: stage, context: "Starting environment",
            stageName: "starting deployment"
        ) { vm, agent, manifest, sub in
            let instance = AgentShutdown.unknownInstance
            let shutdown = AgentShutdown(agent: agent, existingAgentTimeout: options.existingAgentTimeout, stage: sub)
            guard try await shutdown.waitForExistingAgent(vm, whenSilent: "its jobs were not started")
            else { return .agentUnreachable }
            let target = FailureLogTarget(
                instance: instance, deployment: manifest.deployment.name,
                jobs: (try? manifest.deployment.deployableJob().templates.map(\.name)) ?? [], agent: agent,
                blobs: try connector.blobstore(
                    mbusURL: manifest.installation.mbus, caPEM: manifest.installation.cert.ca),
                request: request)
            try await FailureLogExplainer(self).explainingFailures(of: target, stage: sub) {
                try await sub.step("Running the pre-start scripts '\(instance)'") {
                    try await agent.runScript("pre-start")
                }
                try await sub.step("Starting the agent '\(instance)'") { try await agent.start() }
                try await sub.step("Waiting for instance '\(instance)' to be running") {
                    try await InstanceUpdater.waitUntilRunning(
                        instance: instance, watch: manifest.deployment.update.updateWatchTime, agent: agent,
                        pollInterval: options.runningPollInterval)
                }
                try await sub.step("Running the post-start scripts '\(instance)'") {
                    try await agent.runScript("post-start")
                }
            }
            return .completed
        }
    }

    /// What stop and start share (bosh-cli's `deploymentStateManager.executeStateChange`): the
    /// header lines, the missing-state case, the lock, the `validating` stage with only the
    /// manifest, the current-deployment check, then `change` inside the complex stage
    /// `stageName` when the state records a VM.
    func changeInstanceState(
        _ request: DeployRequest, store: any StateStore, stateFileExists: Bool, stage: any Stage, context: String,
        stageName: String,
        _ change: (VMCID, any Agent, DeploymentManifest, any Stage) async throws -> StopStartOutcome
    ) async throws -> StopStartOutcome {
        guard announce(request, store: store, stateFileExists: stateFileExists, stage: stage) else { return .noState }
        return try await withLockedState(store) {
            let state = try await store.load()
            let manifest = try await withContext("Validating") {
                try await stage.performComplex("validating") { sub in
                    // As bosh-cli: the whole manifest is validated, the releases are not read.
                    try await sub.perform("Validating deployment manifest") {
                        let node = try interpolate(request).node
                        return try ManifestParser.parse(
                            node, path: request.manifestPath, homeDirectory: options.userHome)
                    }
                }
            }
            return try await withContext(context) {
                guard state.currentVMCID != nil || state.currentDisk != nil || state.currentStemcell != nil else {
                    throw NoCurrentDeploymentError(statePath: store.path)
                }
                let agent = try connector.agent(
                    mbusURL: manifest.installation.mbus, caPEM: manifest.installation.cert.ca,
                    replyTo: state.directorID)
                return try await stage.performComplex(stageName) { sub in
                    // A disk or stemcell without a VM is a deployment with no instance:
                    // bosh-cli has nothing to stop or start then, and succeeds.
                    guard let vm = state.currentVMCID else { return StopStartOutcome.noVM }
                    return try await change(vm, agent, manifest, sub)
                }
            }
        }
    }
}

/// `stop` or `start` found a state file that records no current VM, disk or stemcell
/// (bosh-cli: `No current deployment found...`).
public struct NoCurrentDeploymentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The state file read.
    public var statePath: String

    /// Creates the error for the state file at `statePath`.
    public init(statePath: String) {
        self.statePath = statePath
    }

    public var description: String {
        "No current deployment found... (the state file '\(statePath)' records no VM, disk or stemcell; "
            + "run `deployer deploy` first)"
    }
}
