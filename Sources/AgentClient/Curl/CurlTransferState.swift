internal import CCurl
import Foundation

/// The mutable side of one transfer, reached from libcurl's C callbacks through their context
/// pointer. It lives and dies on the transfer thread, so it needs no locking; only the
/// cancellation flag is shared, and that is atomic.
final class CurlTransferState {
    let handle: UnsafeMutableRawPointer
    let cancellation: CancellationFlag
    let memoryLimit: Int
    let outputFD: Int32?
    let outputPath: String
    let inputFD: Int32?
    let inputPath: String
    let progress: (@Sendable (Int64, Int64) -> Void)?

    var hasher: StreamingHasher?
    var body = Data()
    var tooLarge = false
    var fileError: String?
    var streamed: Int64 = 0
    var expectedTotal: Int64
    private var lastReported: Int64 = -1
    /// Nil until the first body bytes arrive; then whether they go to the output file.
    private var writesToFile: Bool?
    /// Writes and hashes a 2xx body on a thread of its own; started by its first bytes.
    private var writer: BackgroundFileWriter?
    /// Reads and hashes a streamed upload on a thread of its own.
    private var reader: BackgroundFileReader?
    private var preadHasher: BackgroundFileHasher?

    /// Bodies of error statuses are quoted in messages: keep only their start.
    static let errorBodyLimit = 4096
    /// Progress is reported at most once per this many bytes (plus at the end).
    static let progressStep: Int64 = 1 << 20
    /// Ring between curl and the file thread: 8 × 1 MiB keeps the hasher busy through
    /// scheduling hiccups while the client stays far below the blob size in memory.
    static let ringSlots = ProcessInfo.processInfo.environment["DEPLOYER_EXP_SLOTS"].flatMap(Int.init) ?? 8
    static let ringChunkSize = ProcessInfo.processInfo.environment["DEPLOYER_EXP_CHUNK"].flatMap(Int.init) ?? (1 << 20)

    init(
        handle: UnsafeMutableRawPointer, cancellation: CancellationFlag, transfer: CurlTransfer,
        outputFD: Int32?, inputFD: Int32?
    ) {
        self.handle = handle
        self.cancellation = cancellation
        self.outputFD = outputFD
        self.inputFD = inputFD
        self.progress = transfer.progress
        self.hasher = transfer.digest.map(StreamingHasher.init)
        switch transfer.download {
        case .memory(let limit):
            memoryLimit = limit
            outputPath = ""
        case .file(let path):
            memoryLimit = Self.errorBodyLimit
            outputPath = path
        }
        switch transfer.upload {
        case .file(let path, let size):
            inputPath = path
            expectedTotal = size
            if let inputFD, ProcessInfo.processInfo.environment["DEPLOYER_EXP_UPMODE"] == "pread" {
                preadHasher = BackgroundFileHasher(fd: inputFD, limit: size, hasher: hasher)
            } else if let inputFD, ProcessInfo.processInfo.environment["DEPLOYER_EXP_UPMODE"] == "serial" {
            } else if let inputFD {
                reader = BackgroundFileReader(
                    fd: inputFD, limit: size, hasher: hasher, slots: Self.ringSlots, chunkSize: Self.ringChunkSize)
            }
        case .none, .data:
            inputPath = ""
            expectedTotal = 0
        }
    }

    /// WRITEFUNCTION: the response body.
    func receive(_ bytes: UnsafeRawBufferPointer) -> Int {
        if writesToFile == nil {
            writesToFile = outputFD != nil && (200..<300).contains(responseCode())
            if writesToFile == true {
                var length: curl_off_t = -1
                _ = deployer_curl_getinfo_off_t(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length)
                expectedTotal = max(0, Int64(length))
            }
        }
        guard writesToFile == true, let outputFD else {
            guard body.count + bytes.count <= memoryLimit else {
                if outputFD != nil {
                    // An error body on a file download: a truncated excerpt is enough.
                    body.append(contentsOf: bytes.prefix(max(0, memoryLimit - body.count)))
                    return bytes.count
                }
                tooLarge = true
                return 0
            }
            body.append(contentsOf: bytes)
            return bytes.count
        }
        let writer =
            self.writer
            ?? BackgroundFileWriter(fd: outputFD, hasher: hasher, slots: Self.ringSlots, chunkSize: Self.ringChunkSize)
        self.writer = writer
        guard writer.append(bytes) else { return 0 }
        advance(by: Int64(bytes.count))
        return bytes.count
    }

    /// READFUNCTION: the request body of a streamed upload.
    func send(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let reader else {
            guard let inputFD, let base = buffer.baseAddress else { return 0 }
            while true {
                let count = read(inputFD, base, buffer.count)
                if count < 0 {
                    if errno == EINTR { continue }
                    fileError = "cannot read: \(String(cString: strerror(errno)))"
                    return Int(CURL_READFUNC_ABORT)
                }
                if preadHasher == nil { hasher?.update(UnsafeRawBufferPointer(start: base, count: count)) }
                advance(by: Int64(count))
                return count
            }
        }
        let count = reader.read(into: buffer)
        if count > 0 && count <= buffer.count { advance(by: Int64(count)) }
        return count
    }

    /// Waits for the file reader / writer threads to finish, then takes over their digest
    /// and file error. Must run before the file descriptors close.
    func finishStreams() {
        for stream in [reader?.finish(), writer?.finish(), preadHasher?.finish()] {
            guard let (streamHasher, error) = stream else { continue }
            hasher = streamHasher
            if let error, fileError == nil { fileError = error }
        }
        reader = nil
        writer = nil
    }

    /// Reports the final position, so callers always see (total, total) on success.
    func finishProgress() {
        guard let progress else { return }
        if streamed != lastReported { progress(streamed, max(expectedTotal, streamed)) }
    }

    func responseCode() -> Int {
        var code: Int = 0
        _ = deployer_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    private func advance(by count: Int64) {
        streamed += count
        guard let progress else { return }
        if lastReported < 0 || streamed - lastReported >= Self.progressStep {
            lastReported = streamed
            progress(streamed, max(expectedTotal, streamed))
        }
    }
}
