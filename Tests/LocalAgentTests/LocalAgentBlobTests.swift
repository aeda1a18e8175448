import AgentClient
import AgentProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

/// `PUT|GET /blobs/<prefix>/<id>` streamed through files under the VM directory.
@Suite(.serialized) struct LocalAgentBlobTests {
    @Test func storesAndServesALargeBlobByteForByte() async throws {
        try await withAgent { agent in
            let scratch = try TemporaryDirectory("blobs")
            defer { scratch.remove() }
            // 3 MiB: large enough for curl's `Expect: 100-continue` and many chunks.
            var bytes = [UInt8](repeating: 0, count: 3 << 20)
            for index in stride(from: 0, to: bytes.count, by: 7) {
                bytes[index] = UInt8(truncatingIfNeeded: index &* 31)
            }
            let source = scratch.url.appendingPathComponent("source.bin")
            try Data(bytes).write(to: source)
            let expected = try Digest.compute(ofFile: source.path, algorithm: .sha1).hex

            let blobs = try agent.blobstore()
            let stored = try await blobs.upload(file: source, expectedDigest: expected)
            #expect(stored.size == Int64(bytes.count))
            let onDisk = agent.vmDir + "/data/blobs/" + stored.blobID.rawValue
            let onDiskDigest = try Digest.compute(ofFile: onDisk, algorithm: .sha1)
            #expect(onDiskDigest.hex == expected)
            let attributes = try FileManager.default.attributesOfItem(atPath: onDisk)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)

            let copy = scratch.url.appendingPathComponent("copy.bin")
            let fetched = try await blobs.download(blobID: stored.blobID, to: copy, expectedDigest: expected)
            #expect(fetched.size == Int64(bytes.count))
            #expect(FileManager.default.contents(atPath: copy.path) == Data(bytes))

            // No partial files are left beside the blobs.
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: agent.vmDir + "/data/blobs")
                .filter { $0.hasPrefix(".") }
            #expect(leftovers.isEmpty)
        }
    }

    @Test func refusesABlobIdThatIsNotAFileName() async throws {
        try await withAgent { agent in
            let response = try await agent.raw("PUT", "/blobs/ab/..", body: "x")
            #expect(response.statusCode != 201)
            let hidden = try await agent.raw("PUT", "/blobs/ab/.hidden", body: "x")
            #expect(hidden.statusCode == 500)
            #expect(!FileManager.default.fileExists(atPath: agent.vmDir + "/data/blobs/.hidden"))
        }
    }
}
