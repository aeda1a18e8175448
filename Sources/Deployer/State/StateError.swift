import DeployerSupport

/// Why the deployment state could not be read, changed or written.
public enum StateError: Error, CustomStringConvertible, Sendable {
    /// The file exists but is not a readable state (empty, bad JSON, truncated, wrong types).
    /// It was left untouched; `backup` tells what `<path>.bak` holds, nil when there is none.
    case corrupt(path: String, problem: String, backup: StateBackup?)
    /// The file was written by a newer deployer whose own fields this version cannot read.
    case unsupportedSchemaVersion(path: String, found: Int, supported: Int)
    /// The file could not be read at all (permissions, I/O).
    case unreadable(path: String, reason: String)
    /// Writing the new state failed; the previous file is intact.
    case writeFailed(path: String, underlying: FileWriteError)
    /// Encoding the state failed (a bug: every field is encodable).
    case encodingFailed(path: String, reason: String)
    /// Removing the state file failed.
    case removeFailed(path: String, reason: String)
    /// The lock `<state>.lock` could not be taken, typically because another run holds it.
    case lockFailed(FileLockError)
    /// A change was attempted without holding the lock.
    case notLocked(path: String, operation: String)
    /// A change was attempted before the state was loaded successfully (so a corrupt file
    /// can never be overwritten by accident).
    case notLoaded(path: String, operation: String)
    /// A cloud resource with an empty CID was about to be recorded or acted on.
    case emptyCID(resource: String, operation: String)
    /// A record for the same resource already exists.
    case duplicateRecord(resource: String, identity: String, existingID: String)
    /// No record has the given id.
    case unknownRecord(resource: String, id: String)

    public var description: String {
        switch self {
        case .corrupt(let path, let problem, let backup):
            let recovery =
                backup?.advice(statePath: path)
                ?? "there is no '\(path).bak' to restore: if no deployment was made with this state file, "
                + "delete it and run the command again"
            return "Deployment state file '\(path)' is not valid: \(problem). It was left untouched; "
                + "\(recovery)"
        case .unsupportedSchemaVersion(let path, let found, let supported):
            return "Deployment state file '\(path)' was written by a newer deployer (schema version \(found); "
                + "this version reads up to \(supported)). Use a newer deployer"
        case .unreadable(let path, let reason):
            return "Reading deployment state file '\(path)': \(reason)"
        case .writeFailed(_, let underlying):
            return "Saving deployment state: \(underlying)"
        case .encodingFailed(let path, let reason):
            return "Encoding deployment state for '\(path)': \(reason)"
        case .removeFailed(let path, let reason):
            return "Removing deployment state file '\(path)': \(reason)"
        case .lockFailed(let underlying):
            return underlying.description
        case .notLocked(let path, let operation):
            return "\(operation): the deployment state file '\(path)' is not locked by this run"
        case .notLoaded(let path, let operation):
            return "\(operation): the deployment state file '\(path)' has not been loaded"
        case .emptyCID(let resource, let operation):
            return "\(operation): refusing an empty \(resource) CID"
        case .duplicateRecord(let resource, let identity, let existingID):
            return "Recording \(resource) \(identity): a record already exists (id '\(existingID)')"
        case .unknownRecord(let resource, let id):
            return "No \(resource) record with id '\(id)' in the deployment state"
        }
    }
}
