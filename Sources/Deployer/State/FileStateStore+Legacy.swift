import DeployerSupport
import Foundation

extension FileStateStore {
    /// When the state file does not exist but a legacy `bosh-deployments.yml` does, converts it
    /// (see `LegacyDeploymentState.migrate`), saves the new state and deletes the legacy file,
    /// as bosh-cli's create-env does before loading. Needs the lock.
    /// - Parameter legacyPath: the legacy file, usually `LegacyDeploymentState.path(forManifest:)`.
    /// - Returns: whether a migration happened.
    /// - Throws: `StateError.notLocked`, `.unreadable` (legacy file unreadable; nothing changes),
    ///   `.writeFailed`, `.removeFailed`.
    public func migrateLegacyStateIfPresent(at legacyPath: String) throws -> Bool {
        let fileManager = FileManager.default
        guard !fileManager.fileExists(atPath: path), fileManager.fileExists(atPath: legacyPath) else { return false }
        guard isLocked else { throw StateError.notLocked(path: path, operation: "Migrating '\(legacyPath)'") }
        let text: String
        do {
            text = try String(contentsOfFile: legacyPath, encoding: .utf8)
        } catch {
            throw StateError.unreadable(path: legacyPath, reason: SystemErrorText.reason(for: error, path: legacyPath))
        }
        let state = try LegacyDeploymentState.migrate(text, file: legacyPath, newID: newRecordID)
        try replace(with: state)
        do {
            try fileManager.removeItem(atPath: legacyPath)
        } catch {
            throw StateError.removeFailed(
                path: legacyPath, reason: SystemErrorText.reason(for: error, path: legacyPath))
        }
        return true
    }
}
