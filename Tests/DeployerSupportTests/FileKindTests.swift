import DeployerTestSupport
import Foundation
import Testing

@testable import DeployerSupport

@Suite struct FileKindTests {
    @Test func classifiesWithAndWithoutFollowingLinks() throws {
        let dir = try TemporaryDirectory("filekind")
        defer { dir.remove() }
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir.path + "/file"))
        try FileManager.default.createDirectory(atPath: dir.path + "/dir", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/link", withDestinationPath: "dir")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/dangling", withDestinationPath: "nowhere")

        #expect(FileKind(of: dir.path + "/file") == .file)
        #expect(FileKind(of: dir.path + "/dir") == .directory)
        #expect(FileKind(of: dir.path + "/link") == .symlink)
        #expect(FileKind(following: dir.path + "/link") == .directory)
        #expect(FileKind(of: dir.path + "/dangling") == .symlink)
        #expect(FileKind(following: dir.path + "/dangling") == .missing)
        #expect(FileKind(of: dir.path + "/missing") == .missing)
        #expect(FileKind(of: "/dev/null") == .other)
    }
}
