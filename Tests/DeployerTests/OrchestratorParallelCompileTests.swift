import AgentClient
import AgentProtocol
import CPIProtocol
import Deployer
import DeployerSupport
import Foundation
import Interpolation
import ReleaseCompiler
import Synchronization
import Testing

/// What the compiling agent saw: `start <name>` / `end <name>` in order (with other events
/// noted between them), the most compilations in flight at once, and each package's compile
/// arguments.
final class CompileTrace: Sendable {
    private struct Storage {
        var events: [String] = []
        var running = 0
        var maxRunning = 0
        var arguments: [String: CompilePackageArguments] = [:]
    }
    private let storage = Mutex(Storage())

    func begin(_ arguments: CompilePackageArguments) {
        storage.withLock {
            $0.events.append("start \(arguments.name)")
            $0.arguments[arguments.name] = arguments
            $0.running += 1
            $0.maxRunning = max($0.maxRunning, $0.running)
        }
    }

    /// Records something else that happened (a download began), for waits to follow.
    func note(_ event: String) {
        storage.withLock { $0.events.append(event) }
    }

    func end(_ name: String) {
        storage.withLock {
            $0.events.append("end \(name)")
            $0.running -= 1
        }
    }

    var events: [String] { storage.withLock { $0.events } }
    var maxRunning: Int { storage.withLock { $0.maxRunning } }
    func arguments(of name: String) -> CompilePackageArguments? { storage.withLock { $0.arguments[name] } }
}

/// `FakeAgent` whose `compile_package` takes a while (so overlaps show) and can fail.
struct SlowCompilingAgent: Agent {
    let base: FakeAgent
    let trace: CompileTrace
    /// Package → a trace event its compilation waits for (at most 60 s) before it ends. The
    /// bound only keeps a wrong scheduler from hanging the test; it is long because a loaded
    /// CI machine once took more than 5 s to finish the other package (the test then failed).
    var waits: [String: String] = [:]
    var failing: String?

    func compilePackage(_ arguments: CompilePackageArguments) async throws -> BlobReference {
        trace.begin(arguments)
        try await Task.sleep(for: .milliseconds(60))
        if let event = waits[arguments.name] {
            let deadline = ContinuousClock.now.advanced(by: .seconds(60))
            while !trace.events.contains(event), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        trace.end(arguments.name)
        if arguments.name == failing {
            throw AgentError(
                endpoint: "https://127.0.0.2:6868", operation: "compiling",
                reason: .agentException(message: "make failed"))
        }
        return try await base.compilePackage(arguments)
    }

    func ping() async throws -> String { try await base.ping() }
    func waitUntilReady(timeout: Duration) async throws { try await base.waitUntilReady(timeout: timeout) }
    func getState() async throws -> AgentState { try await base.getState() }
    func apply(_ spec: ApplySpec) async throws { try await base.apply(spec) }
    func start() async throws { try await base.start() }
    func stop() async throws { try await base.stop() }
    func drain(_ type: DrainType) async throws -> Int64 { try await base.drain(type) }
    func runScript(_ name: String, options: RunScriptOptions) async throws {
        try await base.runScript(name, options: options)
    }
    func mountDisk(_ diskCID: DiskCID) async throws { try await base.mountDisk(diskCID) }
    func unmountDisk(_ diskCID: DiskCID) async throws { try await base.unmountDisk(diskCID) }
    func addPersistentDisk(_ diskCID: DiskCID, hint: AgentJSON) async throws {
        try await base.addPersistentDisk(diskCID, hint: hint)
    }
    func removePersistentDisk(_ diskCID: DiskCID) async throws { try await base.removePersistentDisk(diskCID) }
    func migrateDisk() async throws { try await base.migrateDisk() }
    func listDisk() async throws -> [DiskCID] { try await base.listDisk() }
    func updateSettings(_ settings: SettingsUpdate) async throws { try await base.updateSettings(settings) }
    func deleteARPEntries(ips: [String]) async throws { try await base.deleteARPEntries(ips: ips) }
    func fetchLogs(types: String, filters: [String]) async throws -> BlobReference {
        try await base.fetchLogs(types: types, filters: filters)
    }
    func syncDNS(blobID: BlobID, digest: String, version: UInt64) async throws -> String {
        try await base.syncDNS(blobID: blobID, digest: digest, version: version)
    }
}

struct SlowCompilingConnector: AgentConnecting {
    let log: CallLog
    let trace: CompileTrace
    var waits: [String: String] = [:]
    var failing: String?
    /// The blob store; a `FakeBlobstore` on `log` when nil.
    var blobs: (any BlobStoring)?
    func agent(mbusURL: String, caPEM: String, replyTo: String) throws -> any Agent {
        SlowCompilingAgent(base: FakeAgent(log: log), trace: trace, waits: waits, failing: failing)
    }
    func blobstore(mbusURL: String, caPEM: String) throws -> any BlobStoring { blobs ?? FakeBlobstore(log: log) }
}

/// `FakeInspector` whose `app` release has the given source packages; job `web` needs `roots`.
struct GraphInspector: ReleaseInspecting {
    let base: FakeInspector
    /// Package name → its dependencies.
    let graph: [String: [String]]
    let roots: [String]

