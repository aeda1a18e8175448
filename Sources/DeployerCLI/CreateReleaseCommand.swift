import ArgumentParser
import Foundation
import ReleaseCompiler

/// `deployer create-release DIR --tarball OUT`: builds a dev release tarball from a release
/// directory with bosh-cli's fingerprints, so releases can be made without the Go CLI.
public struct CreateReleaseCommand: AsyncParsableCommand {
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

    @OptionGroup var global: GlobalOptions

    public func run() async throws {
        do {
            let built = try await ReleaseBuilder().createRelease(
                directory: directory, name: name, version: version, tarball: tarball)
            let manifest = built.manifest
            print("Added release '\(manifest.name)/\(manifest.version)'")
            print("")
            print("Name         \(manifest.name)")
            print("Version      \(manifest.version)")
            print("Commit Hash  \(manifest.commitHash)")
            print("Archive      \(built.tarball)")
            print("Sha1         \(built.sha1)")
        } catch {
            FileHandle.standardError.write(Data("Creating release from '\(directory)': \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
