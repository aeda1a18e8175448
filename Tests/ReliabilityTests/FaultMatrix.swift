import Foundation

/// One cell to run: a fault at one call of one scenario.
struct CellSpec: Sendable {
    var scenario: Scenario
    var kind: FaultKind
    var point: TracePoint
}

/// What one cell showed.
struct CellResult: Sendable {
    var spec: CellSpec
    /// The fault really happened (the deployer died by SIGKILL, or the plan's fault fired).
    var fired: Bool
    /// The faulted run's state file parsed (or was absent).
    var stateParsed: Bool
    /// The re-run without the fault succeeded and left nothing to do.
    var converged: Bool
    var orphans: [String]
    /// State records the cloud lost, and resources in use that were damaged.
    var lost: [String]
    /// Secrets of the vars store found in an output or a debug log.
    var leaks: Int
    var cannotHold: Bool
    var duration: Duration
    /// The faulted run's output (stdout and stderr).
    var faultedOutput: String
    /// The faulted run's last lines, for the report of a failed cell.
    var faultedTail: String
    var rerunTail: String
    /// The re-run's whole output (stdout and stderr).
    var rerunOutput: String

    /// Whether the cell holds every promise.
    var holds: Bool { fired && stateParsed && converged && orphans.isEmpty && lost.isEmpty && leaks == 0 }
}

/// Runs fault cells against the real binaries on one local cloud, chaining them: each cell
/// starts from the end state of the one before (deployed or not, which stemcell, which disk
/// size); a clean run of the deployer fills the gap when a cell needs another start state.
final class FaultMatrix {
    let fixture: MatrixFixture
    private(set) var deployed = false
    private(set) var configuration = MatrixFixture.Configuration()
    private(set) var traces: [Scenario: [TracePoint]] = [:]
    private(set) var results: [CellResult] = []
    private var secrets: [String] = []
    private var runNumber = 0

    init(fixture: MatrixFixture) {
        self.fixture = fixture
    }

    /// Learns the calls of each scenario from clean traced runs: deploy, resize, stemcell
    /// change, delete (leaving the cloud empty).
    /// - Throws: `MatrixError` when a clean run fails.
    func learnTraces() async throws {
        // Warm-up: the first VM of each stemcell compiles the release's packages, later ones
        // take them from the deployer's cache; the traces must be those of the cached runs.
        for scenario in [Scenario.deploy, .stemcell, .delete] {
            try await cleanRun(scenario)
        }
        for scenario in [Scenario.deploy, .resize, .stemcell, .delete] {
            let trace = fixture.root + "/trace-\(scenario.rawValue.filter(\.isLetter))"
            try? FileManager.default.removeItem(atPath: trace)
            try await cleanRun(scenario, environment: ["DEPLOYER_FAULT_TRACE": trace])
            traces[scenario] = TracePoint.parse((try? String(contentsOfFile: trace, encoding: .utf8)) ?? "")
            if scenario == .deploy { secrets = try await fixture.secrets() }
        }
    }

    /// Every cell of the full matrix: each point of each scenario with each fault that applies.
    func allCells(scenarios: [Scenario] = Scenario.allCases) -> [CellSpec] {
        var cells: [CellSpec] = []
        for scenario in scenarios {
            for point in traces[scenario] ?? [] {
                for kind in FaultKind.allCases where kind.applies(to: point) {
                    cells.append(CellSpec(scenario: scenario, kind: kind, point: point))
                }
            }
        }
        return Self.chained(cells)
    }

    /// The cell at the `occurrence`th call named `method` of `scenario`, or nil.
    func cell(_ scenario: Scenario, _ method: String, occurrence: Int = 0, _ kind: FaultKind) -> CellSpec? {
        let matches = (traces[scenario] ?? []).filter { $0.method == method }
        guard occurrence < matches.count else { return nil }
        return CellSpec(scenario: scenario, kind: kind, point: matches[occurrence])
    }

    /// Orders cells so that end states feed start states: deploy and delete alternate, the
    /// updates follow each other.
    static func chained(_ cells: [CellSpec]) -> [CellSpec] {
        let deploys = cells.filter { $0.scenario == .deploy }
        let deletes = cells.filter { $0.scenario == .delete }
        var ordered: [CellSpec] = []
        for index in 0..<max(deploys.count, deletes.count) {
            if index < deploys.count { ordered.append(deploys[index]) }
            if index < deletes.count { ordered.append(deletes[index]) }
        }
        return ordered + cells.filter { $0.scenario == .stemcell || $0.scenario == .resize }
    }

    /// Runs `cells` in order, recording each result.
    /// - Throws: `MatrixError` when the harness cannot restore a start state.
    func run(_ cells: [CellSpec], log: (CellResult) -> Void = { _ in }) async throws {
        for spec in cells {
            let result = try await runCell(spec)
            results.append(result)
            log(result)
        }
    }

