import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The system's plain reason for a failed file operation. Foundation's own texts ("The file
/// couldn't be opened", "NSCocoaErrorDomain error 256", "You don't have permission") are
/// vague or wrong, so they never reach a user: this maps them back to `errno`.
public enum SystemErrorText {
    /// `strerror(code)` (`No such file or directory`).
    public static func text(errno code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// Whether `error` is one of Foundation's own (`CocoaError`, `POSIXError`, `NSError`),
    /// whose text is not for users.
    public static func isFoundationError(_ error: any Error) -> Bool {
        error is CocoaError || error is POSIXError || type(of: error) is NSError.Type
    }

    /// The `errno` behind a file error, or nil when it carries none.
    public static func errno(of error: any Error) -> Int32? {
        if let read = error as? PlainFileError { return read.code }
        if let write = error as? FileWriteError { return write.code }
        if let posix = error as? POSIXError { return posix.code.rawValue }
        guard isFoundationError(error) else { return nil }
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return Int32(nsError.code) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain
        {
            return Int32(underlying.code)
        }
        guard nsError.domain == NSCocoaErrorDomain else { return nil }
        switch CocoaError.Code(rawValue: nsError.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
        case .fileReadNoPermission, .fileWriteNoPermission: return EACCES
        case .fileWriteFileExists: return EEXIST
        case .fileWriteOutOfSpace: return ENOSPC
        case .fileWriteVolumeReadOnly: return EROFS
        default: return nil
        }
    }

    /// A plain reason for `error`, a failed operation on `path`: the `errno` text when the
    /// error carries one; for another Foundation error, what the path itself shows (a
    /// directory, a missing parent) or a generic sentence, never Foundation's text; any other
    /// error's own description.
    public static func reason(for error: any Error, path: String) -> String {
        if let code = errno(of: error) { return text(errno: code) }
        guard isFoundationError(error) else { return String(describing: error) }
        switch FileKind(following: path) {
        case .directory: return text(errno: EISDIR)
        case .missing:
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty, FileKind(following: parent) == .missing {
                return "the directory '\(parent)' does not exist"
            }
        default: break
        }
        return "the system gave no reason"
    }
}
