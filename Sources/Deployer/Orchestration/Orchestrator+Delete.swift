import AgentClient
import CPIProtocol
import DeployerSupport
import Foundation
import ReleaseCompiler

extension Orchestrator {
    /// delete-env (spec create-env.md §9): install the CPI, shut down and delete the VM, then
    /// the disks and stemcells, each forgotten by the state right after; finally remove the
    /// CPI installation and the state file. Resources the cloud no longer knows are skipped.
    /// - Parameters:
    ///   - request: manifest, variables and flags (`skipDrain`).
    ///   - store: the deployment state.
    ///   - stateFileExists: false when there is no state file: nothing is done.
    ///   - stage: receives progress.
    /// - Returns: `.noState` when there was nothing to delete.
    /// - Throws: the failing step's error; the state then lists what is left.
    public func delete(
        _ request: DeployRequest, store: any StateStore, stateFileExists: Bool, stage: any Stage
    )
        async throws -> DeleteOutcome
    {
        guard announce(request, store: store, stateFileExists: stateFileExists, stage: stage) else { return .noState }
        return try await withLockedState(store) {
            let state = try await store.load()
            let (manifest, tarballs) = try await withContext("Validating") {
                try await stage.performComplex("validating") { sub in
                    let manifest = try await sub.perform("Validating deployment manifest") {
                        let node = try interpolate(request).node
                        // Only the release set and cloud_provider matter here, as in bosh-cli.
                        return ManifestParser.decode(node, path: request.manifestPath, homeDirectory: options.userHome)
                            .manifest
                    }
                    var refs: [ReleaseRef] = []
                    for template in try cpiTemplates(manifest)
                    where !refs.contains(where: { $0.name == template.release }) {
                        guard let ref = manifest.releaseSet.release(named: template.release) else {
                            throw OrchestrationError.unknownRelease(
                                template.release, usedBy: "cloud_provider.templates")
                        }
                        refs.append(ref)
                    }
                    let resolved = try await artifacts.resolve(refs.map(ArtifactRequest.release))
                    var read: [(name: String, tarball: String, manifest: ReleaseManifest)] = []
                    for (ref, artifact) in zip(refs, resolved) {
                        let releaseManifest = try await sub.perform("Validating release '\(ref.name)'") {
                            let releaseManifest = try await inspector.releaseManifest(tarball: artifact.localPath)
                            guard releaseManifest.name == ref.name else {
                                throw ReleaseError.releaseNameMismatch(
                                    manifest: ref.name, tarball: releaseManifest.name)
                            }
                            return releaseManifest
                        }
                        read.append((ref.name, artifact.localPath, releaseManifest))
                    }
                    try await validateCPIRelease(manifest, releases: read, stage: sub)
                    return (
                        manifest,
                        Dictionary(read.map { ($0.name, $0.tarball) }, uniquingKeysWith: { first, _ in first })
                    )
                }
            }
            let cloud = try await withContext("Installing CPI") {
                try await installCPI(
                    manifest: manifest, tarballs: tarballs, state: state,
                    stemcellAPIVersion: state.currentStemcell?.apiVersion, stage: stage)
            }
            let agent = try connector.agent(
                mbusURL: manifest.installation.mbus, caPEM: manifest.installation.cert.ca, replyTo: state.directorID)
            try await withContext("Deleting deployment") {
                try await stage.performComplex("deleting deployment") { sub in
                    try await PendingCreations.report(store: store, stage: sub)
                    let vms = VMSteps(cloud: cloud, agent: agent, store: store, options: options, stage: sub)
                    try await vms.adoptInterruptedVM()
                    let state = try await store.current()
                    if let vm = state.currentVMCID {
                        try await vms.remove(vm, skipDrain: request.skipDrain)
                    }
                    if let disk = state.currentDisk {
                        try await diskSteps(cloud, agent: agent, store: store, stage: sub).delete(
                            disk.cid, label: "Deleting disk")
                    }
                    if let stemcell = state.currentStemcell {
                        try await StemcellSteps(cloud: cloud, store: store, stage: sub).delete(
                            stemcell.cid, label: "Deleting stemcell")
                    }
                }
            }
            for disk in try await store.unusedDisks() {
                try await diskSteps(cloud, agent: agent, store: store, stage: stage).delete(
                    disk.cid, label: "Deleting unused disk")
            }
            for stemcell in try await store.unusedStemcells() {
                try await StemcellSteps(cloud: cloud, store: store, stage: stage).delete(
                    stemcell.cid, label: "Deleting unused stemcell")
            }
            try await stage.step("Uninstalling local artifacts for CPI and deployment") {
                let installation = options.installationDirectory(state.installationID)
                if FileManager.default.fileExists(atPath: installation) {
                    try FileManager.default.removeItem(atPath: installation)
                }
                try await store.removeFile()
            }
            return .deleted
        }
    }

    /// Disk deletion needs no metadata: nothing is attached.
    private func diskSteps(_ cloud: any Cloud, agent: any Agent, store: any StateStore, stage: any Stage) -> DiskSteps {
        DiskSteps(cloud: cloud, agent: agent, store: store, options: options, metadata: { _ in [:] }, stage: stage)
    }
}
