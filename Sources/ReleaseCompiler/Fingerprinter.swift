import DeployerSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// bosh-cli's "v2" content fingerprint of a job, package or license (spec release.md §5;
/// upstream release/resource/fingerprint.go).
///
/// The digest is SHA-256 (modern bosh-cli); the result is the bare hex, without `sha256:`.
public enum Fingerprinter {
    /// One file that takes part in a fingerprint.
    public struct File: Sendable, Equatable {
        /// Where the file is on disk.
        public var path: String
        /// Its name inside the archive (`job.MF`, `templates/ctl.erb`, `hello/input.txt`).
        public var relativePath: String
        /// `packaging`/`pre_packaging` are fingerprinted without a mode.
        public var excludeMode: Bool

        /// Creates a value from its parts.
        public init(path: String, relativePath: String, excludeMode: Bool = false) {
            self.path = path
            self.relativePath = relativePath
            self.excludeMode = excludeMode
        }
    }

    /// Computes the fingerprint.
    ///
    /// - Parameters:
    ///   - files: the files, in any order (sorted by relative path here).
    ///   - additionalChunks: packages' dependency names (sorted and comma-joined here).
    ///   - followSymlinks: jobs follow symlinks (hash the target's content); packages do not
    ///     (hash the link's target path and use the mode `symlink`).
    /// - Throws: `ReleaseError.io` naming a file that cannot be read.
    public static func fingerprint(
        files: [File], additionalChunks: [String] = [], followSymlinks: Bool
    ) throws -> String {
        try fingerprint(
            files: files, additionalChunks: additionalChunks, followSymlinks: followSymlinks, algorithm: .sha256)
    }

    /// The same with another digest algorithm: `.sha1` reproduces legacy 40-hex fingerprints
    /// (used by tests against upstream's sha1 release fixtures).
    static func fingerprint(
        files: [File], additionalChunks: [String], followSymlinks: Bool, algorithm: DigestAlgorithm
    ) throws -> String {
        var text = "v2"
        for file in files.sorted(by: { $0.relativePath < $1.relativePath }) {
            text += try chunk(for: file, followSymlinks: followSymlinks, algorithm: algorithm)
        }
        if !additionalChunks.isEmpty {
            text += additionalChunks.sorted().joined(separator: ",")
        }
        return try digest(of: Data(text.utf8), algorithm: algorithm).hex
    }

    private static func chunk(for file: File, followSymlinks: Bool, algorithm: DigestAlgorithm) throws -> String {
        var info = stat()
        guard lstat(file.path, &info) == 0 else {
            throw ReleaseError.io(
                operation: "Fingerprinting file", path: file.path, reason: String(cString: strerror(errno)))
        }
        let type = info.st_mode & S_IFMT
        let isSymlink = type == S_IFLNK
        var result = file.relativePath
        if isSymlink && !followSymlinks {
            let target = try FileManager.default.destinationOfSymbolicLink(atPath: file.path)
            result += try digest(of: Data(target.utf8), algorithm: algorithm).description
        } else {
            do {
                result += try Digest.compute(ofFile: file.path, algorithm: algorithm).description
            } catch {
                throw ReleaseError.io(operation: "Fingerprinting file", path: file.path, reason: "\(error)")
            }
        }
        if !file.excludeMode {
            // The mode comes from lstat even when the link is followed: bosh-cli does the same,
            // so a followed symlink (mode 0777) counts as executable.
            if type == S_IFDIR {
                result += "40755"
            } else if isSymlink && !followSymlinks {
                result += "symlink"
            } else if info.st_mode & 0o111 != 0 {
                result += "100755"
            } else {
                result += "100644"
            }
        }
        return result
    }

    static func digest(of data: Data, algorithm: DigestAlgorithm) throws -> Digest {
        do {
            return try Digest.compute(of: data, algorithm: algorithm)
        } catch {
            throw ReleaseError.io(operation: "Computing digest", path: "<memory>", reason: "\(error)")
        }
    }
}
