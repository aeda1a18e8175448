import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A swift-log handler appending one line per message to a file (mode 0600). Callers never
/// pass secrets: the agent logs action names, blob ids and paths, not arguments.
struct FileLogHandler: LogHandler {
    private final class Sink: Sendable {
        let descriptor: Int32
        let lock = Mutex(())

        init(descriptor: Int32) { self.descriptor = descriptor }

        func write(_ line: String) {
            lock.withLock { _ in
                var bytes = Array(line.utf8)
                bytes.withUnsafeMutableBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                        if written <= 0 {
                            if errno == EINTR { continue }
                            return
                        }
                        offset += written
                    }
                }
            }
        }
    }

    private let sink: Sink
    private let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    /// Opens (creating, mode 0600) `path` for appending.
    /// - Throws: `LocalAgentError` naming the path.
    init(path: String, label: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw LocalAgentError("Opening log file '\(path)': \(String(cString: strerror(errno)))")
        }
        sink = Sink(descriptor: fd)
        self.label = label
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let stamp = ISO8601DateFormatter.string(
            from: Date(), timeZone: TimeZone(identifier: "UTC") ?? .current,
            formatOptions: [.withInternetDateTime, .withFractionalSeconds])
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let fields =
            merged.isEmpty
            ? ""
            : " "
                + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: " ")
        sink.write("\(stamp) \(event.level) [\(label)] \(event.message)\(fields)\n")
    }
}
