import AgentClient
import AgentProtocol
import Deployer
import DeployerSupport
import Foundation
import Interpolation
import ReleaseCompiler
import Synchronization
import Testing

/// What a scripted download does with one compiled blob.
enum ScriptedDownload: Sendable {
    /// Waits (at most 60 s) until `event` is in the compile trace, then downloads.
    case waitFor(String)
    /// Fails as a broken transfer does.
    case fail
    /// Writes part of the file, then waits to be cancelled (at most 60 s) and throws.
    case hang
}

/// `FakeBlobstore` whose downloads note `download started <blob>` in the compile trace, then
/// follow their script and note `download ended <blob>` (trace and call log) or `download
/// cancelled <blob>` (call log).
final class ScriptedDownloadBlobstore: BlobStoring {
    let base: FakeBlobstore
    let trace: CompileTrace
    /// Blob id → what its download does; other blobs download at once.
    let scripts: [String: ScriptedDownload]
    private let partials = Mutex<[String]>([])
    private let running = Mutex<(now: Int, most: Int)>((0, 0))

    init(base: FakeBlobstore, trace: CompileTrace, scripts: [String: ScriptedDownload]) {
        self.base = base
        self.trace = trace
        self.scripts = scripts
    }

    /// Where the hanging downloads wrote their partial files.
    var partialFiles: [String] { partials.withLock { $0 } }
    /// The most downloads in flight at once.
    var mostAtOnce: Int { running.withLock { $0.most } }

    func uploadBlob(file: String, expectedDigest: String?, algorithm: DigestAlgorithm) async throws -> BlobReference {
        try await base.uploadBlob(file: file, expectedDigest: expectedDigest, algorithm: algorithm)
    }

    func downloadBlob(_ blobID: BlobID, to file: String, expectedDigest: String?) async throws {
        trace.note("download started \(blobID)")
        running.withLock {
            $0.now += 1
            $0.most = max($0.most, $0.now)
        }
        defer { running.withLock { $0.now -= 1 } }
        switch scripts[blobID.rawValue] {
        case .waitFor(let event):
            let deadline = ContinuousClock.now.advanced(by: .seconds(60))
            while !trace.events.contains(event), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
        case .fail:
            throw AgentError(
                endpoint: "https://127.0.0.2:6868", operation: "downloading blob \(blobID)",
                reason: .cannotConnect(detail: "connection reset"))
        case .hang:
            try Data("partial".utf8).write(to: URL(fileURLWithPath: file))
            partials.withLock { $0.append(file) }
            do {
                try await Task.sleep(for: .seconds(60))
            } catch {
                base.log.record("download cancelled \(blobID)")
                throw error
            }
            throw AgentError(
                endpoint: "https://127.0.0.2:6868", operation: "downloading blob \(blobID)",
                reason: .cannotConnect(detail: "never cancelled"))
        case nil:
            break
        }
        try await base.downloadBlob(blobID, to: file, expectedDigest: expectedDigest)
        trace.note("download ended \(blobID)")
        base.log.record("download ended \(blobID)")
    }
}

/// Passes events on to `log`, and when `name` fails, notes which of `files()` still exist
/// at that moment (the work directory, which holds them, is removed later).
final class FailureFileProbe: EventSink {
    let log: EventLog
    let name: String
    let files: @Sendable () -> [String]
    private let leftOver = Mutex<[String]?>(nil)

    init(log: EventLog, name: String, files: @escaping @Sendable () -> [String]) {
        self.log = log
        self.name = name
        self.files = files
    }

    func emit(_ event: DeployEvent) {
        if case .stageFailed(_, let failed, _, _, _) = event, failed == name {
            let existing = files().filter { FileManager.default.fileExists(atPath: $0) }
            leftOver.withLock { $0 = existing }
        }
        log.emit(event)
    }

    /// The files that existed when the step failed, or nil if it never failed.
    var filesLeftWhenFailed: [String]? { leftOver.withLock { $0 } }
}

/// A deploy against fakes with a compiled-package cache, whose VM compiles the packages of
/// `graph` (by default `b`, which depends on `a`) for a job that needs `roots`.
struct CompiledDownloadHarness {
    let base: OrchestratorHarness
    let trace = CompileTrace()
    let graph: [String: [String]]
    let roots: [String]

    init(graph: [String: [String]] = ["a": [], "b": ["a"]], roots: [String] = ["b"]) throws {
        base = try OrchestratorHarness()
        self.graph = graph
        self.roots = roots
    }

    var cacheRoot: String { base.directory + "/compiled" }

    func blobstore(_ scripts: [String: ScriptedDownload] = [:]) -> ScriptedDownloadBlobstore {
        ScriptedDownloadBlobstore(base: FakeBlobstore(log: base.log), trace: trace, scripts: scripts)
    }