    /// A state write that fails half way (a full disk, simulated with a 1 KiB file size limit
    /// on a no-op re-deploy: the state file is bigger). Returns the run, and whether the state
    /// file and its backup are byte for byte what they were.
    /// - Throws: `MatrixError` when there is no deployment to re-deploy.
    func failedStateWrite() async throws -> (run: MatrixRunResult, stateIntact: Bool, backupIntact: Bool) {
        try await reach(startOf: .resize)
        try fixture.writeManifest(configuration)
        let state = FileManager.default.contents(atPath: fixture.statePath)
        let backup = FileManager.default.contents(atPath: fixture.statePath + ".bak")
        guard let state, state.count > 1024 else { throw MatrixError("no deployed state file bigger than 1 KiB") }
        let deploy = [
            fixture.deployer, "deploy", "manifest.yml", "--vars-store", "creds.yml", "-l",
            fixture.root + "/artifacts-1/artifacts.yml",
        ]
        // SIGXFSZ ignored, so the write fails with EFBIG instead of killing the process.
        let script = "trap '' XFSZ; ulimit -f 1; exec \"$@\""
        let run = try await MatrixCommand.run(
            "/bin/bash", ["-c", script, "bash"] + deploy, in: fixture.root,
            environment: ["DEPLOYER_HOME": fixture.home, "LOCAL_CLOUD_ROOT": fixture.cloud], timeout: .seconds(120))
        return (
            run, FileManager.default.contents(atPath: fixture.statePath) == state,
            FileManager.default.contents(atPath: fixture.statePath + ".bak") == backup
        )
    }

    // MARK: One cell

