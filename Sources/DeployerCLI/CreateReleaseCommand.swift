import ArgumentParser
import Foundation
import ReleaseCompiler

/// `deployer create-release DIR --tarball OUT`: builds a dev release tarball from a release
/// directory with bosh-cli's fingerprints, so releases can be made without the Go CLI.
public struct CreateReleaseCommand: AsyncParsableCommand, EventStreamCommand {
    public static let configuration = CommandConfiguration(
        commandName: "create-release",
        abstract: "Build a release tarball from a release directory (jobs/, packages/, src/, blobs/)."
    )

    @Argument(help: "The release directory.")
    var directory: String

    @Option(help: "Release name (default: 'name' in config/final.yml).")
    var name: String?

    @Option(help: "Release version (default: 0+dev.1).")
    var version: String?

    @Option(help: "Where to write the release tarball.")
    var tarball: String

    public init() {}

    @OptionGroup var output: JSONOutputOption

    @OptionGroup var global: GlobalOptions

    var writesJSON: Bool { output.json }

    public func run() async throws {
        let built: BuiltRelease
        do {
            built = try await ReleaseBuilder().createRelease(
                directory: directory, name: name, version: version, tarball: tarball)
        } catch {
            throw CommandFailure(message: "Creating release from '\(directory)': \(error)")
        }
        let manifest = built.manifest
        if output.json {
            CommandOutput.current.eventStream().emit(
                .releaseCreated(
                    name: manifest.name, version: manifest.version, commitHash: manifest.commitHash,
                    tarball: built.tarball, sha1: built.sha1))
            return
        }
        CommandOutput.current.standardOutput.write(
            """
            Added release '\(manifest.name)/\(manifest.version)'

            Name         \(manifest.name)
            Version      \(manifest.version)
            Commit Hash  \(manifest.commitHash)
            Archive      \(built.tarball)
            Sha1         \(built.sha1)

            """)
    }
}
