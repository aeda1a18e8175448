import DeployerSupport
import DeployerTestSupport
import Foundation

@testable import ReleaseCompiler

/// Tiny release directories and tarballs built on the fly for the tests.
enum SampleReleases {
    /// A release directory with one job (`web`, depending on `app`) and two packages
    /// (`app` → `lib`), with a src/ file, a local blob and a LICENSE.
    static func writeAppRelease(in dir: TemporaryDirectory, root: String = "app-release") throws -> String {
        try dir.write("\(root)/config/final.yml", "---\nname: app-release\n")
        try dir.write("\(root)/config/blobs.yml", "---\nlib/data.bin:\n  size: 5\n  sha: \(try sha1Hex("blob\n"))\n")
        try dir.write("\(root)/blobs/lib/data.bin", "blob\n")
        try dir.write("\(root)/LICENSE", "MIT\n")
        try dir.write(
            "\(root)/jobs/web/spec",
            "---\nname: web\ntemplates:\n  ctl.erb: bin/ctl\npackages: [app]\nproperties:\n  web.port: {default: 80}\n")
        try dir.write("\(root)/jobs/web/monit", "check process web\n")
        try dir.write("\(root)/jobs/web/templates/ctl.erb", "#!/bin/sh\necho <%= p('web.port') %>\n", executable: true)
        try dir.write("\(root)/packages/lib/spec", "---\nname: lib\nfiles:\n- lib/**/*\n")
        try dir.write("\(root)/packages/lib/packaging", "cp -a lib/. ${BOSH_INSTALL_TARGET}/\n")
        try dir.write(
            "\(root)/packages/app/spec",
            "---\nname: app\ndependencies: [lib]\nfiles:\n- app/*.sh\nexcluded_files:\n- app/skip.sh\n")
        try dir.write("\(root)/packages/app/packaging", "cp app/run.sh ${BOSH_INSTALL_TARGET}/\n")
        try dir.write("\(root)/src/app/run.sh", "#!/bin/sh\necho run\n", executable: true)
        try dir.write("\(root)/src/app/skip.sh", "skip\n")
        try dir.write("\(root)/src/lib/code.txt", "code\n")
        return dir.path + "/" + root
    }

    static func sha1Hex(_ text: String) throws -> String {
        try Digest.compute(of: Data(text.utf8), algorithm: .sha1).hex
    }

    /// Writes `files` into a fresh directory and archives it as `tarball`.
    @discardableResult
    static func tarball(
        _ tarball: String, files: [String: String], executable: Set<String> = [], dotSlash: Bool = true
    ) throws -> String {
        let staging = try TemporaryDirectory("stage")
        for (path, content) in files {
            try staging.write(path, content, executable: executable.contains(path))
        }
        try FileManager.default.createDirectory(
            atPath: (tarball as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let digests = try LibArchiveWriter().writeTarball(
            from: staging.path, to: tarball, options: ArchiveWriteOptions(dotSlashPrefix: dotSlash))
        return digests.digest(for: .sha256)?.description ?? ""
    }
}
