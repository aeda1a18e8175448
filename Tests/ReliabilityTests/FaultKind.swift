/// One fault the matrix injects, and where it applies.
enum FaultKind: String, CaseIterable, Sendable {
    /// `DEPLOYER_FAULT_KILL_AT=N`: SIGKILL of the deployer right before call N is sent.
    case killBefore = "kill -9 before call"
    /// `DEPLOYER_FAULT_KILL_WHEN=after`: SIGKILL right after call N answered.
    case killAfter = "kill -9 after answer"
    /// `cpi-faults.json` kind `error`: the CPI answers CloudError.
    case cpiError = "CPI error"
    /// kind `crash`: the CPI exits 70 without an answer.
    case cpiCrash = "CPI crash"
    /// kind `garbage`: the CPI answers bytes that are not JSON.
    case cpiGarbage = "CPI garbage output"
    /// kind `hang`: the CPI hangs until the deployer's `--cpi-timeout` stops it.
    case cpiHang = "CPI hang"
    /// `agent-faults.json` kind `disappear`: the agent stops its jobs and exits.
    case agentGone = "agent disappears"
    /// kind `task-fails`: the agent action (or its task) fails.
    case agentTaskFails = "agent task fails"

    /// Whether the fault can be injected at `point`.
    func applies(to point: TracePoint) -> Bool {
        switch self {
        case .killBefore, .killAfter: return true
        case .cpiError, .cpiCrash, .cpiGarbage, .cpiHang: return point.side == .cpi
        case .agentGone, .agentTaskFails: return point.side == .agent
        }
    }

    /// The cloud-side plan kind, nil for the deployer-side kills.
    var planKind: String? {
        switch self {
        case .killBefore, .killAfter: return nil
        case .cpiError: return "error"
        case .cpiCrash: return "crash"
        case .cpiGarbage: return "garbage"
        case .cpiHang: return "hang"
        case .agentGone: return "disappear"
        case .agentTaskFails: return "task-fails"
        }
    }

    /// Cells that cannot hold by construction (docs/reliability.md): the deployer is killed
    /// after the CPI created a disk or a stemcell and answered its CID, before the state could
    /// record it. The CPI API has no call that lists or finds an unrecorded resource, so no
    /// re-run can know it exists. A VM is different: its agent answers on the mbus address
    /// with the agent id the state kept while `create_vm` ran, and names its CID.
    func cannotHold(at point: TracePoint) -> Bool {
        self == .killAfter && ["cpi create_disk", "cpi create_stemcell"].contains(point.method)
    }
}

/// One cloud or agent call of a clean run, as the deployer's `DEPLOYER_FAULT_TRACE` names it.
struct TracePoint: Sendable, Hashable {
    enum Side: Sendable { case cpi, agent, blobstore }

    /// 1-based position in the run (the `DEPLOYER_FAULT_KILL_AT` value).
    var index: Int
    /// `cpi create_vm`, `agent run_script pre-start`, `blobstore put`...
    var method: String
    /// How many earlier calls of the run have the same wire name (the plan's `skip`).
    var occurrence: Int

    var side: Side {
        if method.hasPrefix("cpi ") { return .cpi }
        if method.hasPrefix("agent ") { return .agent }
        return .blobstore
    }

    /// The method as the CPI or agent receives it (`wait_until_ready` is a `ping`).
    var wireName: String {
        let words = method.split(separator: " ").map(String.init)
        guard words.count >= 2 else { return method }
        return words[1] == "wait_until_ready" ? "ping" : words[1]
    }

    /// The points of a trace file's text (`N method` lines).
    static func parse(_ text: String) -> [TracePoint] {
        var seen: [String: Int] = [:]
        var points: [TracePoint] = []
        for line in text.split(separator: "\n") {
            guard let space = line.firstIndex(of: " "), let index = Int(line[..<space]) else { continue }
            var point = TracePoint(index: index, method: String(line[line.index(after: space)...]), occurrence: 0)
            let key = "\(point.side)-\(point.wireName)"
            point.occurrence = seen[key, default: 0]
            seen[key] = point.occurrence + 1
            points.append(point)
        }
        return points
    }
}

/// The operations the matrix faults.
enum Scenario: String, CaseIterable, Sendable {
    /// `deploy` from an empty cloud.
    case deploy
    /// `deploy` of a new stemcell version (the VM is recreated, the old stemcell deleted).
    case stemcell = "update: stemcell"
    /// `deploy` with another disk size (a new disk, migrate, old one deleted).
    case resize = "update: disk size"
    /// `delete` of the deployment.
    case delete
}
