/// Releases whose packages without source were compiled for another stemcell line than the
/// deployment's: found while validating, before anything is created. Like the Director, it
/// lists every such package of every release at once.
public struct CompiledPackageMismatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One release and its packages that cannot run on the stemcell.
    public struct Release: Sendable, Equatable {
        /// `name/version` of the release.
        public var release: String
        /// The packages, by name.
        public var packages: [CompiledPackageMismatch]

        /// Creates a value from its parts.
        public init(release: String, packages: [CompiledPackageMismatch]) {
            self.release = release
            self.packages = packages
        }
    }

    /// The deployment's stemcell, `name/version`.
    public var stemcellName: String
    /// The deployment's stemcell OS and version.
    public var stemcell: StemcellTarget
    /// The releases that cannot be used, in manifest order.
    public var releases: [Release]

    /// Creates a value from its parts.
    public init(stemcellName: String, stemcell: StemcellTarget, releases: [Release]) {
        self.stemcellName = stemcellName
        self.stemcell = stemcell
        self.releases = releases
    }

    public var description: String {
        var text = ""
        for release in releases {
            text += """
                Can't use release '\(release.release)' on stemcell '\(stemcellName)' (\(stemcell)): it references \
                packages without source code that are not compiled for \(stemcell.lineDescription):

                """
            for package in release.packages { text += " - \(package.description)\n" }
        }
        let builtFor = Set(releases.flatMap(\.packages).compactMap { StemcellTarget($0.compiledFor)?.lineDescription })
        let otherLine = builtFor.isEmpty ? "" : ", or a stemcell of \(builtFor.sorted().joined(separator: " or "))"
        let example = releases.first.map { " (`deployer export-release \($0.release) \(stemcell)` makes one" } ?? ""
        text += """
            Use the source release, a release compiled for \(stemcell)\(example) after a deploy of the \
            source release with this stemcell)\(otherLine)
            """
        return text
    }
}
