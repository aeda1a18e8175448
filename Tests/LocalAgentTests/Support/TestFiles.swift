import DeployerSupport
import DeployerTestSupport
import Foundation

enum TestFiles {
    /// Writes `files` (relative path → content) under `root`, creating directories;
    /// paths listed in `executables` get mode 0755.
    static func write(_ files: [String: String], under root: String, executables: Set<String> = []) throws {
        for (relative, content) in files {
            let path = root + "/" + relative
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(content.utf8).write(to: URL(fileURLWithPath: path))
            let mode: Int = executables.contains(relative) ? 0o755 : 0o644
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        }
    }

    /// A `.tgz` of the files, as bosh-cli writes them (`./` names).
    static func tarball(
        _ files: [String: String], executables: Set<String> = [], in scratch: TemporaryDirectory
    )
        throws -> URL
    {
        let name = UUID().uuidString.prefix(8)
        let tree = scratch.path("tree-\(name)")
        try write(files, under: tree, executables: executables)
        let tarball = scratch.url.appendingPathComponent("archive-\(name).tgz")
        try LibArchiveWriter().writeTarball(from: tree, to: tarball.path)
        return tarball
    }

    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }
}
