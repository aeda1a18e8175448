internal import CLibArchive
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Extracts one tarball under a destination directory with libarchive's disk writer, after
/// checking every entry against `ArchivePathPolicy` and the file system state.
///
/// libarchive's `SECURE_*` flags are kept as a second line of defence, but they cannot be the
/// only one: entries are rewritten to absolute paths under the destination (there is no
/// base-directory option and `chdir` is process-wide), which `SECURE_NOABSOLUTEPATHS` would
/// refuse, and `SECURE_SYMLINKS` does not look at where a new link points.
struct SecureExtraction {
    let tarball: String
    let destination: String
    let algorithms: [DigestAlgorithm]
    let limits: ExtractionLimits

    func run() throws -> MultiDigest {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let existed = fileManager.fileExists(atPath: destination, isDirectory: &isDirectory)
        if existed, !isDirectory.boolValue {
            throw ArchiveError(tarball: tarball, reason: .destinationNotDirectory(destination))
        }
        // The highest missing ancestor is what a failed extraction removes again.
        var createdTop = destination
        if !existed {
            var parent = (createdTop as NSString).deletingLastPathComponent
            while !parent.isEmpty, parent != "/", !fileManager.fileExists(atPath: parent) {
                createdTop = parent
                parent = (parent as NSString).deletingLastPathComponent
            }
            do {
                try fileManager.createDirectory(atPath: destination, withIntermediateDirectories: true)
            } catch {
                throw ArchiveError(tarball: tarball, reason: .writeFailed(path: destination, message: "\(error)"))
            }
        }
        // A canonical root has no symlink component, so libarchive's own symlink check on the
        // absolute paths below does not trip over the route to the destination.
        guard let root = realpath(destination, nil) else {
            throw ArchiveError(
                tarball: tarball, reason: .writeFailed(path: destination, message: String(cString: strerror(errno))))
        }
        let rootPath = String(cString: root)
        free(root)
        let before = Set((try? fileManager.contentsOfDirectory(atPath: rootPath)) ?? [])
        do {
            return try extract(into: rootPath)
        } catch {
            // Leave nothing half-written: remove the directories we created, or the new
            // top-level names in a destination that was already there.
            if !existed {
                try? fileManager.removeItem(atPath: createdTop)
            } else {
                let after = (try? fileManager.contentsOfDirectory(atPath: rootPath)) ?? []
                for name in after where !before.contains(name) {
                    try? fileManager.removeItem(atPath: rootPath + "/" + name)
                }
            }
            throw error
        }
    }

    private func extract(into root: String) throws -> MultiDigest {
        let session = try LibArchiveReadSession(tarball: tarball, algorithms: algorithms)
        guard let disk = archive_write_disk_new() else {
            throw ArchiveError(tarball: tarball, reason: .malformed("libarchive could not allocate a disk writer"))
        }
        defer { archive_write_free(disk) }
        // Modes and times are kept; ownership is not (no ARCHIVE_EXTRACT_OWNER).
        let flags =
            ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_SECURE_SYMLINKS
            | ARCHIVE_EXTRACT_SECURE_NODOTDOT
        archive_write_disk_set_options(disk, flags)

        var total: Int64 = 0
        while let entry = try session.nextHeader() {
            guard let raw = session.current else { break }
            let parts = try check(entry, root: root, total: &total)
            if parts.isEmpty { continue }  // the `./` entry: the destination itself stays as is
            archive_entry_set_pathname(raw, root + "/" + parts.joined(separator: "/"))
            // setuid/setgid/sticky bits are dropped: nothing extracted should gain privileges.
            archive_entry_set_perm(raw, mode_t(entry.permissions & 0o777))
            if entry.kind == .hardLink, let target = entry.linkTarget.flatMap(ArchivePathPolicy.hardLinkComponents) {
                archive_entry_set_hardlink(raw, root + "/" + target.joined(separator: "/"))
                // Data on a hard-link entry would be written into the (earlier) target file.
                archive_entry_set_size(raw, 0)
            }
            guard archive_write_header(disk, raw) >= ARCHIVE_WARN else {
                throw diskFailure(disk, entry: entry.path)
            }
            if entry.kind == .file, entry.size > 0 {
                try session.forEachDataBlock(entry: entry.path) { offset, block in
                    guard
                        archive_write_data_block(disk, block.baseAddress, block.count, la_int64_t(offset))
                            >= ARCHIVE_WARN
                    else {
                        throw diskFailure(disk, entry: entry.path)
                    }
                }
            }
            guard archive_write_finish_entry(disk) >= ARCHIVE_WARN else {
                throw diskFailure(disk, entry: entry.path)
            }
        }
        // Directory modes and times are applied at close (they are deferred so a read-only
        // directory can still receive its files).
        guard archive_write_close(disk) >= ARCHIVE_WARN else { throw diskFailure(disk, entry: nil) }
        return try session.finish()
    }