    func orchestrator(_ connector: SlowCompilingConnector) -> Orchestrator {
        Orchestrator(
            interpolator: Interpolator(generator: BoshVariableGenerator()),
            artifacts: FakeResolver(directory: base.directory),
            inspector: GraphInspector(base: base.inspector, graph: graph, roots: roots),
            provisioner: FakeProvisioner(cloud: base.cloud, log: base.log), connector: connector,
            renderer: FakeRenderer(), compiledPackages: CompiledPackageCache(root: cacheRoot),
            options: OrchestratorOptions(
                deployerHome: base.directory + "/home", agentReadyTimeout: .seconds(1),
                existingAgentTimeout: .seconds(1), runningPollInterval: .milliseconds(10), maxParallelCompiles: 2))
    }

    func deploy(
        _ blobstore: ScriptedDownloadBlobstore, compileWaits: [String: String] = [:], failingCompile: String? = nil,
        recreate: Bool = false, sink: (any EventSink)? = nil
    ) async throws -> DeployOutcome {
        let connector = SlowCompilingConnector(
            log: base.log, trace: trace, waits: compileWaits, failing: failingCompile, blobs: blobstore)
        return try await orchestrator(connector).deploy(
            base.request(recreate: recreate), store: base.store(), stage: EventStage(sink: sink ?? base.events))
    }

    /// A sink for `base.events` that notes which partial files of `blobstore` are left when
    /// step `name` fails.
    func probe(when name: String, fails blobstore: ScriptedDownloadBlobstore) -> FailureFileProbe {
        FailureFileProbe(log: base.events, name: name) { blobstore.partialFiles }
    }

    /// The packages in the cache, by name, with their tarballs' text.
    func cached() async throws -> [String: String] {
        let cache = CompiledPackageCache(root: cacheRoot)
        var packages: [String: String] = [:]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: cacheRoot)) ?? []
        for key in entries where !key.hasPrefix(".") {
            let entry = try #require(await cache.lookup(key: key), "entry \(key)")
            packages[entry.name] = try String(contentsOfFile: entry.tarball, encoding: .utf8)
        }
        return packages
    }

    /// Waits (at most 60 s) until the compile trace holds `event`.
    func waitUntil(_ event: String) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while !trace.events.contains(event), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        try #require(trace.events.contains(event), "\(event) never happened: \(trace.events)")
    }
}

@Suite struct OrchestratorCompiledDownloadTests {
    @Test func aDependentCompilesWhileItsDependencyIsStillDownloading() async throws {
        let harness = try CompiledDownloadHarness()
        defer { harness.base.cleanUp() }
        // `a`'s download ends only once `b`'s compile_package was sent (or after 60 s). Were the
        // download part of `a`'s compile step, `b` would wait for it: `b` would start after it.
        let blobstore = harness.blobstore(["compiled-a": .waitFor("start b")])

        #expect(try await harness.deploy(blobstore) == .deployed)

        let events = harness.trace.events
        let startB = try #require(events.firstIndex(of: "start b"), "\(events)")
        let aEnded = try #require(events.firstIndex(of: "download ended compiled-a"), "\(events)")
        #expect(startB < aEnded, "\(events)")
        let calls = harness.base.log.all
        // Every download ended before the instance was updated, in a step of its own.
        let apply = try #require(calls.firstIndex(of: "agent apply full"))
        for blob in ["compiled-a", "compiled-b"] {
            let ended = try #require(calls.firstIndex(of: "download ended \(blob)"), "\(calls)")
            #expect(ended < apply)
        }
        #expect(harness.base.events.outcomes.contains("Downloading compiled packages: finished"))
    }

    @Test func theCacheHoldsWhatTheVMCompiledAfterTheDeploy() async throws {
        let harness = try CompiledDownloadHarness()
        defer { harness.base.cleanUp() }

        #expect(try await harness.deploy(harness.blobstore()) == .deployed)

        #expect(
            try await harness.cached() == [
                "a": FakeBlobstore.content(of: "compiled-a"), "b": FakeBlobstore.content(of: "compiled-b"),
            ])
        let progress = harness.base.events.all.compactMap { event -> ProgressAmount? in
            guard case .progress(_, "Downloading compiled packages", let amount) = event else { return nil }
            return amount
        }
        #expect(progress.last == .items(done: 2, total: 2), "\(progress)")

        // The next VM takes both from the cache: nothing is compiled or downloaded.
        let compilesBefore = harness.trace.events.filter { $0.hasPrefix("start ") }.count
        #expect(try await harness.deploy(harness.blobstore(), recreate: true) == .deployed)

