internal import CCurl
import DeployerSupport
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

    /// The digest so far: handed to the file reader or writer thread with the first body
    /// bytes and taken back by `finishFileWork()`.
    var hasher: DigestHasher?
    /// Reads (and hashes) a hashed upload's file ahead of libcurl; started by its first read.
    private var reader: BackgroundFileReader?
    /// Writes (and hashes) a download's file beside libcurl; started by its first bytes.
    private var writer: BackgroundFileWriter?
    var body = Data()
    var tooLarge = false
    var fileError: String?
    var streamed: Int64 = 0
    var expectedTotal: Int64
    private var lastReported: Int64 = -1
    /// Nil until the first body bytes arrive; then whether they go to the output file.
    private var writesToFile: Bool?

    /// Bodies of error statuses are quoted in messages: keep only their start.
    static let errorBodyLimit = 4096
    /// Progress is reported at most once per this many bytes (plus at the end).
    static let progressStep: Int64 = 1 << 20
    /// The hand-off to the file thread: 16 × 1 MiB absorbs scheduling hiccups on a busy
    /// machine while the client stays far below the blob size in memory.
    static let fileRingSlots = 16
    static let fileRingChunkSize = 1 << 20

    init(
        handle: UnsafeMutableRawPointer, cancellation: CancellationFlag, transfer: CurlTransfer,
        outputFD: Int32?, inputFD: Int32?
    ) {
        self.handle = handle
        self.cancellation = cancellation
        self.outputFD = outputFD
        self.inputFD = inputFD
        self.progress = transfer.progress
        // Callers check the algorithm is supported; an unsupported one gives no digest,
        // which the caller reports as a mismatch.
        self.hasher = transfer.digest.flatMap { try? DigestHasher(algorithms: [$0]) }
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
        if writer == nil {
            writer = BackgroundFileWriter(
                fd: outputFD, hasher: hasher, slots: Self.fileRingSlots, chunkSize: Self.fileRingChunkSize)
        }
        guard let writer, !writer.hasFailed else { return 0 }  // finishFileWork() reports why
        writer.append(bytes)
        advance(by: Int64(bytes.count))
        return bytes.count
    }

    /// READFUNCTION: the request body of a streamed upload.
    func send(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let inputFD, let base = buffer.baseAddress else { return 0 }
        if hasher != nil || reader != nil {
            // Hashed beside the transfer: inline, SHA-1 (≈ 0.4 s per 512 MiB) ran in series
            // with the encryption and the sends on this one thread, which then bound the upload.
            if reader == nil {
                reader = BackgroundFileReader(
                    fd: inputFD, hasher: hasher, slots: Self.fileRingSlots, chunkSize: Self.fileRingChunkSize)
                hasher = nil
            }
            guard let count = reader?.read(into: buffer) else { return Int(CURL_READFUNC_ABORT) }
            advance(by: Int64(count))
            return count
        }
        while true {
            let count = read(inputFD, base, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                fileError = "cannot read: \(String(cString: strerror(errno)))"
                return Int(CURL_READFUNC_ABORT)
            }
            advance(by: Int64(count))
            return count
        }
    }

    /// Waits for the file thread (if one ran), takes its hasher over and records its error:
    /// call once the transfer is over, before reading `hasher` or `fileError`, and before
    /// the files are closed.
    func finishFileWork() {
        if let reader {
            let outcome = reader.finish()
            hasher = outcome.hasher
            if fileError == nil { fileError = outcome.failure }
            self.reader = nil
        }
        if let writer {
            let outcome = writer.finish()
            hasher = outcome.hasher
            if fileError == nil { fileError = outcome.failure }
            self.writer = nil
        }
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