    /// Refuses anything that could end outside `root`; returns the relative components.
    private func check(_ entry: ArchiveEntry, root: String, total: inout Int64) throws(ArchiveError) -> [String] {
        func refuse(_ reason: ArchiveError.Reason) -> ArchiveError {
            ArchiveError(tarball: tarball, entry: entry.path, reason: reason)
        }
        let parts: [String]
        switch ArchivePathPolicy.components(of: entry.path) {
        case .accepted(let value): parts = value
        case .refused(let reason): throw refuse(reason)
        }
        switch entry.kind {
        case .file, .directory, .symlink, .hardLink: break
        default: throw refuse(.unsupportedType(entry.kind.rawValue))
        }
        guard entry.size >= 0, entry.size <= limits.maxEntrySize else {
            throw refuse(.entryTooLarge(declared: entry.size, limit: limits.maxEntrySize))
        }
        total += entry.size
        guard total <= limits.maxTotalSize else { throw refuse(.totalTooLarge(limit: limits.maxTotalSize)) }
        if parts.isEmpty { return parts }

        if let link = firstSymlink(in: parts.dropLast(), root: root) {
            throw refuse(.throughSymlink(component: link))
        }
        // Replacing an existing link by a directory would let libarchive reuse the link's
        // target; replacing it by a file is equally suspicious in a release tarball.
        if entry.kind != .symlink, isSymlink(root + "/" + parts.joined(separator: "/")) {
            throw refuse(.throughSymlink(component: parts.joined(separator: "/")))
        }
        switch entry.kind {
        case .symlink:
            let target = entry.linkTarget ?? ""
            guard ArchivePathPolicy.symlinkStaysInside(target: target, parentDepth: parts.count - 1) else {
                throw refuse(.symlinkEscapes(target: target))
            }
        case .hardLink:
            let target = entry.linkTarget ?? ""
            guard let targetParts = ArchivePathPolicy.hardLinkComponents(of: target),
                firstSymlink(in: targetParts[...], root: root) == nil
            else { throw refuse(.hardLinkEscapes(target: target)) }
            var info = stat()
            guard lstat(root + "/" + targetParts.joined(separator: "/"), &info) == 0,
                info.st_mode & S_IFMT == S_IFREG
            else { throw refuse(.hardLinkEscapes(target: target)) }
        default:
            break
        }
        return parts
    }

    /// The first of the leading components of a path below `root` that is a symbolic link.
    private func firstSymlink(in parts: ArraySlice<String>, root: String) -> String? {
        var path = root
        var relative: [String] = []
        for part in parts {
            path += "/" + part
            relative.append(part)
            if isSymlink(path) { return relative.joined(separator: "/") }
        }
        return nil
    }

    private func isSymlink(_ path: String) -> Bool { FileKind(of: path) == .symlink }

    private func diskFailure(_ disk: OpaquePointer, entry: String?) -> ArchiveError {
        let message = archive_error_string(disk).map { String(cString: $0) } ?? "unknown libarchive error"
        return ArchiveError(tarball: tarball, entry: entry, reason: .writeFailed(path: destination, message: message))
    }
}

extension LibArchiveReader {
    /// Extracts every member under `destination` (created if missing).
    ///
    /// Refused, with an `ArchiveError` naming the tarball and the entry: absolute names, names
    /// with `..`, symbolic links pointing outside the destination, hard links to anything but
    /// an earlier regular member, writing through a symbolic link, device nodes, FIFOs and
    /// sockets, and declared sizes above `limits`. Permission bits are kept (without
    /// setuid/setgid/sticky), ownership is not.
    ///
    /// - Returns: the digests of the whole tarball, computed during the same read.
    /// - Throws: `ArchiveError`; what was extracted is removed again (the destination itself if
    ///   this call created it, with any parents it created, otherwise the new top-level names).
    @discardableResult
    public func extract(tarball: String, to destination: String) throws -> MultiDigest {
        try SecureExtraction(tarball: tarball, destination: destination, algorithms: digestAlgorithms, limits: limits)
            .run()
    }
}
