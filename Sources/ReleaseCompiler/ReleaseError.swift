/// Everything that can go wrong reading, compiling, rendering or building a release.
///
/// Each case names the file, release, job or package involved so the message alone tells an
/// operator where to look.
public enum ReleaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file the format requires is absent.
    case missingFile(path: String)
    /// A manifest (`release.MF`, `job.MF`, `spec`, `stemcell.MF`, ...) is malformed.
    case invalidManifest(path: String, reason: String)
    /// A member listed in `release.MF` is not in the tarball at `tarball`: the tarball ends
    /// early (a partial download) or was built wrong.
    case missingMember(release: String, member: String, tarball: String)
    /// A member's digest differs from the one `release.MF` records.
    case digestMismatch(release: String, member: String, expected: String, actual: String)
    /// A package depends on a package the release does not contain.
    case missingDependency(package: String, dependency: String, dependentKind: String)
    /// A package was asked for by name but the release has none of that name.
    case packageNotFound(package: String)
    /// Packages depend on each other in a cycle.
    case dependencyCycle(packages: [String])
    /// A package's `packaging` script exited non-zero.
    case compilationFailed(package: String, exitStatus: String, logPath: String, logTail: String)
    /// A template failed to render.
    case renderFailed(job: String, template: String, message: String)
    /// A path inside a job or package would leave its directory.
    case unsafePath(owner: String, path: String)
    /// The job is not in the release.
    case jobNotFound(release: String, job: String)
    /// Building a release from a directory failed.
    case invalidReleaseDirectory(path: String, reason: String)
    /// A system or tool call failed.
    case io(operation: String, path: String, reason: String)
    /// Not exactly one `cloud_provider.templates` job renders `bin/cpi`.
    case cpiJobCount(found: Int, releases: [String])
    /// A release tarball holds a release of another name than the manifest gives it.
    case releaseNameMismatch(manifest: String, tarball: String)

    public var description: String {
        switch self {
        case .missingFile(let path):
            return "Expected file '\(path)' to exist"
        case .invalidManifest(let path, let reason):
            return "Invalid manifest '\(path)': \(reason)"
        case .missingMember(let release, let member, let tarball):
            return "Release '\(release)': tarball '\(tarball)' is truncated or corrupt: it ends without "
                + "'\(member)', which its release.MF lists (a partial download?). Download or build it again"
        case .digestMismatch(let release, let member, let expected, let actual):
            return
                "Release '\(release)': digest of '\(member)' does not match release.MF: expected '\(expected)', actual '\(actual)'"
        case .missingDependency(let package, let dependency, let kind):
            return "Expected to find package '\(dependency)' since it's a dependency of \(kind) '\(package)'"
        case .packageNotFound(let package):
            return "Package '\(package)' not found in the release"
        case .dependencyCycle(let packages):
            return "Circular dependency detected while sorting packages: \(packages.joined(separator: " -> "))"
        case .compilationFailed(let package, let status, let logPath, let tail):
            return "Compiling package '\(package)': packaging script \(status) (log: \(logPath)); last lines:\n\(tail)"
        case .renderFailed(let job, let template, let message):
            return "Rendering template '\(template)' of job '\(job)': \(message)"
        case .unsafePath(let owner, let path):
            return "\(owner): path '\(path)' leaves its directory"
        case .jobNotFound(let release, let job):
            return "Job '\(job)' not found in release '\(release)'"
        case .invalidReleaseDirectory(let path, let reason):
            return "Release directory '\(path)': \(reason)"
        case .io(let operation, let path, let reason):
            return "\(operation) '\(path)': \(reason)"
        case .cpiJobCount(let found, let releases):
            // bosh-cli's words (cpi/release/installer.go), with what to change.
            return
                "Found \(found) releases containing a template that renders to target 'bin/cpi'. Expected to find 1. "
                + "Releases inspected: [\(releases.joined(separator: " "))]; list exactly one CPI job in cloud_provider.templates"
        case .releaseNameMismatch(let manifest, let tarball):
            return "Release name '\(manifest)' does not match the name in release tarball '\(tarball)'"
        }
    }
}
