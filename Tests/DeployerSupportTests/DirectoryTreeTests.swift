import DeployerTestSupport
import Foundation
import Testing

@testable import DeployerSupport

@Suite struct DirectoryTreeTests {
    @Test func visitsDepthFirstSortedWithoutEnteringLinks() throws {
        let dir = try TemporaryDirectory("dirtree")
        defer { dir.remove() }
        let manager = FileManager.default
        try manager.createDirectory(atPath: dir.path + "/b/inner", withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: dir.path + "/b/inner/z"))
        try Data().write(to: URL(fileURLWithPath: dir.path + "/a"))
        try manager.createSymbolicLink(atPath: dir.path + "/c", withDestinationPath: "b")
        var visited: [String] = []
        try DirectoryTree.forEachEntry(under: dir.path) { relative, kind in visited.append("\(relative) \(kind)") }
        #expect(visited == ["a file", "b directory", "b/inner directory", "b/inner/z file", "c symlink"])
    }

    @Test func namesADirectoryItCannotList() {
        #expect(throws: DirectoryTree.ListingError(relativePath: "", path: "/nonexistent-deployer-dir", code: ENOENT)) {
            try DirectoryTree.forEachEntry(under: "/nonexistent-deployer-dir") { _, _ in }
        }
    }
}
