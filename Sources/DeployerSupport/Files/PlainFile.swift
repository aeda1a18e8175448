import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads whole files with the system calls themselves, so a failure carries its `errno`
/// (a directory where a file is expected reads as `Is a directory`, not as a Foundation code).
public enum PlainFile {
    /// The whole content of `path`.
    /// - Throws: `FileReadError` naming `path` (`EISDIR` for a directory).
    public static func read(_ path: String) throws(FileReadError) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileReadError(path: path, code: errno) }
        defer { close(fd) }
        if FileKind(following: path) == .directory { throw FileReadError(path: path, code: EISDIR) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileReadError(path: path, code: errno)
            }
            if count == 0 { return data }
            data.append(contentsOf: buffer[..<count])
        }
    }
}
