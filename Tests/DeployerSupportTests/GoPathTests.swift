import Testing

@testable import DeployerSupport

@Suite struct GoPathTests {
    /// Cases from Go's `path.Clean` tests.
    @Test(arguments: [
        ("", "."), ("abc", "abc"), ("abc/def/", "abc/def"), ("a//b", "a/b"), ("./a/.", "a"),
        ("/../x", "/x"), ("../../x", "../../x"), ("a/../..", ".."), ("abc/../def", "def"),
        ("/", "/"), ("/home/op/./x/../y", "/home/op/y"),
    ])
    func cleansLikeGo(path: String, cleaned: String) {
        #expect(GoPath.clean(path) == cleaned)
    }
}
