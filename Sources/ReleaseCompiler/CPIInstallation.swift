/// An installed CPI: what `ExternalCPICloud` needs to run it.
public struct CPIInstallation: Sendable, Equatable {
    /// `<installation>/jobs/<job>/bin/cpi`.
    public var executable: String
    /// `<installation>/packages`: one link per package into the package store.
    public var packagesDirectory: String
    /// `<installation>/jobs`.
    public var jobsDirectory: String
    /// The directory of the job that renders `bin/cpi`.
    public var jobDirectory: String
    /// Name of the release of the job that renders `bin/cpi`.
    public var releaseName: String
    /// Version of that release.
    public var releaseVersion: String
    /// The job that renders `bin/cpi`.
    public var jobName: String
    /// Every installed job (`cloud_provider.templates`), in manifest order.
    public var jobNames: [String]
    /// The packages installed, by name.
    public var packages: [String: StoredPackage]

    /// Variables bosh-cli adds to the CPI's (otherwise inherited) environment.
    public var environment: [String: String] {
        ["BOSH_PACKAGES_DIR": packagesDirectory, "BOSH_JOBS_DIR": jobsDirectory]
    }
}

/// One `cloud_provider.templates` entry with the release tarball it comes from.
public struct CPIJobSource: Sendable, Hashable {
    /// The release name in the manifest.
    public var release: String
    /// The release tarball.
    public var tarball: String
    /// The job name.
    public var job: String

    /// Creates a value from its parts.
    public init(release: String, tarball: String, job: String) {
        self.release = release
        self.tarball = tarball
        self.job = job
    }
}

/// A CPI install after its releases were read: the jobs to install, the packages they need
/// in compile order, and which job renders `bin/cpi`.
public struct PreparedCPIInstall: Sendable {
    /// The installation directory (`<home>/installations/<id>`).
    public var installationDirectory: String
    /// The jobs, in manifest order.
    public var jobs: [ExtractedJob]
    /// Every package the jobs need, dependencies first.
    public var plan: [PlannedPackage]
    /// The release of the `bin/cpi` job.
    public var cpiRelease: ExtractedRelease
    /// The job that renders `bin/cpi`.
    public var cpiJob: ExtractedJob
}
