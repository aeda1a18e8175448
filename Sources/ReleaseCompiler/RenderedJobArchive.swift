import DeployerSupport
import Foundation

/// The `rendered_templates_archive` of an apply spec: one `.tgz` holding every rendered job of
/// an instance in a `<job-name>/` directory (bosh-cli templatescompiler/rendered_job_list_compressor.go).
public enum RenderedJobArchive {
    /// Writes the archive and returns its SHA-256 digest string (`sha256:<hex>`).
    ///
    /// - Parameters:
    ///   - jobs: the rendered jobs (names must be unique).
    ///   - tarball: the file to create.
    /// - Throws: `ReleaseError.io` for copy failures, `ArchiveError`.
    public static func write(
        _ jobs: [RenderedJob], to tarball: String, writer: any ArchiveWriter = LibArchiveWriter()
    ) async throws -> String {
        try await runOnDedicatedThread {
            let staging = try FileTree.makeTemporaryDirectory(prefix: "rendered-job-list")
            defer { try? FileTree.remove(staging) }
            for job in jobs {
                guard SafeRelativePath.isSafeComponent(job.name) else {
                    throw ReleaseError.unsafePath(owner: "rendered job", path: job.name)
                }
                do {
                    try FileManager.default.copyItem(atPath: job.directory, toPath: staging + "/" + job.name)
                } catch {
                    throw ReleaseError.io(operation: "Copying rendered job", path: job.directory, reason: "\(error)")
                }
            }
            try FileTree.createDirectory((tarball as NSString).deletingLastPathComponent)
            let digests = try writer.writeTarball(
                from: staging, to: tarball, options: ArchiveWriteOptions(digestAlgorithms: [.sha256]))
            return try digests.digest(for: .sha256)?.description ?? ArchiveDigests.sha256(ofFile: tarball)
        }
    }
}
