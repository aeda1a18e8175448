import Deployer
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
    /// (which the next run continues from), or that it records none.
    static func afterInterrupt(statePath: String) -> String {
        guard let resources = StateBackup.recordedResources(inFile: statePath) else {
            return "The state file '\(statePath)' could not be read back: check it before running again."
        }
        guard !resources.isEmpty else {
            return "No cloud resource is recorded in the state file '\(statePath)': nothing was created in the "
                + "cloud yet. Run the same command again to start over."
        }
        return "The state file '\(statePath)' records \(resources.joined(separator: ", ")): run the same command "
            + "again to continue, or `deployer delete` to remove them."
    }
}
