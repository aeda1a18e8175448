import AgentProtocol
import DeployerSupport
import Foundation
import Logging

/// The `compile_package` action: fetch and check the source blob, install the compiled
/// dependencies, extract the source into the compile target, run `packaging` with the bosh
/// compile environment, tar the install target and store it as a new blob (plain SHA-1).
struct PackageCompiler: Sendable {
    let context: AgentContext

    /// Longest a `packaging` script may run.
    static let timeout: Duration = .seconds(3600)

    func compile(_ arguments: CompilePackageArguments) async throws -> BlobReference {
        let layout = context.layout
        let name = arguments.name
        try LocalAgentError.requireSafeComponent(name, what: "Package name")
        try LocalAgentError.requireSafeComponent(arguments.version, what: "Package version")
        let source = try prefixingErrors("Fetching package \(name)") {
            try context.blobstore.verifiedPath(forID: arguments.blobID.rawValue, digest: arguments.digest)
        }
        let installer = PackageInstaller(layout: layout, blobstore: context.blobstore)
        try prefixingErrors("Installing dependencies") {
            for (_, dependency) in arguments.dependencies.sorted(by: { $0.key < $1.key }) {
                try installer.install(
                    name: dependency.name, version: dependency.version, blobID: dependency.blobstoreID.rawValue,
                    digest: dependency.sha1)
            }
        }

        let compileTarget = layout.compileDir + "/" + name
        let installDirectory = installer.installDirectory(name: name, version: arguments.version)
        let installTarget = layout.packagesDir + "/" + name
        try FileTree.remove(compileTarget)
        try FileTree.remove(installDirectory)
        try FileTree.createDirectory(installDirectory)
        try FileTree.replaceSymlink(at: installTarget, to: installDirectory)
        defer { try? FileTree.remove(compileTarget) }
        _ = try prefixingErrors("Unpacking package \(name)") {
            try LibArchiveReader().extract(tarball: source, to: compileTarget)
        }

        if FileManager.default.fileExists(atPath: compileTarget + "/packaging") {
            try await runPackaging(
                name: name, version: arguments.version, compileTarget: compileTarget, installTarget: installTarget)
        }

        let blob = try context.blobstore.storeArchive(
            of: installDirectory, scratch: layout.tmpDir, archiving: "Compressing compiled package",
            storing: "Uploading compiled package")
        context.logger.info("compiled package \(name)/\(arguments.version) as blob \(blob.blobstoreID)")
        return blob
    }

    private func runPackaging(name: String, version: String, compileTarget: String, installTarget: String) async throws
    {
        let logFile = context.layout.sysLogDir + "/compile-\(name).log"
        try? FileTree.remove(logFile)
        let invocation = ProcessRunner.Invocation(
            executable: "/bin/bash", arguments: ["-x", "packaging"],
            environment: .inherit(overrides: [
                "BOSH_COMPILE_TARGET": compileTarget,
                "BOSH_INSTALL_TARGET": installTarget,
                "BOSH_PACKAGE_NAME": name,
                "BOSH_PACKAGE_VERSION": version,
                "BOSH_PACKAGES_DIR": context.layout.packagesDir,
            ]),
            workingDirectory: compileTarget, timeout: Self.timeout)
        let result = try await prefixingErrors("Running packaging script of \(name)") {
            try await ProcessRunner().run(invocation, appendingOutputTo: logFile)
        }
        guard result.exitStatus.isSuccess else {
            let tail = ProcessRunner.lastLines(10, ofFile: logFile).joined(separator: "\n")
            throw LocalAgentError(
                "Running packaging script of \(name): \(result.exitStatus) (log '\(logFile)'); last lines:\n\(tail)")
        }
    }
}
