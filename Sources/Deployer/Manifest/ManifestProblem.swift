/// One thing wrong with a manifest, at a path such as `resource_pools[0].network`.
public struct ManifestProblem: Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is, in bosh-cli's notation (`jobs[0].templates[1].release`); empty for
    /// problems of the document as a whole.
    public var path: String
    /// What is wrong, worded like bosh-cli (`must be provided`, `must be a positive integer`).
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path) \(message)" }
}
