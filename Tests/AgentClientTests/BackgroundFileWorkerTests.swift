import Crypto
import DeployerSupport
import Foundation
import Testing

@testable import AgentClient

/// The file threads of blob transfers: `BackgroundFileWriter` (downloads) and
/// `BackgroundFileReader` (hashed uploads), driven the way libcurl's callbacks drive them.
@Suite struct BackgroundFileWorkerTests {
    /// Bytes whose every position differs from its neighbours', so a reordered or dropped
    /// piece changes the digest.
    static func pattern(count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
    }

    static func sha1Hex(_ bytes: [UInt8]) -> String {
        Insecure.SHA1.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("file-worker-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func writerWritesAndHashesPiecesOfAnySizeInOrder() throws {
        // More than the ring holds (4 × 64 KiB), in uneven pieces that straddle chunk edges.
        let content = Self.pattern(count: 1_000_003)
        let path = try Self.temporaryFile([])
        defer { unlink(path) }
        let fd = open(path, O_WRONLY | O_TRUNC)
        #expect(fd >= 0)
        let writer = BackgroundFileWriter(
            fd: fd, hasher: try DigestHasher(algorithms: [.sha1]), slots: 4, chunkSize: 64 << 10)
        var offset = 0
        var step = 1
        content.withUnsafeBytes { bytes in
            while offset < bytes.count {
                let count = min(step, bytes.count - offset)
                writer.append(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count]))
                offset += count
                step = step * 3 % 70_001 + 1
            }
        }
        let outcome = writer.finish()
        close(fd)
        #expect(outcome.failure == nil)
        #expect(!writer.hasFailed)
        #expect(outcome.hasher?.finalize().digests.first?.hex == Self.sha1Hex(content))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(content))
    }

    @Test func writerReportsAFullDiskAndKeepsTheTransferMoving() throws {
        // /dev/full fails every write with ENOSPC, as a full disk does.
        let fd = open("/dev/full", O_WRONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        let writer = BackgroundFileWriter(
            fd: fd, hasher: try DigestHasher(algorithms: [.sha1]), slots: 2, chunkSize: 4096)
        let piece = [UInt8](repeating: 7, count: 10_000)
        // Far more than the ring holds: appends after the failure must not block.
        for _ in 0..<50 { piece.withUnsafeBytes { writer.append($0) } }
        let outcome = writer.finish()
        #expect(writer.hasFailed)
        #expect(outcome.failure?.hasPrefix("cannot write: ") == true)
        #expect(outcome.failure?.contains("No space left on device") == true)
    }

    @Test func readerHandsOverTheWholeFileAndHashesExactlyIt() throws {
        let content = Self.pattern(count: 777_777)
        let path = try Self.temporaryFile(content)
        defer { unlink(path) }
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let reader = BackgroundFileReader(
            fd: fd, hasher: try DigestHasher(algorithms: [.sha1]), slots: 3, chunkSize: 64 << 10)
        var received = [UInt8]()
        // libcurl's buffer is larger than a chunk here, then smaller: both must work.
        var bufferSize = 100_000
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let count = try #require(reader.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<bufferSize])))
            if count == 0 { break }
            received.append(contentsOf: buffer[0..<count])
            bufferSize = bufferSize == 100_000 ? 5_000 : 100_000
        }
        #expect(reader.read(into: buffer) == 0)
        let outcome = reader.finish()
        #expect(outcome.failure == nil)
        #expect(received == content)
        #expect(outcome.hasher?.finalize().digests.first?.hex == Self.sha1Hex(content))
    }

    @Test func readerStoppedEarlyEndsWithoutBlocking() throws {
        // A file many times the ring: the reader thread waits for free slots when the
        // transfer gives up after the first piece, and `finish` must still return.
        let content = Self.pattern(count: 2_000_000)
        let path = try Self.temporaryFile(content)
        defer { unlink(path) }
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let reader = BackgroundFileReader(
            fd: fd, hasher: try DigestHasher(algorithms: [.sha1]), slots: 2, chunkSize: 4096)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1000, alignment: 1)
        defer { buffer.deallocate() }
        #expect(reader.read(into: buffer) == 1000)
        let outcome = reader.finish()
        #expect(outcome.failure == nil)
        // Finishing twice is harmless.
        #expect(reader.finish().failure == nil)
    }

    @Test func readerReportsAReadError() throws {
        // Reading a directory fails with EISDIR.
        let fd = open(FileManager.default.temporaryDirectory.path, O_RDONLY | O_DIRECTORY)
        #expect(fd >= 0)
        defer { close(fd) }
        let reader = BackgroundFileReader(
            fd: fd, hasher: try DigestHasher(algorithms: [.sha1]), slots: 2, chunkSize: 4096)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1000, alignment: 1)
        defer { buffer.deallocate() }
        #expect(reader.read(into: buffer) == nil)
        let outcome = reader.finish()
        #expect(outcome.failure?.contains("Is a directory") == true)
    }
}