    func releaseManifest(tarball: String) async throws -> ReleaseManifest {
        try await base.releaseManifest(tarball: tarball)
    }
    func jobManifest(tarball: String, job: String, release: ReleaseManifest) async throws -> JobManifest {
        try await base.jobManifest(tarball: tarball, job: job, release: release)
    }
    func stemcellManifest(tarball: String) async throws -> StemcellManifest {
        try await base.stemcellManifest(tarball: tarball)
    }
    func extractStemcell(tarball: String, into directory: String) async throws -> ExtractedStemcell {
        try await base.extractStemcell(tarball: tarball, into: directory)
    }

    func extractRelease(tarball: String, into directory: String) async throws -> ExtractedRelease {
        let original = try await base.extractRelease(tarball: tarball, into: directory)
        let job = ExtractedJob(
            manifest: JobManifest(name: "web", packages: roots), fingerprint: "wfp", directory: directory)
        let packages = graph.keys.sorted().map { name in
            ReleasePackage(
                name: name, fingerprint: "\(name)fp", sha1: "\(name)1", dependencies: graph[name] ?? [],
                tarball: tarball,
                isCompiled: false)
        }
        return ExtractedRelease(manifest: original.manifest, directory: directory, jobs: [job], packages: packages)
    }
}

/// A deploy against fakes whose VM compiles the packages of `graph` slowly.
struct ParallelCompileHarness {
    let base: OrchestratorHarness
    let trace = CompileTrace()
    let graph: [String: [String]]
    let roots: [String]
    let waits: [String: String]

    init(graph: [String: [String]], roots: [String], waits: [String: String] = [:]) throws {
        base = try OrchestratorHarness()
        self.graph = graph
        self.roots = roots
        self.waits = waits
    }

    func deploy(maxParallel: Int, failing: String? = nil) async throws -> DeployOutcome {
        let orchestrator = Orchestrator(
            interpolator: Interpolator(generator: BoshVariableGenerator()),
            artifacts: FakeResolver(directory: base.directory),
            inspector: GraphInspector(base: base.inspector, graph: graph, roots: roots),
            provisioner: FakeProvisioner(cloud: base.cloud, log: base.log),
            connector: SlowCompilingConnector(log: base.log, trace: trace, waits: waits, failing: failing),
            renderer: FakeRenderer(), compiledPackages: nil,
            options: OrchestratorOptions(
                deployerHome: base.directory + "/home", agentReadyTimeout: .seconds(1),
                existingAgentTimeout: .seconds(1), runningPollInterval: .milliseconds(10),
                maxParallelCompiles: maxParallel))
        return try await orchestrator.deploy(base.request(), store: base.store(), stage: EventStage(sink: base.events))
    }

    /// Every package started only after all of its dependencies ended.
    func checkDependenciesFinishedFirst() {
        let events = trace.events
        for (name, dependencies) in graph {
            guard let started = events.firstIndex(of: "start \(name)") else {
                Issue.record("\(name) was never compiled")
                continue
            }
            for dependency in dependencies {
                let ended = events.firstIndex(of: "end \(dependency)")
                #expect(ended.map { $0 < started } == true, "\(name) started before \(dependency) ended: \(events)")
            }
        }
    }
}

@Suite struct OrchestratorParallelCompileTests {
    /// `a` and `b` are independent; `c` needs both; `d` needs `c`.
    static let diamond: [String: [String]] = ["a": [], "b": [], "c": ["a", "b"], "d": ["c"]]

