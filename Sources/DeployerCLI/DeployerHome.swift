import Foundation

/// `$DEPLOYER_HOME` (default `~/.deployer`): the package store, rendered CPI jobs, downloads,
/// digests, compiled packages and release records, logs of failed deploys and scratch space.
enum DeployerHome {
    /// The home of this process's environment.
    static func path(environment: [String: String]) -> String {
        if let explicit = environment["DEPLOYER_HOME"], !explicit.isEmpty { return explicit }
        return NSHomeDirectory() + "/.deployer"
    }

    /// Packages the VMs compiled (`CompiledPackageCache`), shared with `export-release`.
    static func compiledPackages(home: String) -> String { home + "/compiled" }

    /// What deploys keep of each release for `export-release` (`ReleaseRecordStore`).
    static func releaseRecords(home: String) -> String { home + "/releases" }

    /// Scratch space of one run's local (CPI) package compilation.
    static func compileDirectory(home: String) -> String {
        home + "/tmp/compile-" + UUID().uuidString.lowercased()
    }

    /// Creates the home when it is missing. It holds rendered CPI configuration (credentials
    /// of the cloud and the mbus): created for this user only. An existing one keeps the mode
    /// its owner gave it.
    static func create(_ home: String) {
        guard !FileManager.default.fileExists(atPath: home) else { return }
        try? FileManager.default.createDirectory(
            atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
}
