import AgentClient
import AgentProtocol
import CPIProtocol
import Deployer
import DeployerSupport
import Foundation
import ReleaseCompiler
import Synchronization

// Test doubles of the orchestrator's collaborators, used only by this target's tests (the
// fakes other targets share live in DeployerTestSupport). They record every call in one
// shared log so tests can check the order where order is the contract.

/// The ordered calls all fakes made, as `cpi create_vm`, `agent apply`, ...
final class CallLog: Sendable {
    private let calls = Mutex<[String]>([])
    /// The agent id and CID of the VM the fake cloud made last: the fake agent reports them
    /// in `get_state`, as a real VM's agent reports its settings.
    let lastVM = Mutex<(agentID: String, cid: String)?>(nil)
    func record(_ call: String) { calls.withLock { $0.append(call) } }
    var all: [String] { calls.withLock { $0 } }
    func index(of call: String) -> Int? { all.firstIndex(of: call) }
}

/// A stateful in-memory cloud that can fail a chosen method.
actor FakeCloud: CPIHandler {
    let log: CallLog
    var stemcells: Set<String> = []
    var vms: Set<String> = []
    var disks: Set<String> = []
    var failing: String?
    /// Runs inside `attach_disk`, before it returns (to look at the state file then).
    var onAttach: (@Sendable () -> Void)?
    private var counter = 0

    init(log: CallLog) { self.log = log }

    func fail(_ method: String?) { failing = method }
    /// The cloud loses every VM (deleted by hand in the console, say) without the state knowing.
    func loseAllVMs() { vms.removeAll() }
    /// The next `create_vm` makes its VM and then fails as a killed deployer would see it.
    var losesNextCreateVMAnswer = false
    func loseNextCreateVMAnswer() { losesNextCreateVMAnswer = true }
    /// The next `create_vm` makes its VM and then answers with garbage on stdout.
    var garblesNextCreateVMAnswer = false
    func garbleNextCreateVMAnswer() { garblesNextCreateVMAnswer = true }
    /// Methods (`create_disk`, `create_stemcell`) whose next call makes its resource and then
    /// fails as a deployer killed right after the answer would see it.
    var losesNextAnswer: Set<String> = []
    func loseNextAnswer(of method: String) { losesNextAnswer.insert(method) }
    private func loseAnswerIfAsked(_ method: String) throws {
        if losesNextAnswer.remove(method) != nil { throw CancellationError() }
    }
    /// Puts resources made by an earlier tool into the cloud.
    func adopt(vm: String, disk: String, stemcell: String) {
        vms.insert(vm)
        disks.insert(disk)
        stemcells.insert(stemcell)
    }
    /// Makes the cloud lose a VM and a disk behind the deployer's back.
    func forget(vm: String, disk: String) {
        vms.remove(vm)
        disks.remove(disk)
    }
    /// Makes the cloud lose everything behind the deployer's back.
    func forgetEverything() {
        vms.removeAll()
        disks.removeAll()
        stemcells.removeAll()
    }
    func setOnAttach(_ body: @escaping @Sendable () -> Void) { onAttach = body }

    private func call(_ method: String) throws {
        log.record("cpi \(method)")
        if failing == method {
            throw CPIError.cloud(method: method, CPIResponseError(type: .cloudError, message: "injected failure"))
        }
    }

    private func next(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)-\(counter)"
    }

    static let routes = CPIRoutes<FakeCloud>()
        .on(InfoArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(CreateStemcellArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(DeleteStemcellArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(CreateVMArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(DeleteVMArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(HasVMArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(SetVMMetadataArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(CreateDiskArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(DeleteDiskArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(HasDiskArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(AttachDiskArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(DetachDiskArguments.self) { cloud, message in try await cloud.handle(message) }
        .on(SetDiskMetadataArguments.self) { cloud, message in try await cloud.handle(message) }

    func handle(_: InfoArguments) throws -> CPIInfo {
        try call("info")
        return CPIInfo(apiVersion: 2, stemcellFormats: ["local-tgz"])
    }
    func handle(_: CreateStemcellArguments) throws -> StemcellCID {
        try call("create_stemcell")
        let cid = next("sc")
        stemcells.insert(cid)
        try loseAnswerIfAsked("create_stemcell")
        return StemcellCID(cid)
    }
    func handle(_ message: DeleteStemcellArguments) throws {
        try call("delete_stemcell")
        guard stemcells.remove(message.cid.rawValue) != nil else {
            throw CPIError.cloud(method: "delete_stemcell", CPIResponseError(type: .stemcellNotFound, message: "gone"))
        }
    }
    func handle(_ arguments: CreateVMArguments) throws -> CreatedVM {
        try call("create_vm")
        let cid = next("vm")
        vms.insert(cid)
        log.lastVM.withLock { $0 = (arguments.agentID, cid) }
        if losesNextCreateVMAnswer {
            losesNextCreateVMAnswer = false
            throw CancellationError()  // the VM exists, but the deployer never hears of it
        }
        if garblesNextCreateVMAnswer {
            garblesNextCreateVMAnswer = false
            throw CPIError.badResponse(
                method: "create_vm", executable: "cpi", reason: "stdout is not one JSON value", excerpt: "oops")
        }
        return CreatedVM(cid: VMCID(cid))
    }
    func handle(_ message: DeleteVMArguments) throws {
        try call("delete_vm")
        guard vms.remove(message.cid.rawValue) != nil else {
            throw CPIError.cloud(method: "delete_vm", CPIResponseError(type: .vmNotFound, message: "gone"))
        }
    }
    func handle(_ message: HasVMArguments) throws -> Bool {
        try call("has_vm")
        return vms.contains(message.cid.rawValue)
    }
    func handle(_: SetVMMetadataArguments) throws {
        try call("set_vm_metadata")
    }
    func handle(_: CreateDiskArguments) throws -> DiskCID {
        try call("create_disk")
        let cid = next("disk")
        disks.insert(cid)
        try loseAnswerIfAsked("create_disk")
        return DiskCID(cid)
    }
    func handle(_ message: DeleteDiskArguments) throws {
        try call("delete_disk")
        guard disks.remove(message.cid.rawValue) != nil else {
            throw CPIError.cloud(method: "delete_disk", CPIResponseError(type: .diskNotFound, message: "gone"))
        }
    }
    func handle(_ message: HasDiskArguments) throws -> Bool {
        try call("has_disk")
        return disks.contains(message.cid.rawValue)
    }
    func handle(_: AttachDiskArguments) throws -> JSONValue? {
        try call("attach_disk")
        onAttach?()
        return .string("/dev/sdc")
    }
    func handle(_: DetachDiskArguments) throws { try call("detach_disk") }
    func handle(_: SetDiskMetadataArguments) throws {
        log.record("cpi set_disk_metadata")
        throw CPIError.cloud(method: "set_disk_metadata", CPIResponseError(type: .notImplemented, message: "no"))
    }
}

/// An agent that answers everything and reports its job running, or (`unreachable`) never answers.
struct FakeAgent: Agent {
    let log: CallLog
    var unreachable = false
    /// `run_script` of this script fails on job `web`, as bosh-agent reports it.
    var failingScript: String?
    /// The `job_state` (and the state of process `web`) `get_state` reports.
    var jobState = "running"
    func ping() async throws -> String { "pong" }
    func waitUntilReady(timeout: Duration) async throws {
        log.record("agent ping")
        if unreachable {
            throw AgentError(
                endpoint: "https://127.0.0.2:6868", operation: "ping", reason: .cannotConnect(detail: "refused"))
        }
    }
    func getState() async throws -> AgentState {
        log.record("agent get_state")
        var state = AgentState(jobState: jobState)
        state.processes = [AgentProcess(name: "web", state: jobState == "running" ? "running" : "failing")]
        if let vm = log.lastVM.withLock({ $0 }) {
            state.agentID = vm.agentID
            state.vm = ["name": .string(vm.cid)]
        }
        return state
    }
    func apply(_ spec: ApplySpec) async throws {
        log.record(spec.packages.isEmpty ? "agent apply initial" : "agent apply full")
    }
    func start() async throws { log.record("agent start") }
    func stop() async throws { log.record("agent stop") }
    func drain(_ type: DrainType) async throws -> Int64 {
        log.record("agent drain")
        return 0
    }
    func runScript(_ name: String, options: RunScriptOptions) async throws {
        log.record("agent run_script \(name)")
        if name == failingScript {
            throw AgentError(
                endpoint: "https://mbus:<redacted>@127.0.0.2:6868",
                operation: "polling task 1 of 'run_script' (get_task)",
                reason: .agentException(
                    message: "Action Failed get_task: Task 1 result: 1 of 1 \(name) scripts failed. Failed Jobs: web."))
        }
    }
    func mountDisk(_ diskCID: DiskCID) async throws { log.record("agent mount_disk") }
    func unmountDisk(_ diskCID: DiskCID) async throws { log.record("agent unmount_disk") }
    func addPersistentDisk(_ diskCID: DiskCID, hint: AgentJSON) async throws { log.record("agent add_persistent_disk") }
    func removePersistentDisk(_ diskCID: DiskCID) async throws { log.record("agent remove_persistent_disk") }
    func migrateDisk() async throws { log.record("agent migrate_disk") }
    func listDisk() async throws -> [DiskCID] {
        log.record("agent list_disk")
        return []
    }
    func compilePackage(_ arguments: CompilePackageArguments) async throws -> BlobReference {
        log.record("agent compile_package \(arguments.name)")
        // The digest of what `FakeBlobstore.downloadBlob` writes for this blob, as a real
        // agent's answer matches the blob it stored.
        let blobID = BlobID("compiled-\(arguments.name)")
        let digest = try Digest.compute(of: Data(FakeBlobstore.content(of: blobID).utf8), algorithm: .sha256)
        return BlobReference(blobstoreID: blobID, sha1: "sha256:" + digest.hex)
    }
    func updateSettings(_ settings: SettingsUpdate) async throws {}
    func deleteARPEntries(ips: [String]) async throws {}
    func syncDNS(blobID: BlobID, digest: String, version: UInt64) async throws -> String { "synced" }
    func fetchLogs(types: String, filters: [String]) async throws -> BlobReference {
        log.record("agent fetch_logs \(types)" + (filters.isEmpty ? "" : " " + filters.joined(separator: ",")))
        let blobID = BlobID("logs-\(types)")
        let digest = try Digest.compute(of: Data(FakeBlobstore.content(of: blobID).utf8), algorithm: .sha256)
        return BlobReference(blobstoreID: blobID, sha1: "sha256:" + digest.hex)
    }
}

struct FakeBlobstore: BlobStoring {
    let log: CallLog
    /// What a download of a `logs-*` blob gives (a tarball on disk), instead of text.
    var logsTarball: String?
    func uploadBlob(file: String, expectedDigest: String?, algorithm: DigestAlgorithm) async throws -> BlobReference {
        log.record("blob put")
        if let expectedDigest {
            return BlobReference(blobstoreID: BlobID(UUID().uuidString.lowercased()), sha1: expectedDigest)
        }
        // Hashed while sent, as BlobstoreClient does without an expected digest.
        let digest = try Digest.compute(ofFile: file, algorithm: algorithm)
        return BlobReference(blobstoreID: BlobID(UUID().uuidString.lowercased()), sha1: digest.description)
    }
    func downloadBlob(_ blobID: BlobID, to file: String, expectedDigest: String?) async throws {
        log.record("blob get")
        if blobID.rawValue.hasPrefix("logs-"), let logsTarball {
            try FileManager.default.copyItem(atPath: logsTarball, toPath: file)
            return
        }
        try Data(Self.content(of: blobID).utf8).write(to: URL(fileURLWithPath: file))
    }
    /// What the fake blob store holds for `blobID`.
    static func content(of blobID: BlobID) -> String { "compiled \(blobID)" }
}

struct FakeConnector: AgentConnecting {
    let log: CallLog
    var agentUnreachable = false
    var failingScript: String?
    var jobState = "running"
    var logsTarball: String?
    func agent(mbusURL: String, caPEM: String, replyTo: String) throws -> any Agent {
        FakeAgent(log: log, unreachable: agentUnreachable, failingScript: failingScript, jobState: jobState)
    }
    func blobstore(mbusURL: String, caPEM: String) throws -> any BlobStoring {
        FakeBlobstore(log: log, logsTarball: logsTarball)
    }
}

/// Installs nothing and hands out the shared fake cloud.
struct FakeProvisioner: CPIProvisioning {
    let cloud: FakeCloud
    let log: CallLog
    func install(_ request: CPIInstallRequest, stage: any Stage) async throws -> any Cloud {
        log.record("install cpi \(request.jobs.map(\.job).joined(separator: ","))")
        return cloud
    }
}

/// Resolves a release to `<directory>/<name>.tgz` and the stemcell to `<directory>/stemcell.tgz`.
struct FakeResolver: ArtifactResolving {
    let directory: String
    func resolve(_ requests: [ArtifactRequest]) async throws -> [ResolvedArtifact] {
        let digest = try MultiDigest(parsing: "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        return requests.map {
            let file = $0.kind == .stemcell ? "stemcell" : $0.name
            return ResolvedArtifact(
                name: $0.name, kind: $0.kind, localPath: "\(directory)/\(file).tgz", digest: digest, size: 0,
                origin: .local)
        }
    }
}

/// Releases `cpi` (job `cpi_job`) and `app` (job `web` needing `server` → `lib`).
struct FakeInspector: ReleaseInspecting {
    let scratch: String
    /// Version of the `app` release, to simulate a new release.
    var appVersion = "1"
    /// Version of the stemcell, to simulate a new stemcell.
    var stemcellVersion = "1.0"
    /// `compiled_packages` of the `app` release's release.MF (its `server` also goes to
    /// `compiledAlternatives` when listed, as a release shipping it both ways).
    var appCompiledPackages: [ReleaseManifest.Entry] = []
    /// The `app` release's release.MF lists `server` only compiled (a compiled release).
    var appWithoutSources = false
    /// The stemcell (`<os>/<version>`) package `lib` was compiled for. When set, an extracted
    /// `app` also has its files on disk as a real extraction leaves them (release.MF,
    /// jobs/web.tgz, compiled_packages/lib.tgz).
    var libCompiledFor: String?

    func releaseManifest(tarball: String) async throws -> ReleaseManifest {
        // The tarball path names which release is meant.
        tarball.hasSuffix("cpi.tgz") ? cpiManifest : appManifest
    }

    private var cpiManifest: ReleaseManifest {
        ReleaseManifest(
            name: "cpi", version: "1",
            jobs: [
                .init(name: "cpi_job", version: "j", fingerprint: "j", sha1: "s"),
                .init(name: "second_cpi_job", version: "k", fingerprint: "k", sha1: "s"),
            ])
    }

    private var appManifest: ReleaseManifest {
        ReleaseManifest(
            name: "app", version: appVersion, jobs: [.init(name: "web", version: "w", fingerprint: "w", sha1: "s")],
            packages: [
                .init(name: "lib", version: "lfp", fingerprint: "lfp", sha1: "l1"),
                .init(name: "server", version: "sfp", fingerprint: "sfp", sha1: "s1", dependencies: ["lib"]),
            ].filter { !appWithoutSources || $0.name != "server" },
            compiledPackages: appCompiledPackages)
    }

    func jobManifest(tarball: String, job: String, release: ReleaseManifest) async throws -> JobManifest {
        // The CPI jobs (`cpi_job`, `second_cpi_job`) render bin/cpi.
        JobManifest(
            name: job, templates: job.hasSuffix("cpi_job") ? [.init(source: "cpi.erb", destination: "bin/cpi")] : [],
            packages: job == "web" ? ["server"] : [])
    }

    func extractRelease(tarball: String, into directory: String) async throws -> ExtractedRelease {
        let job = ExtractedJob(
            manifest: JobManifest(name: "web", packages: ["server"]), fingerprint: "wfp", directory: directory)
        var libTarball = tarball
        if libCompiledFor != nil {
            libTarball = directory + "/compiled_packages/lib.tgz"
            for (path, text) in [
                ("release.MF", appManifest.yaml()), ("jobs/web.tgz", "web"), ("compiled_packages/lib.tgz", "lib"),
            ] {
                try FileTree.write(text, to: directory + "/" + path)
            }
        }
        if appWithoutSources {
            return ExtractedRelease(
                manifest: appManifest, directory: directory, jobs: [job],
                packages: [
                    ReleasePackage(
                        name: "lib", fingerprint: "lfp", sha1: "l1", dependencies: [], tarball: libTarball,
                        isCompiled: true, stemcell: libCompiledFor)
                ]
                    + appCompiledPackages.map {
                        ReleasePackage(
                            name: $0.name, fingerprint: $0.fingerprint, sha1: $0.sha1, dependencies: $0.dependencies,
                            tarball: tarball, isCompiled: true, stemcell: $0.stemcell)
                    })
        }
        return ExtractedRelease(
            manifest: appManifest, directory: directory, jobs: [job],
            packages: [
                ReleasePackage(
                    name: "lib", fingerprint: "lfp", sha1: "l1", dependencies: [], tarball: libTarball,
                    isCompiled: true,
                    stemcell: libCompiledFor),
                ReleasePackage(
                    name: "server", fingerprint: "sfp", sha1: "s1", dependencies: ["lib"], tarball: tarball,
                    isCompiled: false),
            ],
            compiledAlternatives: appCompiledPackages.filter { $0.name == "server" }.map {
                ReleasePackage(
                    name: $0.name, fingerprint: $0.fingerprint, sha1: $0.sha1, dependencies: $0.dependencies,
                    tarball: tarball, isCompiled: true, stemcell: $0.stemcell)
            })
    }

    func stemcellManifest(tarball: String) async throws -> StemcellManifest {
        StemcellManifest(
            name: "fake-stemcell", version: stemcellVersion, operatingSystem: "ubuntu-jammy", sha1: "x", apiVersion: 3)
    }

    func extractStemcell(tarball: String, into directory: String) async throws -> ExtractedStemcell {
        ExtractedStemcell(
            manifest: try await stemcellManifest(tarball: tarball), directory: directory, imagePath: scratch + "/image",
            isLight: false)
    }
}

/// Writes one file per job instead of running ERB.
struct FakeRenderer: TemplateRenderer {
    func render(job: ExtractedJob, context: RenderContext, into directory: String) async throws -> RenderedJob {
        try FileManager.default.createDirectory(atPath: directory + "/bin", withIntermediateDirectories: true)
        try Data("#!/bin/sh\n".utf8).write(to: URL(fileURLWithPath: directory + "/bin/ctl"))
        return RenderedJob(name: job.name, fingerprint: job.fingerprint, directory: directory)
    }
}

/// Collects stage events.
final class EventLog: EventSink {
    private let events = Mutex<[DeployEvent]>([])
    func emit(_ event: DeployEvent) { events.withLock { $0.append(event) } }
    var all: [DeployEvent] { events.withLock { $0 } }

    /// Names of the steps that finished, were skipped, or failed, as `name: outcome`.
    var outcomes: [String] {
        all.compactMap { event in
            switch event {
            case .stageFinished(_, let name, _, _): return "\(name): finished"
            case .stageSkipped(_, let name, let reason, _): return "\(name): skipped [\(reason)]"
            case .stageFailed(_, let name, _, _, _): return "\(name): failed"
            default: return nil
            }
        }
    }

    var infos: [String] {
        all.compactMap { if case .info(let text) = $0 { return text } else { return nil } }
    }

    var warnings: [String] {
        all.compactMap { if case .warning(let text) = $0 { return text } else { return nil } }
    }
}