    private func runCell(_ spec: CellSpec) async throws -> CellResult {
        try await reach(startOf: spec.scenario)
        let start = ContinuousClock.now
        let target = targetConfiguration(spec.scenario)
        try fixture.writeManifest(target)
        let marker = try writeMarker(spec.scenario)
        try installPlan(spec)
        runNumber += 1
        let debugLog = "debug-\(runNumber).log"
        var extra = ["--log-level", "debug", "--log-file", debugLog]
        var environment: [String: String] = [:]
        switch spec.kind {
        case .killBefore, .killAfter:
            environment["DEPLOYER_FAULT_KILL_AT"] = String(spec.point.index)
            environment["DEPLOYER_FAULT_KILL_WHEN"] = spec.kind == .killBefore ? "before" : "after"
        case .cpiHang:
            extra += ["--cpi-timeout", "10"]
        case .agentGone where spec.scenario != .delete:
            extra += ["--agent-timeout", "8"]
        default:
            break
        }
        let command = spec.scenario == .delete ? "delete" : "deploy"
        let trace = fixture.root + "/trace-faulted"
        try? FileManager.default.removeItem(atPath: trace)
        environment["DEPLOYER_FAULT_TRACE"] = trace
        let faulted = try await fixture.deployer(command, extra, environment: environment)
        // A kill counts only at the call the cell names: the run must make the same calls as
        // the clean run the point was learned from.
        let traced = TracePoint.parse((try? String(contentsOfFile: trace, encoding: .utf8)) ?? "")
        let killedAtPoint =
            faulted.killedByFault && traced.last?.index == spec.point.index
            && traced.last?.method == spec.point.method
        let fired = spec.kind.planKind == nil ? killedAtPoint : planFired(spec)
        removePlans()
        let afterFault = try await fixture.snapshot()

        let rerun = try await fixture.deployer(command)
        var converged = rerun.succeeded
        if converged && spec.scenario != .delete {
            converged = try await fixture.deployer("plan").status == 0
        }
        let after = try await fixture.snapshot()
        let orphans = after.orphans
        var lost = after.lost
        if spec.scenario == .delete {
            converged = converged && !after.stateExists
        } else {
            lost += inUseDamage(after, marker: marker, target: target)
        }
        let debugText = (try? String(contentsOfFile: fixture.root + "/" + debugLog, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: fixture.root + "/" + debugLog)
        let texts = [faulted.output, rerun.output, debugText]
        let leaks = secrets.filter { secret in texts.contains { $0.contains(secret) } }.count
        let cannotHold = spec.kind.cannotHold(at: spec.point)

        // Keep the chain going: a leak is removed by hand; after a re-run that failed, the
        // cloud is reset (delete, then whatever is left removed by hand).
        if !orphans.isEmpty {
            fixture.removeByHand(after.cloud.subtracting(after.state).sorted(), snapshot: after)
        }
        if converged {
            deployed = spec.scenario != .delete
            configuration = spec.scenario == .delete ? configuration : target
        } else {
            try await resetCloud()
        }
        return CellResult(
            spec: spec, fired: fired, stateParsed: afterFault.stateParses, converged: converged, orphans: orphans,
            lost: lost, leaks: leaks, cannotHold: cannotHold, duration: ContinuousClock.now - start,
            faultedOutput: faulted.output, faultedTail: Self.tail(faulted.output), rerunTail: Self.tail(rerun.output),
            rerunOutput: rerun.output)
    }

    /// Resources in use that were damaged: the current VM's agent is not running, the current
    /// disk is not attached to it or lost the marker written before the cell.
    private func inUseDamage(
        _ snapshot: CloudSnapshot, marker: String?, target: MatrixFixture.Configuration
    ) -> [String] {
        var damage: [String] = []
        guard let vm = snapshot.currentVM else { return ["no current VM"] }
        if snapshot.vmAlive[vm] != true { damage.append("agent of current VM \(vm) not running") }
        guard let disk = snapshot.currentDisk else { return damage + ["no current disk"] }
        if snapshot.attachments[disk] != vm { damage.append("current disk \(disk) not attached to \(vm)") }
        if snapshot.diskSizes[disk] != target.diskSize { damage.append("current disk \(disk) has the wrong size") }
        if let marker {
            let file = "\(fixture.cloud)/disks/\(disk)/data/fault-matrix-marker"
            let content = try? String(contentsOfFile: file, encoding: .utf8)
            if content != marker { damage.append("the persistent disk's data was lost (marker missing on \(disk))") }
        }
        return damage
    }

    /// Before an update, a file on the current persistent disk that must survive it.
    private func writeMarker(_ scenario: Scenario) throws -> String? {
        guard scenario == .resize || scenario == .stemcell else { return nil }
        let state = try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixture.statePath)))
        guard let state = state as? [String: Any], let currentID = state["current_disk_id"] as? String,
            let disk = (state["disks"] as? [[String: Any]])?.first(where: { $0["id"] as? String == currentID }),
            let cid = disk["cid"] as? String
        else { return nil }
        let marker = UUID().uuidString
        try marker.write(
            toFile: "\(fixture.cloud)/disks/\(cid)/data/fault-matrix-marker", atomically: true, encoding: .utf8)
        return marker
    }

    private func targetConfiguration(_ scenario: Scenario) -> MatrixFixture.Configuration {
        var target = configuration
        switch scenario {
        case .resize: target.diskSize = target.diskSize == 1024 ? 2048 : 1024
        case .stemcell: target.stemcell = target.stemcell == 1 ? 2 : 1
        case .deploy, .delete: break
        }
        return target
    }

    // MARK: Plans

    private func installPlan(_ spec: CellSpec) throws {
        removePlans()
        try? FileManager.default.removeItem(atPath: fixture.cloud + "/faults.log")
        guard let kind = spec.kind.planKind else { return }
        let file = spec.point.side == .cpi ? "cpi-faults.json" : "agent-faults.json"
        let entry: [String: Any] = [
            "method": spec.point.wireName, "kind": kind, "skip": spec.point.occurrence, "times": 1,
        ]
        try FileManager.default.createDirectory(atPath: fixture.cloud, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: [entry]).write(to: URL(fileURLWithPath: fixture.cloud + "/" + file))
    }

    private func planFired(_ spec: CellSpec) -> Bool {
        let log = (try? String(contentsOfFile: fixture.cloud + "/faults.log", encoding: .utf8)) ?? ""
        return log.contains(" \(spec.point.wireName) \(spec.kind.planKind ?? "") ")
    }

    private func removePlans() {
        for file in ["cpi-faults.json", "agent-faults.json"] {
            try? FileManager.default.removeItem(atPath: fixture.cloud + "/" + file)
        }
    }

    // MARK: Start states

    /// Brings the cloud to the state `scenario` starts from.
    private func reach(startOf scenario: Scenario) async throws {
        switch (scenario, deployed) {
        case (.deploy, true): try await cleanRun(.delete)
        case (.deploy, false): break
        case (_, false): try await cleanRun(.deploy)
        case (_, true): break
        }
    }

    /// A run without fault that must succeed.
    private func cleanRun(_ scenario: Scenario, environment: [String: String] = [:]) async throws {
        let target = targetConfiguration(scenario)
        try fixture.writeManifest(target)
        let run = try await fixture.deployer(scenario == .delete ? "delete" : "deploy", environment: environment)
        guard run.succeeded else { throw MatrixError("clean \(scenario.rawValue) failed:\n\(run.output)") }
        deployed = scenario != .delete
        configuration = target
    }

    /// After a cell that did not converge: delete, and remove by hand what is left.
    private func resetCloud() async throws {
        try fixture.writeManifest(configuration)
        _ = try await fixture.deployer("delete")
        let snapshot = try await fixture.snapshot()
        fixture.removeByHand(snapshot.cloud.sorted(), snapshot: snapshot)
        try? FileManager.default.removeItem(atPath: fixture.statePath)
        deployed = false
    }

    private static func tail(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: true).suffix(4).joined(separator: "\n")
    }
}
