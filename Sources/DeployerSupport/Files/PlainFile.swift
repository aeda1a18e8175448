import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads whole files with the system calls themselves, so a failure carries its `errno`
/// (a directory where a file is expected reads as `Is a directory`, not as a Foundation code).
public enum PlainFile {
    /// The whole content of `path`.
    /// - Throws: `PlainFileError` naming `path` and the failing call (`read` with `EISDIR`
    ///   for a directory).
    public static func read(_ path: String) throws(PlainFileError) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PlainFileError(operation: "open", path: path, code: errno) }
        defer { close(fd) }
        if FileKind(following: path) == .directory { throw PlainFileError(operation: "read", path: path, code: EISDIR) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw PlainFileError(operation: "read", path: path, code: errno)
            }
            if count == 0 { return data }
            data.append(contentsOf: buffer[..<count])
        }
    }
}
