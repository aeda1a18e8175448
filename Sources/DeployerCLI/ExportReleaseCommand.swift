import ArgumentParser
import DeployerSupport
import Foundation
import ReleaseCompiler

/// `deployer export-release NAME/VERSION OS/VERSION [--dir DIR] [--job NAME]...`: writes a
/// compiled release from what deploys on this machine compiled for that stemcell, with
/// `bosh export-release`'s arguments, so a pipeline can keep it and skip compilation on its
/// next bootstrap (docs/compiled-releases.md).
public struct ExportReleaseCommand: AsyncParsableCommand, EventStreamCommand {
    public static let configuration = CommandConfiguration(
        commandName: "export-release",
        abstract:
            "Write a compiled release tarball of a release deployed from this machine (like `bosh export-release`).",
        discussion: """
            Takes the release's jobs as deploys from this DEPLOYER_HOME kept them and the \
            packages the VMs compiled for the stemcell OS and version; refuses, naming each \
            missing package, when one of them was never compiled for it. The same release, \
            stemcell and jobs always give the same bytes, named \
            [JOB-...-]NAME-VERSION-OS-OSVERSION.tgz.
            """
    )

    @Argument(
        help: ArgumentHelp("The release, as the deployment manifest names it.", valueName: "NAME/VERSION"),
        transform: { try Slug(parsing: $0, kind: "release") })
    var release: Slug

    @Argument(
        help: ArgumentHelp("The stemcell's operating system and version.", valueName: "OS/VERSION"),
        transform: { try Slug(parsing: $0, kind: "OS") })
    var stemcell: Slug

    @Option(name: .customLong("dir"), help: "Destination directory (default: the current directory).")
    var directory: String?

    @Option(name: .customLong("job"), help: "Name of a job to export (repeatable; default: every job).")
    var jobs: [String] = []

    @OptionGroup var output: JSONOutputOption

    @OptionGroup var global: GlobalOptions

    public init() {}

    var writesJSON: Bool { output.json }

    public func validate() throws {
        if let directory, !FileTree.isDirectory(directory) {
            throw ValidationError("--dir '\(directory)' is not a directory; create it first")
        }
    }

    public func run() async throws {
        let home = DeployerHome.path(environment: ProcessInfo.processInfo.environment)
        let current = FileManager.default.currentDirectoryPath
        let target = directory.map { $0.hasPrefix("/") ? $0 : current + "/" + $0 } ?? current
        let exporter = CompiledReleaseExporter(
            records: ReleaseRecordStore(root: DeployerHome.releaseRecords(home: home)),
            cache: CompiledPackageCache(root: DeployerHome.compiledPackages(home: home)),
            workDirectory: home + "/tmp")
        let request = CompiledReleaseExporter.Request(
            name: release.name, version: release.version, operatingSystem: stemcell.name,
            stemcellVersion: stemcell.version, jobs: jobs, directory: target)
        let exported: ExportedRelease
        do {
            exported = try await exporter.export(request)
        } catch {
            throw CommandFailure(
                message: "Exporting release '\(release)' for stemcell '\(stemcell)': \(error)")
        }
        let manifest = exported.manifest
        if output.json {
            CommandOutput.current.eventStream().emit(
                .releaseExported(
                    name: manifest.name, version: manifest.version, stemcell: exported.stemcell,
                    packageCount: manifest.compiledPackages.count, tarball: exported.tarball, sha1: exported.sha1))
            return
        }
        CommandOutput.current.standardOutput.write(
            """
            Exported release '\(manifest.name)/\(manifest.version)' for stemcell '\(exported.stemcell)'

            Name         \(manifest.name)
            Version      \(manifest.version)
            Stemcell     \(exported.stemcell)
            Jobs         \(manifest.jobs.map(\.name).joined(separator: ", "))
            Packages     \(manifest.compiledPackages.count)
            Archive      \(exported.tarball)
            Sha1         \(exported.sha1)

            """)
    }
}

/// `name/version`, as bosh-cli's release and OS slugs: exactly one `/`, neither side empty.
struct Slug: Sendable, CustomStringConvertible {
    var name: String
    var version: String

    /// - Throws: `ValidationError` with bosh-cli's message for the slug `kind` (`release`, `OS`).
    init(parsing text: String, kind: String) throws {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard pieces.count == 2 else {
            throw ValidationError("Expected \(kind) '\(text)' to be in format 'name/version'")
        }
        guard !pieces[0].isEmpty else {
            throw ValidationError("Expected \(kind) '\(text)' to specify non-empty name")
        }
        guard !pieces[1].isEmpty else {
            throw ValidationError("Expected \(kind) '\(text)' to specify non-empty version")
        }
        name = pieces[0]
        version = pieces[1]
    }

    var description: String { "\(name)/\(version)" }
}
