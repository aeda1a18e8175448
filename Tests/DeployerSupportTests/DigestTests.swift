import DeployerTestSupport
import Foundation
import Testing

@testable import DeployerSupport

@Suite struct DigestTests {
    @Test func strongestSupportedReadsLeniently() {
        let sha1 = String(repeating: "a", count: 40)
        #expect(MultiDigest.strongestSupported(in: " \(sha1) ; SHA256:BB ") == Digest(algorithm: .sha256, hex: "bb"))
        #expect(MultiDigest.strongestSupported(in: "md5:abc;sha1:x-y;\(sha1)") == Digest(algorithm: .sha1, hex: sha1))
        #expect(MultiDigest.strongestSupported(in: "sha256:aa;sha256:bb")?.hex == "aa")
        #expect(MultiDigest.strongestSupported(in: ";;") == nil)
        #expect(MultiDigest.strongestSupported(in: "sha512:") == nil)
    }

    @Test func strongestSupportedPicksTheStrongest() {
        let sha1 = String(repeating: "a", count: 40)
        #expect(MultiDigest.strongestSupported(in: sha1) == Digest(algorithm: .sha1, hex: sha1))
        #expect(MultiDigest.strongestSupported(in: "\(sha1);sha256:BB;sha512:cc")?.algorithm == .sha512)
        #expect(MultiDigest.strongestSupported(in: "sha256:bb")?.hex == "bb")
        #expect(MultiDigest.strongestSupported(in: "") == nil)
        #expect(MultiDigest.strongestSupported(in: "md5:abc") == nil)
    }

    @Test func knownVectors() throws {
        #expect(
            try Digest.compute(of: Data("abc".utf8), algorithm: .sha1).description
                == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(
            try Digest.compute(of: Data("abc".utf8), algorithm: .sha256).description
                == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(throws: DigestError.unsupportedAlgorithm("md5")) {
            try Digest.compute(of: Data(), algorithm: DigestAlgorithm(name: "md5"))
        }
    }

    @Test func fileDigestsMatchSystemTools() throws {
        let dir = try TemporaryDirectory("digest")
        defer { dir.remove() }
        let path = dir.path + "/blob"
        // Three and a bit 64 KiB blocks, so block boundaries are crossed.
        let data = Data((0..<(3 * 65536 + 123)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try data.write(to: URL(fileURLWithPath: path))
        let computed = try MultiDigest.compute(ofFile: path, algorithms: [.sha1, .sha256, .sha512])
        #expect(computed.digest(for: .sha1)?.hex == (try toolDigest("sha1sum", path)))
        #expect(computed.digest(for: .sha256)?.hex == (try toolDigest("sha256sum", path)))
        #expect(computed.digest(for: .sha512)?.hex == (try toolDigest("sha512sum", path)))
        #expect(throws: DigestError.self) {
            try MultiDigest.compute(ofFile: dir.path + "/missing", algorithms: [.sha1])
        }
    }

    @Test func hasherStreamsBlocks() throws {
        var hasher = try DigestHasher(algorithms: [.sha256])
        hasher.update(Data("a".utf8))
        hasher.update(Data("bc".utf8))
        #expect(hasher.byteCount == 3)
        #expect(
            hasher.finalize().description == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite struct MultiDigestTests {
    let sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709"
    let sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    @Test func parsesBareAndPrefixedForms() throws {
        let bare = try MultiDigest(parsing: sha1)
        #expect(bare.digests == [Digest(algorithm: .sha1, hex: sha1)])
        let prefixed = try MultiDigest(parsing: "sha1:\(sha1)")
        #expect(prefixed.description == sha1, "sha1 is printed without prefix")
        let both = try MultiDigest(parsing: "\(sha1);sha256:\(sha256)")
        #expect(both.digests.count == 2)
        #expect(both.description == "\(sha1);sha256:\(sha256)")
        #expect(both.strongest.algorithm == .sha256)
        #expect(try MultiDigest(parsing: ";sha256:\(sha256);;").digests.count == 1, "empty pieces are ignored")
        #expect(try MultiDigest(parsing: "sha256:\(sha256.uppercased())").strongest.hex == sha256)
    }

    @Test func rejectsBadStrings() {
        #expect(throws: DigestError.empty("")) { try MultiDigest(parsing: "") }
        #expect(throws: DigestError.empty(";;")) { try MultiDigest(parsing: ";;") }
        #expect(throws: DigestError.malformed("sha256:ab-cd")) { try MultiDigest(parsing: "sha256:ab-cd") }
        #expect(throws: DigestError.malformed("sha256:")) { try MultiDigest(parsing: "sha256:") }
        #expect(throws: DigestError.malformed("a:b:c")) { try MultiDigest(parsing: "a:b:c") }
        #expect(throws: DigestError.duplicateAlgorithm("sha1", in: "abc;sha1:def")) {
            try MultiDigest(parsing: "abc;sha1:def")
        }
    }

    @Test func unknownAlgorithmsParseButOnlyKnownOnesVerify() throws {
        let mixed = try MultiDigest(parsing: "md5:abc;\(sha1)")
        #expect(mixed.strongest.algorithm == .sha1)
        let computed = try MultiDigest.compute(ofFile: "/dev/null", algorithms: [.sha1, .sha256])
        try mixed.verify(computed, subject: "empty")
        let unknownOnly = try MultiDigest(parsing: "md5:abc")
        #expect(throws: DigestError.unsupportedAlgorithm("md5")) { try unknownOnly.verify(computed, subject: "empty") }
    }

    @Test func verifiesWithTheStrongestDigest() throws {
        let computed = try MultiDigest.compute(ofFile: "/dev/null", algorithms: [.sha1, .sha256])
        try MultiDigest(parsing: "\(sha1);sha256:\(sha256)").verify(computed, subject: "empty")
        // A wrong sha1 next to a right sha256 passes: only the strongest counts (as in bosh).
        try MultiDigest(parsing: "0000000000000000000000000000000000000000;sha256:\(sha256)").verify(
            computed, subject: "empty")
        let wrong = try MultiDigest(parsing: "\(sha1);sha256:\(String(repeating: "0", count: 64))")
        do {
            try wrong.verify(computed, subject: "release 'x.tgz'")
            Issue.record("a mismatching sha256 must fail")
        } catch {
            #expect(error.description.contains("release 'x.tgz'"))
            #expect(error.description.contains("sha256:\(sha256)"))
        }
        let needsSHA512 = try MultiDigest(parsing: "sha512:abcd")
        #expect(throws: DigestError.algorithmNotComputed("sha512", subject: "empty")) {
            try needsSHA512.verify(computed, subject: "empty")
        }
        try MultiDigest(parsing: sha1).verify(fileAt: "/dev/null")
        #expect(throws: DigestError.self) {
            try MultiDigest(parsing: "sha256:\(String(repeating: "1", count: 64))").verify(fileAt: "/dev/null")
        }
    }

    @Test func codableAsDigestString() throws {
        let value = try MultiDigest(parsing: "\(sha1);sha256:\(sha256)")
        let json = try JSONEncoder().encode([value])
        #expect(String(decoding: json, as: UTF8.self) == "[\"\(sha1);sha256:\(sha256)\"]")
        #expect(try JSONDecoder().decode([MultiDigest].self, from: json) == [value])
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode([MultiDigest].self, from: Data("[\"x:y:z\"]".utf8))
        }
    }
}
