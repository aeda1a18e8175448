import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import ReleaseCompiler

@Suite struct FingerprinterTests {
    /// Files of upstream's integration/assets/small-sha128-release.tgz (bosh-cli), whose
    /// release.MF records these legacy (sha1) fingerprints.
    @Test func reproducesUpstreamSha1Fingerprints() throws {
        let dir = try TemporaryDirectory()
        try dir.write("job/job.MF", "---\nname: simple_job\n\ntemplates: {}\n\npackages: []\n\nproperties: {}\n")
        try dir.write("job/monit", "")
        try dir.write("pkg/packaging", "set -e\n")
        let job = try Fingerprinter.fingerprint(
            files: [
                .init(path: dir.path + "/job/monit", relativePath: "monit"),
                .init(path: dir.path + "/job/job.MF", relativePath: "job.MF"),
            ],
            additionalChunks: [], followSymlinks: true, algorithm: .sha1)
        #expect(job == "5a276e0520254a7b665f64579e1d87f78e907262")
        let package = try Fingerprinter.fingerprint(
            files: [.init(path: dir.path + "/pkg/packaging", relativePath: "packaging", excludeMode: true)],
            additionalChunks: [], followSymlinks: false, algorithm: .sha1)
        #expect(package == "100bedf6f31da1a4693c446f1ea93348ea7a7a9d")
    }

    /// The v2 chunk layout, computed independently: path + digest + mode, packaging without
    /// mode, symlinks by target, dependencies sorted and comma-joined.
    @Test func sha256FingerprintMatchesTheChunkLayout() throws {
        let dir = try TemporaryDirectory()
        try dir.write("packaging", "make\n", executable: true)
        try dir.write("src/a.sh", "echo\n", executable: true)
        try dir.write("src/b.txt", "b\n")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/src/link", withDestinationPath: "b.txt")
        let files: [Fingerprinter.File] = [
            .init(path: dir.path + "/src/link", relativePath: "link"),
            .init(path: dir.path + "/src/b.txt", relativePath: "b.txt"),
            .init(path: dir.path + "/packaging", relativePath: "packaging", excludeMode: true),
            .init(path: dir.path + "/src/a.sh", relativePath: "a.sh"),
        ]
        func sha(_ text: String) throws -> String {
            try Fingerprinter.digest(of: Data(text.utf8), algorithm: .sha256).description
        }
        let expectedText =
            "v2"
            + "a.sh" + (try sha("echo\n")) + "100755"
            + "b.txt" + (try sha("b\n")) + "100644"
            + "link" + (try sha("b.txt")) + "symlink"
            + "packaging" + (try sha("make\n"))
            + "dep1,dep2"
        let expected = try Fingerprinter.digest(of: Data(expectedText.utf8), algorithm: .sha256).hex
        let actual = try Fingerprinter.fingerprint(
            files: files, additionalChunks: ["dep2", "dep1"], followSymlinks: false)
        #expect(actual == expected)
        #expect(actual.count == 64)
        // Following symlinks hashes the target's content instead (and lstat's 0777 mode).
        let followed = try Fingerprinter.fingerprint(files: [files[0]], followSymlinks: true)
        let followedText = "v2" + "link" + (try sha("b\n")) + "100755"
        #expect(followed == (try Fingerprinter.digest(of: Data(followedText.utf8), algorithm: .sha256).hex))
    }

    @Test(arguments: [
        ("hello/**/*", "hello/input.txt", true),
        ("hello/**/*", "hello/a/b/c.txt", true),
        ("hello/**/*", "other/input.txt", false),
        ("*.tgz", "ruby.tgz", true),
        ("*.tgz", "dir/ruby.tgz", false),
        ("**/*.tgz", "ruby.tgz", true),
        ("ruby/ruby-?.?.tgz", "ruby/ruby-3.3.tgz", true),
        ("ruby/ruby-[0-9].tgz", "ruby/ruby-3.tgz", true),
        ("ruby/ruby-[!0-9].tgz", "ruby/ruby-3.tgz", false),
        ("{a,b}/x", "b/x", true),
        ("{a,b}/x", "c/x", false),
        ("a/**", "a/b/c", true),
    ])
    func globMatchesLikeDoublestar(pattern: String, path: String, expected: Bool) {
        #expect(PathGlob(pattern).matches(path) == expected)
    }
}