    @Test func twoIndependentPackagesCompileAtTheSameTimeAndDependenciesWait() async throws {
        let harness = try ParallelCompileHarness(graph: Self.diamond, roots: ["d"])
        defer { harness.base.cleanUp() }

        #expect(try await harness.deploy(maxParallel: 2) == .deployed)

        let events = harness.trace.events
        #expect(Set(events.prefix(2)) == ["start a", "start b"], "\(events)")
        #expect(harness.trace.maxRunning == 2)
        harness.checkDependenciesFinishedFirst()
        // The agent compiles each package against its direct dependencies' compiled blobs.
        let c = try #require(harness.trace.arguments(of: "c"))
        #expect(c.dependencies.keys.sorted() == ["a", "b"])
        #expect(c.dependencies["a"]?.blobstoreID == "compiled-a")
        #expect(harness.trace.arguments(of: "d")?.dependencies.keys.sorted() == ["c"])
        for name in ["a", "b", "c", "d"] {
            #expect(harness.base.events.outcomes.contains("Compiling package '\(name)/\(name)fp': finished"))
        }
        // Compilation is over before the instance is updated.
        let calls = harness.base.log.all
        let lastCompile = try #require(calls.lastIndex { $0.hasPrefix("agent compile_package") })
        let apply = try #require(calls.firstIndex(of: "agent apply full"))
        #expect(lastCompile < apply)
    }

    @Test func oneAtATimeFollowsTheSerialDependencyOrder() async throws {
        let harness = try ParallelCompileHarness(graph: Self.diamond, roots: ["d"])
        defer { harness.base.cleanUp() }

        #expect(try await harness.deploy(maxParallel: 1) == .deployed)

        #expect(
            harness.trace.events == [
                "start a", "end a", "start b", "end b", "start c", "end c", "start d", "end d",
            ])
        #expect(harness.trace.maxRunning == 1)
        let compiling = harness.base.events.outcomes.filter { $0.hasPrefix("Compiling package") }
        #expect(compiling == ["a", "b", "c", "d"].map { "Compiling package '\($0)/\($0)fp': finished" })
    }

    @Test func neverMoreThanTheLimitAtOnce() async throws {
        // Five independent packages and one needing them all.
        let graph: [String: [String]] = [
            "p1": [], "p2": [], "p3": [], "p4": [], "p5": [], "top": ["p1", "p2", "p3", "p4", "p5"],
        ]
        let harness = try ParallelCompileHarness(graph: graph, roots: ["top"])
        defer { harness.base.cleanUp() }

        _ = try await harness.deploy(maxParallel: 3)

        #expect(harness.trace.maxRunning == 3)
        #expect(harness.trace.events.last == "end top")
        harness.checkDependenciesFinishedFirst()
    }

    @Test func theAgentsTaskQueueBoundsALargerLimit() async throws {
        // bosh-agent queues at most 5 async tasks behind the running one.
        var graph: [String: [String]] = [:]
        for index in 1...8 { graph["p\(index)"] = [] }
        let harness = try ParallelCompileHarness(graph: graph, roots: graph.keys.sorted())
        defer { harness.base.cleanUp() }

        _ = try await harness.deploy(maxParallel: 16)

        #expect(harness.trace.maxRunning == 5)
        #expect(harness.trace.events.count == 16)
    }

    @Test func aPackageWhoseDependencyIsDoneStartsWithoutWaitingForItsWholeLevel() async throws {
        // `a` and `slow` are on the first level; `b` needs only `a`. `slow` ends only once `b`
        // has ended (or after 60 s), which only a ready queue allows: a level-by-level
        // scheduler would hold `b` back until `slow` is done.
        let graph: [String: [String]] = ["a": [], "b": ["a"], "slow": []]
        let harness = try ParallelCompileHarness(graph: graph, roots: ["b", "slow"], waits: ["slow": "end b"])
        defer { harness.base.cleanUp() }

        _ = try await harness.deploy(maxParallel: 2)

        harness.checkDependenciesFinishedFirst()
        let events = harness.trace.events
        let endB = try #require(events.firstIndex(of: "end b"))
        let endSlow = try #require(events.firstIndex(of: "end slow"))
        #expect(endB < endSlow, "\(events)")
    }

    @Test func aFailedCompilationNamesThePackageAndStopsTheDeploy() async throws {
        let harness = try ParallelCompileHarness(graph: Self.diamond, roots: ["d"])
        defer { harness.base.cleanUp() }

        let error = await #expect(throws: ContextError.self) { try await harness.deploy(maxParallel: 2, failing: "b") }

        #expect(String(describing: error).contains("Compiling package 'b/bfp'"))
        #expect(error?.find(AgentError.self) != nil)
        #expect(!harness.trace.events.contains("start c"))
        #expect(harness.base.events.outcomes.contains("Compiling package 'b/bfp': failed"))
        #expect(!harness.base.log.all.contains("agent apply full"))
        // The VM is recorded, so the next run continues from there.
        #expect(try harness.base.stateOnDisk().currentVMCID != nil)
    }
}
