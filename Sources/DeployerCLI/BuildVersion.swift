import CBuildInfo

/// What `deployer --version` prints: the release version and the git commit the binary was
/// built from (`scripts/install` compiles it in; a plain `swift build` says `unknown`).
enum BuildVersion {
    /// The release version.
    static let version = "0.1.0"

    /// The commit, e.g. `3ed8771a9c2f` or `3ed8771a9c2f-dirty`; `unknown` when not compiled in.
    static var commit: String { String(cString: deployer_build_commit()) }

    /// `0.1.0 (commit 3ed8771a9c2f)`.
    static var text: String { "\(version) (commit \(commit))" }
}
