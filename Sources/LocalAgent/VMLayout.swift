import Foundation

/// The paths of one local VM. The VM directory plays `/var/vcap`: every path the real agent
/// uses under `/var/vcap/` lives at the same relative path under the VM directory, and
/// `/var/vcap/` in monit files and rendered job files is rewritten to `<vm-dir>/`.
struct VMLayout: Sendable {
    /// The VM directory (absolute, without trailing `/`).
    let root: String

    init(root: String) {
        var path = (root as NSString).standardizingPath
        if !path.hasPrefix("/") {
            path = (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        }
        self.root = path
    }

    func path(_ relative: String) -> String { root + "/" + relative }

    /// `bosh/`: the agent's own files (spec, disks, log).
    var boshDir: String { path("bosh") }
    /// `bosh/spec.json`: the applied spec, as the real agent persists it.
    var specFile: String { path("bosh/spec.json") }
    /// `bosh/disks.json`: persistent disk hints and mounts.
    var disksFile: String { path("bosh/disks.json") }
    /// `bosh/update_settings.json`: the last `update_settings` argument.
    var updateSettingsFile: String { path("bosh/update_settings.json") }
    /// `bosh/log/current`: the agent's log.
    var logFile: String { path("bosh/log/current") }
    /// `monit/stopped`: present after `stop` until the next `start` (the real agent's marker).
    var stoppedMarker: String { path("monit/stopped") }
    /// `data/blobs/`: blobs PUT over the mbus and compiled packages.
    var blobsDir: String { path("data/blobs") }
    /// `data/sensitive_blobs/`: consulted first when an action needs a blob.
    var sensitiveBlobsDir: String { path("data/sensitive_blobs") }
    /// `data/packages/<name>/<version>`: installed packages.
    var dataPackagesDir: String { path("data/packages") }
    /// `data/jobs/<name>/<version>`: installed jobs.
    var dataJobsDir: String { path("data/jobs") }
    /// `data/compile/<name>`: compile targets.
    var compileDir: String { path("data/compile") }
    /// `data/tmp`: scratch space on the same file system as the blobs.
    var tmpDir: String { path("data/tmp") }
    /// `packages/<name>` → `data/packages/<name>/<version>`.
    var packagesDir: String { path("packages") }
    /// `jobs/<name>` → `data/jobs/<name>/<version>`.
    var jobsDir: String { path("jobs") }
    /// `store`: a symlink to the mounted persistent disk's directory.
    var storeDir: String { path("store") }
    /// `store_migration_target`: the second disk while migrating.
    var migrationTargetDir: String { path("store_migration_target") }
    /// `instance/`: `id`, `az`, `name`, `deployment` files written by `apply`.
    var instanceDir: String { path("instance") }
    /// `sys/log/<job>`: job and script logs.
    var sysLogDir: String { path("sys/log") }
    /// `sys/run/<job>`: pid files.
    var sysRunDir: String { path("sys/run") }

    /// Rewrites every `/var/vcap/` (and a trailing bare `/var/vcap`) in `text` to this VM.
    func rewriteVcapPaths(_ text: String) -> String {
        var result = text.replacingOccurrences(of: "/var/vcap/", with: root + "/")
        if result == "/var/vcap" { result = root }
        return result
    }

    /// Creates the directories every action relies on.
    func createBaseDirectories() throws {
        for dir in [
            boshDir, path("bosh/log"), path("monit"), blobsDir, sensitiveBlobsDir, dataPackagesDir, dataJobsDir,
            compileDir, tmpDir, packagesDir, jobsDir, instanceDir, sysLogDir, sysRunDir,
        ] {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            } catch {
                throw LocalAgentError("Creating directory '\(dir)': \(error.localizedDescription)")
            }
        }
    }
}
