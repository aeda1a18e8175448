import CDispatch
import CoreFoundation
import DeployerTestSupport
import Foundation
import Testing

@testable import DeployerSupport

@Suite struct LibArchiveReaderTests {
    /// A tree with nested directories, an executable, a plain file and an internal symlink.
    private func makeTree(in root: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/bin", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/lib/deep/er", withIntermediateDirectories: true)
        try Data("#!/bin/sh\necho hi\n".utf8).write(to: URL(fileURLWithPath: root + "/bin/run"))
        chmod(root + "/bin/run", 0o755)
        try Data("config".utf8).write(to: URL(fileURLWithPath: root + "/lib/deep/er/file.conf"))
        chmod(root + "/lib/deep/er/file.conf", 0o640)
        try Data(repeating: 0x41, count: 200_000).write(to: URL(fileURLWithPath: root + "/lib/big"))
        chmod(root + "/lib/big", 0o644)
        try fm.createSymbolicLink(atPath: root + "/bin/conf", withDestinationPath: "../lib/deep/er/file.conf")
    }

    private func mode(_ path: String) -> UInt32 {
        var info = stat()
        lstat(path, &info)
        return UInt32(info.st_mode) & 0o7777
    }

    @Test func writesAndExtractsATreeExactly() throws {
        let dir = try TemporaryDirectory("archive-roundtrip")
        defer { dir.remove() }
        try makeTree(in: dir.path + "/src")
        let tarball = dir.path + "/pkg.tgz"
        let written = try LibArchiveWriter().writeTarball(from: dir.path + "/src", to: tarball, options: .deterministic)
        #expect(written.digest(for: .sha256)?.hex == (try toolDigest("sha256sum", tarball)))

        // The system tar sees sorted `./` names.
        let listing = try runTool("/usr/bin/tar", ["-tzf", tarball]).split(separator: "\n").map(String.init)
        #expect(
            listing == [
                "./bin/", "./bin/conf", "./bin/run", "./lib/", "./lib/big", "./lib/deep/", "./lib/deep/er/",
                "./lib/deep/er/file.conf",
            ])

        let reader = LibArchiveReader()
        let digest = try reader.extract(tarball: tarball, to: dir.path + "/out")
        #expect(digest.digest(for: .sha1)?.hex == (try toolDigest("sha1sum", tarball)))
        #expect(digest.digest(for: .sha256)?.hex == (try toolDigest("sha256sum", tarball)))
        let out = dir.path + "/out"
        #expect(FileManager.default.contents(atPath: out + "/bin/run") == Data("#!/bin/sh\necho hi\n".utf8))
        #expect(mode(out + "/bin/run") == 0o755)
        #expect(mode(out + "/lib/deep/er/file.conf") == 0o640)
        #expect(FileManager.default.contents(atPath: out + "/lib/big")?.count == 200_000)
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: out + "/bin/conf") == "../lib/deep/er/file.conf")
        #expect(FileManager.default.contents(atPath: out + "/bin/conf") == Data("config".utf8))
    }

    @Test func deterministicOutputIsReproducible() throws {
        let dir = try TemporaryDirectory("archive-determinism")
        defer { dir.remove() }
        try makeTree(in: dir.path + "/src")
        let first = try LibArchiveWriter().writeTarball(
            from: dir.path + "/src", to: dir.path + "/a.tgz", options: .deterministic)
        sleep(1)
        let second = try LibArchiveWriter().writeTarball(
            from: dir.path + "/src", to: dir.path + "/b.tgz", options: .deterministic)
        #expect(first == second)
        var plain = ArchiveWriteOptions.deterministic
        plain.gzip = false
        plain.dotSlashPrefix = false
        try LibArchiveWriter().writeTarball(from: dir.path + "/src", to: dir.path + "/c.tar", options: plain)
        let names = try runTool("/usr/bin/tar", ["-tf", dir.path + "/c.tar"]).split(separator: "\n")
        #expect(names.first == "bin/")
    }

    @Test func leadingEntriesComeFirstWithTheirSubtreesAndModesCanBeNormalized() throws {
        let dir = try TemporaryDirectory("archive-leading")
        defer { dir.remove() }
        try makeTree(in: dir.path + "/src")
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir.path + "/src/top.MF"))
        chmod(dir.path + "/src/top.MF", 0o600)
        chmod(dir.path + "/src/lib/deep", 0o700)
        var options = ArchiveWriteOptions.deterministic
        options.dotSlashPrefix = false
        options.leadingEntries = ["top.MF", "lib"]
        options.normalizesModes = true
        let tarball = dir.path + "/out.tgz"
        try LibArchiveWriter().writeTarball(from: dir.path + "/src", to: tarball, options: options)
        var order: [String] = []
        var modes: [String: UInt32] = [:]
        try LibArchiveReader().forEachEntry(in: tarball) { entry, _ in
            order.append(entry.path)
            modes[entry.normalizedPath] = entry.permissions
        }
        #expect(
            order == [
                "top.MF", "lib/", "lib/big", "lib/deep/", "lib/deep/er/", "lib/deep/er/file.conf", "bin/", "bin/conf",
                "bin/run",
            ])
        #expect(modes["top.MF"] == 0o644)
        #expect(modes["lib/deep/er/file.conf"] == 0o644)
        #expect(modes["lib/deep"] == 0o755)
        #expect(modes["bin/run"] == 0o755)
    }

    @Test func iteratesEntriesAndDigestsTheWholeFile() throws {
        let dir = try TemporaryDirectory("archive-iterate")
        defer { dir.remove() }
        var tar = TarBuilder()
        tar.file("./release.MF", "name: demo\n")
        tar.directory("jobs/")
        tar.file("jobs/a.tgz", String(repeating: "x", count: 70_000))
        tar.symlink("latest", to: "jobs/a.tgz")
        let tarball = dir.path + "/release.tar"
        // 10 KiB of trailing zeros, as `tar` writes: the digest must still cover them.
        try tar.archive(padding: 10240).write(to: URL(fileURLWithPath: tarball))

        var seen: [String] = []
        var jobSize = 0
        var manifest = Data()
        var kept: (any ArchiveEntryContent)?
        let digest = try LibArchiveReader().forEachEntry(in: tarball) { entry, content in
            seen.append("\(entry.normalizedPath):\(entry.kind)")
            if entry.normalizedPath == "jobs/a.tgz" {
                try content.forEachBlock { jobSize += $0.count }
            }
            if entry.normalizedPath == "release.MF" {
                manifest = try content.readAll(limit: 100)
                kept = content
            }
            if entry.kind == .symlink { #expect(entry.linkTarget == "jobs/a.tgz") }
        }
        #expect(manifest == Data("name: demo\n".utf8))
        #expect(throws: ArchiveError.self, "a stream used after its step must fail") { try kept?.readAll(limit: 100) }
        #expect(seen == ["release.MF:file", "jobs:directory", "jobs/a.tgz:file", "latest:symlink"])
        #expect(jobSize == 70_000)
        #expect(digest.digest(for: .sha1)?.hex == (try toolDigest("sha1sum", tarball)))
        #expect(digest.digest(for: .sha256)?.hex == (try toolDigest("sha256sum", tarball)))
    }

    @Test func readsAndStreamsSingleMembers() throws {
        let dir = try TemporaryDirectory("archive-member")
        defer { dir.remove() }
        var tar = TarBuilder()
        tar.file("./release.MF", "name: demo\n")
        tar.file("packages/ruby.tgz", String(repeating: "r", count: 100_000), mode: 0o755)
        let plain = dir.path + "/release.tar"
        try tar.archive().write(to: URL(fileURLWithPath: plain))
        let gzipped = dir.path + "/release.tgz"
        _ = try runTool("/bin/sh", ["-c", "gzip -c -n '\(plain)' > '\(gzipped)'"])

        let reader = LibArchiveReader()
        for tarball in [plain, gzipped] {
            #expect(try reader.readMember(named: "release.MF", in: tarball, limit: 1024) == Data("name: demo\n".utf8))
            #expect(try reader.readMember(named: "./release.MF", in: tarball, limit: 1024) == Data("name: demo\n".utf8))
            do {
                _ = try reader.readMember(named: "packages/ruby.tgz", in: tarball, limit: 1000)
                Issue.record("a member above the cap must be refused")
            } catch let error as ArchiveError {
                #expect(error.reason == .memberTooLarge(limit: 1000))
                #expect(error.description.contains(tarball) && error.description.contains("packages/ruby.tgz"))
            }
            #expect(throws: ArchiveError(tarball: tarball, entry: "missing", reason: .memberNotFound)) {
                try reader.readMember(named: "missing", in: tarball, limit: 10)
            }
            let target = dir.path + "/ruby-\(UUID().uuidString)"
            try reader.extractMember(named: "packages/ruby.tgz", in: tarball, to: target)
            #expect(FileManager.default.contents(atPath: target) == Data(String(repeating: "r", count: 100_000).utf8))
            #expect(mode(target) == 0o755)
        }
    }

    @Test func reportsUnreadableAndMalformedTarballs() throws {
        let dir = try TemporaryDirectory("archive-bad")
        defer { dir.remove() }
        let reader = LibArchiveReader()
        do {
            try reader.extract(tarball: dir.path + "/missing.tgz", to: dir.path + "/out")
            Issue.record("a missing tarball must fail")
        } catch let error as ArchiveError {
            #expect(error.reason == .unreadable(code: ENOENT))
        }
        let garbage = dir.path + "/garbage.tgz"
        try Data(repeating: 0x42, count: 5000).write(to: URL(fileURLWithPath: garbage))
        do {
            try reader.forEachEntry(in: garbage) { _, _ in }
            Issue.record("garbage must not parse")
        } catch let error as ArchiveError {
            #expect(error.description.contains(garbage))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/out"))
    }

    @Test func writerRefusesSpecialFilesAndLeavesNoPartialTarball() throws {
        let dir = try TemporaryDirectory("archive-writer-fifo")
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.path + "/src/sub", withIntermediateDirectories: true)
        try Data("a".utf8).write(to: URL(fileURLWithPath: dir.path + "/src/a"))
        #expect(mkfifo(dir.path + "/src/sub/pipe", 0o644) == 0)
        let tarball = dir.path + "/out.tgz"
        #expect(throws: ArchiveError(tarball: tarball, entry: "sub/pipe", reason: .unsupportedType("special file"))) {
            try LibArchiveWriter().writeTarball(from: dir.path + "/src", to: tarball)
        }
        #expect(!FileManager.default.fileExists(atPath: tarball))
        #expect(throws: ArchiveError.self) {
            try LibArchiveWriter().writeTarball(from: dir.path + "/missing", to: tarball)
        }
    }

    @Test func entryNamesNormalize() {
        #expect(ArchiveEntry.normalize("./release.MF") == "release.MF")
        #expect(ArchiveEntry.normalize("././jobs/") == "jobs")
        #expect(ArchiveEntry.normalize("./") == "")
        #expect(ArchiveEntry.normalize("packages/x.tgz") == "packages/x.tgz")
    }

    @Test func pathPolicy() {
        #expect(ArchivePathPolicy.components(of: "./a//b/") == .accepted(["a", "b"]))
        #expect(ArchivePathPolicy.components(of: "./") == .accepted([]))
        #expect(ArchivePathPolicy.components(of: "/etc/passwd") == .refused(.absolutePath))
        #expect(ArchivePathPolicy.components(of: "a/../../x") == .refused(.parentTraversal))
        #expect(ArchivePathPolicy.symlinkStaysInside(target: "../lib/x", parentDepth: 1))
        #expect(!ArchivePathPolicy.symlinkStaysInside(target: "../../x", parentDepth: 1))
        #expect(!ArchivePathPolicy.symlinkStaysInside(target: "/etc", parentDepth: 3))
        #expect(!ArchivePathPolicy.symlinkStaysInside(target: "a/../../b", parentDepth: 5))
        #expect(ArchivePathPolicy.symlinkStaysInside(target: "sub/file", parentDepth: 0))
        #expect(ArchivePathPolicy.hardLinkComponents(of: "/etc/passwd") == nil)
        #expect(ArchivePathPolicy.hardLinkComponents(of: "a/b") == ["a", "b"])
    }
}
