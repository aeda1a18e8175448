internal import CLibArchive
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Lists a directory tree for archiving: every directory, file and symbolic link below the
/// root, with paths relative to it, sorted byte-wise so archives are reproducible.
struct TreeWalker {
    struct Entry {
        let name: String
        let path: String
        let kind: ArchiveEntry.Kind
        let size: Int64
        let permissions: UInt32
        let linkTarget: String?
        let modificationSeconds: Int
    }

    let root: String
    let tarball: String

    func sortedEntries() throws(ArchiveError) -> [Entry] {
        var entries: [Entry] = []
        do {
            try DirectoryTree.forEachEntry(under: root) { relative, _ in
                entries.append(try entry(relativeName: relative))
            }
        } catch let error as DirectoryTree.ListingError {
            throw ArchiveError(
                tarball: tarball, entry: error.relativePath.isEmpty ? nil : error.relativePath,
                reason: .unreadable(code: error.code))
        } catch let error as ArchiveError {
            throw error
        } catch {
            preconditionFailure("only entry(relativeName:) throws, and only ArchiveError: \(error)")
        }
        return entries.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
    }

    /// The entry for `relativeName` from its `lstat`.
    private func entry(relativeName: String) throws(ArchiveError) -> Entry {
        let path = root + "/" + relativeName
        var info = stat()
        guard lstat(path, &info) == 0 else {
            throw ArchiveError(tarball: tarball, entry: relativeName, reason: .unreadable(code: errno))
        }
        let permissions = UInt32(info.st_mode) & 0o7777
        let seconds = Int(info.st_mtim.tv_sec)
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            return Entry(
                name: relativeName, path: path, kind: .directory, size: 0, permissions: permissions, linkTarget: nil,
                modificationSeconds: seconds)
        case S_IFREG:
            return Entry(
                name: relativeName, path: path, kind: .file, size: Int64(info.st_size), permissions: permissions,
                linkTarget: nil, modificationSeconds: seconds)
        case S_IFLNK:
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(path, &buffer, buffer.count - 1)
            guard length >= 0 else {
                throw ArchiveError(tarball: tarball, entry: relativeName, reason: .unreadable(code: errno))
            }
            let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return Entry(
                name: relativeName, path: path, kind: .symlink, size: 0, permissions: permissions, linkTarget: target,
                modificationSeconds: seconds)
        default:
            throw ArchiveError(tarball: tarball, entry: relativeName, reason: .unsupportedType("special file"))
        }
    }
}
