/// Why `export-release` wrote nothing: each case says what is missing and what to do.
public enum CompiledReleaseExportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No deploy on this machine used `release` (`name/version`); `known` lists those that did.
    case unknownRelease(String, known: [String])
    /// `--job` names a job the release does not have.
    case unknownJob(String, release: String, jobs: [String])
    /// Packages (`name/fingerprint`) the exported jobs need were never compiled for `stemcell`.
    case notCompiled(release: String, stemcell: String, packages: [String])
    /// A cached compiled package changed since it was stored.
    case damagedPackage(String, path: String, reason: String)

    public var description: String {
        switch self {
        case .unknownRelease(let release, let known):
            let list =
                known.isEmpty
                ? "No deploy from this DEPLOYER_HOME has recorded a release yet."
                : "Releases recorded here: \(known.joined(separator: ", "))."
            return "Release '\(release)' was never deployed from this DEPLOYER_HOME: a release is recorded "
                + "for export when a deploy uses it. \(list)"
        case .unknownJob(let job, let release, let jobs):
            return "Job '\(job)' for release '\(release)' doesn't exist (jobs: \(jobs.joined(separator: ", ")))"
        case .notCompiled(let release, let stemcell, let packages):
            let noun = packages.count == 1 ? "package was" : "\(packages.count) packages were"
            return "Cannot export release '\(release)' for stemcell '\(stemcell)': the following \(noun) never "
                + "compiled for '\(stemcell)' on this machine: \(packages.joined(separator: ", ")). "
                + "Deploy a manifest that uses release '\(release)' with a stemcell of that OS and version "
                + "(from this DEPLOYER_HOME) first, then export again"
        case .damagedPackage(let name, let path, let reason):
            return "The cached compiled package '\(name)' ('\(path)') is damaged: \(reason). Remove its "
                + "directory and deploy again to compile it anew"
        }
    }
}
