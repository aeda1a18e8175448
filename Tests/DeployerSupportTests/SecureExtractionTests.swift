import CDispatch
import DeployerTestSupport
import Foundation
import Testing

@testable import DeployerSupport

/// Hostile tarballs: each must be refused with an error naming the tarball and the entry, and
/// nothing may appear outside (or, after cleanup, inside) the destination.
@Suite struct SecureExtractionTests {
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let entry: String
        let reason: ArchiveError.Reason
        let build: @Sendable (inout TarBuilder) -> Void
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "dot-dot", entry: "../evil", reason: .parentTraversal) { $0.file("../evil", "x") },
        Case(name: "absolute", entry: "/abs/path", reason: .absolutePath) { $0.file("/abs/path", "x") },
        Case(name: "nested dot-dot", entry: "a/../../evil", reason: .parentTraversal) { $0.file("a/../../evil", "x") },
        Case(name: "symlink to /etc then through it", entry: "link", reason: .symlinkEscapes(target: "/etc")) {
            $0.symlink("link", to: "/etc")
            $0.file("link/passwd", "root::0:0::/:/bin/sh\n")
        },
        Case(name: "relative symlink outside", entry: "link", reason: .symlinkEscapes(target: "../../outside")) {
            $0.symlink("link", to: "../../outside")
        },
        Case(name: "symlink escaping from a subdirectory", entry: "sub/link", reason: .symlinkEscapes(target: "../.."))
        {
            $0.directory("sub/")
            $0.symlink("sub/link", to: "../..")
        },
        Case(name: "write through an inside symlink", entry: "link/file", reason: .throughSymlink(component: "link")) {
            $0.directory("sub/")
            $0.symlink("link", to: "sub")
            $0.file("link/file", "x")
        },
        Case(name: "hard link to /etc/passwd", entry: "passwd", reason: .hardLinkEscapes(target: "/etc/passwd")) {
            $0.hardLink("passwd", to: "/etc/passwd")
        },
        Case(name: "hard link with dot-dot", entry: "hl", reason: .hardLinkEscapes(target: "../outside")) {
            $0.hardLink("hl", to: "../outside")
        },
        Case(name: "character device", entry: "dev/null", reason: .unsupportedType("character device")) {
            $0.add("dev/null", type: .characterDevice, mode: 0o666, device: (1, 3))
        },
        Case(name: "fifo", entry: "pipe", reason: .unsupportedType("FIFO")) {
            $0.add("pipe", type: .fifo, mode: 0o644)
        },
        Case(name: "absurd declared size", entry: "image", reason: .entryTooLarge(declared: 1 << 60, limit: 64 << 30)) {
            $0.add("image", type: .file, mode: 0o644, declaredSize: 1 << 60)
        },
    ]

    @Test(arguments: cases)
    func refusesHostileEntry(_ hostile: Case) throws {
        let parent = try TemporaryDirectory("hostile")
        defer { parent.remove() }
        var tar = TarBuilder()
        // Good entries first, so the cleanup of a partial extraction is exercised too.
        tar.directory("ok/")
        tar.file("ok/file", "fine")
        hostile.build(&tar)
        let tarball = parent.path + "/hostile.tar"
        try tar.archive().write(to: URL(fileURLWithPath: tarball))
        let target = parent.path + "/deep/target"

        do {
            try LibArchiveReader().extract(tarball: tarball, to: target)
            Issue.record("\(hostile.name) was extracted")
        } catch let error as ArchiveError {
            #expect(error.tarball == tarball)
            #expect(error.entry == hostile.entry)
            #expect(error.reason == hostile.reason)
            #expect(error.description.contains(tarball) && error.description.contains("'\(hostile.entry)'"))
        }
        #expect(parent.listing() == ["hostile.tar"], "nothing but the tarball may remain")
        #expect(!FileManager.default.fileExists(atPath: "/abs/path"))
    }

    @Test func gzippedHostileTarballIsRefusedToo() throws {
        let parent = try TemporaryDirectory("hostile-gz")
        defer { parent.remove() }
        var tar = TarBuilder()
        tar.file("fine", "x")
        tar.symlink("etc", to: "/etc")
        tar.file("etc/passwd", "evil")
        try tar.archive().write(to: URL(fileURLWithPath: parent.path + "/t.tar"))
        _ = try runTool("/bin/sh", ["-c", "gzip -n '\(parent.path)/t.tar'"])
        let tarball = parent.path + "/t.tar.gz"
        #expect(throws: ArchiveError(tarball: tarball, entry: "etc", reason: .symlinkEscapes(target: "/etc"))) {
            try LibArchiveReader().extract(tarball: tarball, to: parent.path + "/out")
        }
        #expect(parent.listing() == ["t.tar.gz"])
    }

    @Test func sizeLimitIsConfigurable() throws {
        let parent = try TemporaryDirectory("limits")
        defer { parent.remove() }
        var tar = TarBuilder()
        tar.file("a", String(repeating: "a", count: 600))
        tar.file("b", String(repeating: "b", count: 600))
        let tarball = parent.path + "/t.tar"
        try tar.archive().write(to: URL(fileURLWithPath: tarball))
        #expect(throws: ArchiveError(tarball: tarball, entry: "a", reason: .entryTooLarge(declared: 600, limit: 500))) {
            try LibArchiveReader(limits: ExtractionLimits(maxEntrySize: 500)).extract(
                tarball: tarball, to: parent.path + "/x")
        }
        #expect(throws: ArchiveError(tarball: tarball, entry: "b", reason: .totalTooLarge(limit: 1000))) {
            try LibArchiveReader(limits: ExtractionLimits(maxTotalSize: 1000)).extract(
                tarball: tarball, to: parent.path + "/y")
        }
        try LibArchiveReader(limits: ExtractionLimits(maxEntrySize: 600, maxTotalSize: 1200)).extract(
            tarball: tarball, to: parent.path + "/z")
        #expect(parent.listing() == ["t.tar", "z", "z/a", "z/b"])
    }

    @Test func failureInAnExistingDestinationRemovesOnlyNewEntries() throws {
        let parent = try TemporaryDirectory("existing")
        defer { parent.remove() }
        let target = parent.path + "/target"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: target + "/keep.txt"))
        var tar = TarBuilder()
        tar.directory("new/")
        tar.file("new/file", "x")
        tar.file("top", "y")
        tar.file("../evil", "z")
        let tarball = parent.path + "/t.tar"
        try tar.archive().write(to: URL(fileURLWithPath: tarball))
        #expect(throws: ArchiveError.self) { try LibArchiveReader().extract(tarball: tarball, to: target) }
        #expect(parent.listing() == ["t.tar", "target", "target/keep.txt"])
    }

    @Test func allowedLinksInsideTheTree() throws {
        let parent = try TemporaryDirectory("links")
        defer { parent.remove() }
        var tar = TarBuilder()
        tar.directory("lib/")
        tar.file("lib/libx.so.1", "elf", mode: 0o755)
        tar.symlink("lib/libx.so", to: "libx.so.1")
        tar.directory("bin/")
        tar.symlink("bin/x", to: "../lib/libx.so")
        tar.hardLink("lib/libx-copy", to: "lib/libx.so.1")
        tar.symlink("self", to: ".")
        let tarball = parent.path + "/t.tar"
        try tar.archive().write(to: URL(fileURLWithPath: tarball))
        try LibArchiveReader().extract(tarball: tarball, to: parent.path + "/out")
        #expect(FileManager.default.contents(atPath: parent.path + "/out/bin/x") == Data("elf".utf8))
        #expect(FileManager.default.contents(atPath: parent.path + "/out/lib/libx-copy") == Data("elf".utf8))
        let links = try FileManager.default.attributesOfItem(atPath: parent.path + "/out/lib/libx-copy")[
            .referenceCount]
        #expect((links as? NSNumber)?.intValue == 2)
    }
}