        #expect(harness.trace.events.filter { $0.hasPrefix("start ") }.count == compilesBefore)
        let outcomes = harness.base.events.outcomes
        #expect(outcomes.contains("Compiling package 'b/bfp': skipped [Package already compiled]"))
        #expect(outcomes.filter { $0.hasPrefix("Downloading compiled packages") }.count == 1, "\(outcomes)")
    }

    @Test func aFailedDownloadWarnsAndTheDeploySucceeds() async throws {
        let harness = try CompiledDownloadHarness()
        defer { harness.base.cleanUp() }

        #expect(try await harness.deploy(harness.blobstore(["compiled-a": .fail])) == .deployed)

        let warnings = harness.base.events.warnings.filter { $0.contains("local cache") }
        #expect(warnings.count == 1, "\(harness.base.events.warnings)")
        #expect(warnings.first?.contains("'a/afp' was not kept in the local cache") == true, "\(warnings)")
        #expect(warnings.first?.contains("connection reset") == true, "\(warnings)")
        #expect(try await harness.cached().keys.sorted() == ["b"])
        #expect(harness.base.events.outcomes.contains("Downloading compiled packages: finished"))

        // The next VM compiles `a` again and takes `b` from the cache.
        _ = try await harness.deploy(harness.blobstore(), recreate: true)

        #expect(harness.trace.events.filter { $0 == "start a" }.count == 2)
        #expect(harness.trace.events.filter { $0 == "start b" }.count == 1)
        #expect(try await harness.cached().keys.sorted() == ["a", "b"])
    }

    @Test func aFailedCompilationCancelsTheDownloadsAndRemovesTheirFiles() async throws {
        let harness = try CompiledDownloadHarness()
        defer { harness.base.cleanUp() }
        let blobstore = harness.blobstore(["compiled-a": .hang])
        let probe = harness.probe(when: "deploying", fails: blobstore)

        let error = await #expect(throws: ContextError.self) {
            // `b` fails only once `a`'s download is under way.
            try await harness.deploy(
                blobstore, compileWaits: ["b": "download started compiled-a"], failingCompile: "b", sink: probe)
        }

        #expect(String(describing: error).contains("Compiling package 'b/bfp'"))
        #expect(harness.base.log.all.contains("download cancelled compiled-a"))
        #expect(blobstore.partialFiles.count == 1)
        #expect(probe.filesLeftWhenFailed == [], "the partial download was still there when the deploy failed")
        #expect(harness.base.events.warnings.isEmpty, "\(harness.base.events.warnings)")
        #expect(try await harness.cached().isEmpty)
        #expect(!harness.base.log.all.contains("agent apply full"))
    }

    @Test func anInterruptionWhileWaitingForTheDownloadsFailsTheirStep() async throws {
        let harness = try CompiledDownloadHarness()
        defer { harness.base.cleanUp() }
        let blobstore = harness.blobstore(["compiled-b": .hang])
        let probe = harness.probe(when: "Downloading compiled packages", fails: blobstore)

        // `a` is in the cache before `b` compiles; `b`'s download is the one interrupted.
        let deploy = Task {
            try await harness.deploy(blobstore, compileWaits: ["b": "download ended compiled-a"], sink: probe)
        }
        try await harness.waitUntil("download started compiled-b")
        deploy.cancel()

        await #expect(throws: (any Error).self) { _ = try await deploy.value }
        #expect(harness.base.log.all.contains("download cancelled compiled-b"))
        #expect(harness.base.events.outcomes.contains("Downloading compiled packages: failed"))
        #expect(probe.filesLeftWhenFailed == [], "the partial download was still there when the step failed")
        #expect(try await harness.cached().keys.sorted() == ["a"])
        #expect(!harness.base.log.all.contains("agent apply full"))
    }

    @Test func neverMoreThanTwoDownloadsAtOnce() async throws {
        // Four packages compiled, then `top`; each download waits until `top` has compiled,
        // so without a bound all four would be in flight together.
        let graph: [String: [String]] = ["p1": [], "p2": [], "p3": [], "p4": [], "top": ["p1", "p2", "p3", "p4"]]
        let harness = try CompiledDownloadHarness(graph: graph, roots: ["top"])
        defer { harness.base.cleanUp() }
        let scripts = Dictionary(
            uniqueKeysWithValues: graph.keys.map { ("compiled-\($0)", ScriptedDownload.waitFor("end top")) })
        let blobstore = harness.blobstore(scripts)

        #expect(try await harness.deploy(blobstore) == .deployed)

        #expect(blobstore.mostAtOnce <= 2, "the deployer downloads at most 2 compiled packages at once")
        #expect(try await harness.cached().keys.sorted() == ["p1", "p2", "p3", "p4", "top"])
    }
}
