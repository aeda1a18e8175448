import Deployer
import DeployerSupport
import Interpolation

/// The text printed after `<command> failed:` or `<command> interrupted:`.
enum FailureMessage {
    /// The error on one line, as its description, unless it holds a list of problems
    /// (missing variables, manifest validation): then laid out as bosh-cli prints it, with
    /// each context on its own line and the problems as indented bullets.
    static func detail(for error: any Error) -> String {
        BoshErrorFormat.tree(of: error).containsList ? BoshErrorFormat.multiline(error) : String(describing: error)
    }

    /// What is true after an interrupt: the resources the state file at `statePath` records
    /// (which the next run continues from), the create calls that were running (whose
    /// resources the cloud may hold), or that nothing was created yet.
    static func afterInterrupt(statePath: String) -> String {
        guard let resources = StateBackup.recordedResources(inFile: statePath) else {
            return "The state file '\(statePath)' could not be read back: check it before running again."
        }
        let running = runningCreateCalls(statePath: statePath)
        let unanswered =
            running.isEmpty
            ? ""
            : " A \(running.joined(separator: " and a ")) call was running: the cloud may hold what it made, and "
                + "the next run says what to look for."
        guard !resources.isEmpty else {
            guard running.isEmpty else {
                return "The state file '\(statePath)' records no cloud resource yet.\(unanswered) Run the same "
                    + "command again, or `deployer delete`."
            }
            return "No cloud resource is recorded in the state file '\(statePath)': nothing was created in the "
                + "cloud yet. Run the same command again to start over."
        }
        return "The state file '\(statePath)' records \(resources.joined(separator: ", ")): run the same command "
            + "again to continue, or `deployer delete` to remove them.\(unanswered)"
    }

    /// The `create_*` calls the state keeps as sent and unanswered.
    private static func runningCreateCalls(statePath: String) -> [String] {
        guard let data = try? PlainFile.read(statePath),
            let state = try? FileStateStore.decodeState(data, path: statePath)
        else { return [] }
        let vm = state.deployer.pendingVM == nil ? [] : ["create_vm"]
        return vm + state.deployer.pendingCreations.map { "create_\($0.kind.rawValue)" }
    }
}
