import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A swift-log handler writing one line per message to a file created with mode 0600 (the
/// debug log can name hosts and paths that are not for everyone), for `--log-file`.
struct DeployLogHandler: LogHandler {
    /// The open file, shared by every copy of the handler.
    final class Sink: Sendable {
        private let handle: Mutex<FileHandle>

        /// Opens `path`, created with mode 0600, emptied first unless `append`.
        /// - Throws: `LogFileError` with the system's reason.
        init(path: String, append: Bool = false) throws(LogFileError) {
            let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
            let fd = open(path, flags, 0o600)
            guard fd >= 0 else { throw LogFileError(path: path, code: errno) }
            // An existing file keeps its content but not a wider mode: the log stays private.
            fchmod(fd, 0o600)
            handle = Mutex(FileHandle(fileDescriptor: fd, closeOnDealloc: true))
        }

        func write(_ line: String) {
            handle.withLock { try? $0.write(contentsOf: Data(line.utf8)) }
        }
    }

    let label: String
    let sink: Sink
    var logLevel: Logger.Level = .debug
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let fields =
            merged.isEmpty
            ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let time = ISO8601DateFormatter().string(from: Date())
        sink.write("\(time) \(event.level) \(label): \(event.message)\(fields)\n")
    }
}
