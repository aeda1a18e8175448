import DeployerSupport
import Foundation
import Testing

@testable import Deployer

/// `FileDigestMemo` and its use by `ArtifactResolver`: a remembered digest is used only while
/// the file is the one that was hashed.
@Suite struct FileDigestMemoTests {
    private func resolver(_ scratch: ArtifactScratch, memo: FileDigestMemo) -> ArtifactResolver {
        ArtifactResolver(
            deployerHome: scratch.home, downloader: FakeArtifactDownloader(bodies: [:]), digestMemo: memo)
    }

    private func memo(_ scratch: ArtifactScratch, settleTime: TimeInterval = 0) -> FileDigestMemo {
        FileDigestMemo(directory: scratch.home + "/digests", settleTime: settleTime)
    }

    private func entries(_ memo: FileDigestMemo) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: memo.directory)) ?? []
    }

    /// A digest nobody could compute from the file, to tell a memo hit from a hash.
    private static let planted = try! MultiDigest(
        parsing: String(repeating: "0f", count: 20) + ";sha256:" + String(repeating: "e1", count: 32))

    @Test func aSettledFileIsHashedOnceThenRemembered() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        let data = ArtifactScratch.tarball("cpi")
        let path = try scratch.write("cpi.tgz", data)
        let memo = memo(scratch)
        let request = ArtifactRequest(name: "cpi", kind: .release, url: path, sha1: ArtifactScratch.sha1(data))
        let first = try await resolver(scratch, memo: memo).resolve(request)
        #expect(entries(memo).count == 1)
        let entry = try #require(entries(memo).first)
        let attributes = try FileManager.default.attributesOfItem(atPath: memo.directory + "/" + entry)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let second = try await resolver(scratch, memo: memo).resolve(request)
        #expect(second.digest == first.digest)
        #expect(second.size == Int64(data.count))
    }

    @Test func aRememberedDigestIsUsedWithoutReadingTheFile() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        let path = try scratch.write("stemcell.tgz", ArtifactScratch.tarball("stemcell"))
        let memo = memo(scratch)
        let identity = try #require(FileIdentity(path: path))
        memo.remember(Self.planted, of: path, before: identity, after: identity)
        let artifact = try await resolver(scratch, memo: memo).resolve(
            ArtifactRequest(name: "default", kind: .stemcell, url: path, sha1: String(repeating: "0f", count: 20)))
        #expect(artifact.digest == Self.planted)
    }

    @Test func aChangedFileIsHashedAgain() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        let path = try scratch.write("cpi.tgz", ArtifactScratch.tarball("cpi"))
        let memo = memo(scratch)
        // Recorded for the file as it was a second ago: an edit in place since then moved its
        // status-change time, so the entry no longer matches.
        var earlier = try #require(FileIdentity(path: path))
        earlier.statusChangedSeconds -= 1
        memo.remember(Self.planted, of: path, before: earlier, after: earlier)
        #expect(entries(memo).count == 1)
        let inPlace = try await resolver(scratch, memo: memo).resolve(
            ArtifactRequest(name: "cpi", kind: .release, url: path))
        #expect(inPlace.digest.digest(for: .sha1)?.hex == ArtifactScratch.sha1(ArtifactScratch.tarball("cpi")))
        // Replaced by another file of the same size (a new inode, as a download or a copy
        // renamed into place makes): hashed again too.
        let identity = try #require(FileIdentity(path: path))
        memo.remember(Self.planted, of: path, before: identity, after: identity)
        let replaced = ArtifactScratch.tarball("cpj")
        try replaced.write(to: URL(fileURLWithPath: path), options: .atomic)
        let artifact = try await resolver(scratch, memo: memo).resolve(
            ArtifactRequest(name: "cpi", kind: .release, url: path))
        #expect(artifact.digest.digest(for: .sha1)?.hex == ArtifactScratch.sha1(replaced))
        // A wrong expectation is still caught after the change.
        await #expect(throws: ArtifactError.self) {
            try await resolver(scratch, memo: memo).resolve(
                ArtifactRequest(name: "cpi", kind: .release, url: path, sha1: String(repeating: "0f", count: 20)))
        }
    }

    @Test func aFileChangedRecentlyOrDuringTheHashIsNotRemembered() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        let data = ArtifactScratch.tarball("cpi")
        let path = try scratch.write("cpi.tgz", data)
        // Written just now: a write in the same timestamp tick could go unnoticed.
        let settling = memo(scratch, settleTime: 60)
        _ = try await resolver(scratch, memo: settling).resolve(ArtifactRequest(name: "cpi", kind: .release, url: path))
        #expect(entries(settling).isEmpty)
        // Changed between the identity taken before the hash and the one after it.
        let memo = memo(scratch)
        let before = try #require(FileIdentity(path: path))
        var after = before
        after.statusChangedNanoseconds += 1
        memo.remember(Self.planted, of: path, before: before, after: after)
        memo.remember(Self.planted, of: path, before: before, after: nil)
        #expect(entries(memo).isEmpty)
    }

    @Test func aDamagedOrNarrowerEntryIsAMiss() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        let data = ArtifactScratch.tarball("cpi")
        let path = try scratch.write("cpi.tgz", data)
        let memo = memo(scratch)
        let identity = try #require(FileIdentity(path: path))
        // An entry without sha512 cannot answer for a sha512 expectation.
        memo.remember(Self.planted, of: path, before: identity, after: identity)
        let sha512 = try Digest.compute(of: data, algorithm: .sha512).hex
        let artifact = try await resolver(scratch, memo: memo).resolve(
            ArtifactRequest(name: "cpi", kind: .release, url: path, sha1: "sha512:" + sha512))
        #expect(artifact.digest.digest(for: .sha512)?.hex == sha512)
        // The entry now holds sha512 too; a sha1 expectation gets just what a hash computes.
        let narrower = try await resolver(scratch, memo: memo).resolve(
            ArtifactRequest(name: "cpi", kind: .release, url: path, sha1: ArtifactScratch.sha1(data)))
        #expect(narrower.digest.description == "\(ArtifactScratch.sha1(data));sha256:\(ArtifactScratch.sha256(data))")
        // Garbage in the entry file: hashed again, no error.
        for entry in entries(memo) {
            try Data("{not json".utf8).write(to: URL(fileURLWithPath: memo.directory + "/" + entry))
        }
        let again = try await resolver(scratch, memo: memo).resolve(
            ArtifactRequest(name: "cpi", kind: .release, url: path, sha1: ArtifactScratch.sha1(data)))
        #expect(again.digest.digest(for: .sha1)?.hex == ArtifactScratch.sha1(data))
    }
}
