import Foundation

/// Where the logs tarball of a failed deploy is kept: `$DEPLOYER_HOME/logs/<deployment>-
/// <time>.tgz` (bosh-cli's `20060102-150405.999999999` time, as `deployer logs` names its
/// tarballs), in a directory only its owner may enter (0700) and a file only its owner may
/// read (0600). Job logs can hold what the jobs were given: they are not for other users.
enum FailureLogArchive {
    /// The tarball's path for a failure of `deployment` at `now`.
    /// - Parameters:
    ///   - home: `$DEPLOYER_HOME`.
    ///   - deployment: the manifest's `name` (characters other than letters, digits, `.`, `_`
    ///     and `-` become `_`, so the name stays one file name).
    ///   - now: the time in the name.
    static func path(home: String, deployment: String, now: Date) -> String {
        let safe = String(
            deployment.unicodeScalars.map { scalar -> Character in
                let allowed =
                    (scalar.isASCII && CharacterSet.alphanumerics.contains(scalar))
                    || "._-".unicodeScalars.contains(scalar)
                return allowed ? Character(scalar) : "_"
            })
        let name = safe.isEmpty || safe.hasPrefix(".") ? "deployment" + safe : safe
        return directory(home: home) + "/\(name)-\(Orchestrator.logsTimestamp(now: now)).tgz"
    }

    /// `$DEPLOYER_HOME/logs`.
    static func directory(home: String) -> String { home + "/logs" }

    /// Creates the directory (0700); an existing one is made 0700 too.
    /// - Throws: `CocoaError` when it cannot be created.
    static func prepareDirectory(home: String) throws {
        let path = directory(home: home)
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
    }

    /// Makes a downloaded tarball readable by its owner only (0600).
    /// - Throws: `CocoaError` when the mode cannot be set.
    static func restrict(_ path: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }
}
