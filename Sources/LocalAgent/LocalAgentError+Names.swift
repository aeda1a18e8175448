import DeployerSupport

extension LocalAgentError {
    /// Refuses a job or package name (or version) that is not one safe path component
    /// (`SafeRelativePath.isSafeComponent`): it becomes a directory name on the VM.
    /// - Throws: `LocalAgentError` naming what it is.
    static func requireSafeComponent(_ name: String, what: String) throws {
        guard SafeRelativePath.isSafeComponent(name) else {
            throw LocalAgentError("\(what) '\(name)' is not a valid file name")
        }
    }
}
