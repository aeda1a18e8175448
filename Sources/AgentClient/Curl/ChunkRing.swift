import Dispatch
import Foundation

/// A bounded hand-off of fixed-size byte chunks from exactly one producer thread to exactly
/// one consumer thread (`BackgroundFileWriter`: libcurl's thread produces, the writer thread
/// consumes; `BackgroundFileReader`: the other way round). Its memory is `slots × chunkSize`
/// whatever the blob size.
///
/// Protocol: the producer calls `claim()` (blocks while every slot is in use), fills the slot,
/// then `publish(length:)`; the consumer calls `next()` (blocks until a slot is published),
/// reads it, then `release()`. Slots are used round-robin on both sides, so no index needs
/// sharing: the two semaphores order every slot write before its read and every read before
/// the slot's reuse. That is why the type can be `@unchecked Sendable`.
final class ChunkRing: @unchecked Sendable {
    /// Bytes per slot.
    let chunkSize: Int
    private let slotCount: Int
    private let storage: UnsafeMutableRawPointer
    private let lengths: UnsafeMutablePointer<Int>
    private let free: DispatchSemaphore
    private let published: DispatchSemaphore
    private var producerIndex = 0
    private var consumerIndex = 0

    /// A published length meaning "no more chunks".
    static let endOfStream = -1

    init(slots: Int, chunkSize: Int) {
        slotCount = max(2, slots)
        self.chunkSize = max(4096, chunkSize)
        storage = UnsafeMutableRawPointer.allocate(byteCount: slotCount * self.chunkSize, alignment: 64)
        lengths = UnsafeMutablePointer<Int>.allocate(capacity: slotCount)
        lengths.initialize(repeating: 0, count: slotCount)
        free = DispatchSemaphore(value: slotCount)
        published = DispatchSemaphore(value: 0)
    }

    deinit {
        storage.deallocate()
        lengths.deallocate()
    }

    /// Producer: waits for a free slot and returns its start (`chunkSize` bytes).
    func claim() -> UnsafeMutableRawPointer {
        free.wait()
        return storage + producerIndex * chunkSize
    }

    /// Producer: hands the claimed slot over with `length` valid bytes, or `endOfStream`.
    func publish(length: Int) {
        lengths[producerIndex] = length
        producerIndex = (producerIndex + 1) % slotCount
        published.signal()
    }

    /// Consumer: waits for the next published slot; `nil` at end of stream (whose slot needs
    /// no release).
    func next() -> UnsafeRawBufferPointer? {
        published.wait()
        let length = lengths[consumerIndex]
        guard length != Self.endOfStream else {
            consumerIndex = (consumerIndex + 1) % slotCount
            free.signal()
            return nil
        }
        return UnsafeRawBufferPointer(start: storage + consumerIndex * chunkSize, count: length)
    }

    /// Consumer: gives the slot returned by the last `next()` back to the producer.
    func release() {
        consumerIndex = (consumerIndex + 1) % slotCount
        free.signal()
    }
}
