import Testing

@testable import DeployerSupport

@Suite struct SafeRelativePathTests {
    @Test(arguments: [
        ("", SafeRelativePath.Rejection.empty),
        ("a\0b", .nulByte),
        ("jobs/x\0.tgz", .nulByte),
        ("/etc/passwd", .absolute),
        ("/", .absolute),
        ("..", .parentTraversal),
        ("a/../b", .parentTraversal),
        ("./../x", .parentTraversal),
        ("a/..", .parentTraversal),
    ])
    func pathsAreRefusedWithTheirReason(path: String, reason: SafeRelativePath.Rejection) {
        #expect(throws: reason) { try SafeRelativePath.components(of: path) }
        #expect(SafeRelativePath.rejection(of: path) == reason)
        #expect(!SafeRelativePath.isSafe(path))
    }

    @Test func safePathsGiveTheirComponents() throws {
        #expect(try SafeRelativePath.components(of: "a/b/c") == ["a", "b", "c"])
        #expect(try SafeRelativePath.components(of: "./a//b/./c/") == ["a", "b", "c"])
        #expect(try SafeRelativePath.components(of: "./") == [])
        #expect(try SafeRelativePath.components(of: "..a/b..") == ["..a", "b.."])
        #expect(SafeRelativePath.isSafe("templates/ctl.erb"))
    }

    @Test(arguments: [
        ("", SafeRelativePath.Rejection.empty),
        ("a\0", .nulByte),
        ("a/b", .separator),
        ("/a", .separator),
        (".", .currentDirectory),
        ("..", .parentTraversal),
    ])
    func componentsAreRefusedWithTheirReason(name: String, reason: SafeRelativePath.Rejection) {
        #expect(throws: reason) { try SafeRelativePath.checkComponent(name) }
        #expect(!SafeRelativePath.isSafeComponent(name))
    }

    @Test func safeComponentsAreAccepted() {
        for name in ["nginx", "1.2.3", "..a", ".hidden", "a b"] {
            #expect(SafeRelativePath.isSafeComponent(name), "\(name)")
        }
    }

    @Test func everyRejectionReadsAsAReason() {
        #expect(SafeRelativePath.Rejection.nulByte.description == "it contains a NUL byte")
        #expect(SafeRelativePath.Rejection.parentTraversal.description == "it has a '..' component")
    }
}
