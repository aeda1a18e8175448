import DeployerTestSupport
import Foundation

/// Where the example and the built binaries are, found from this file's path so the tests
/// run from any checkout.
enum ExampleFiles {
    /// The repository root (the directory above `Tests/`).
    static var repository: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.lastPathComponent != "Tests", url.path != "/" { url.deleteLastPathComponent() }
        return url.deletingLastPathComponent()
    }

    /// `examples/local`.
    static var example: String { repository.appendingPathComponent("examples/local").path }
    /// The notes-service release directory.
    static var appRelease: String { example + "/app-release" }
    /// The local-cpi release directory (without the binary, which is not in git).
    static var cpiRelease: String { example + "/cpi-release" }
    /// `scripts/build-local-cloud`.
    static var buildScript: String { repository.appendingPathComponent("scripts/build-local-cloud").path }
    /// A built product, beside the running test runner (`BuiltProducts`).
    static func builtBinary(_ name: String) -> String {
        BuiltProducts.executable(name)
    }

    /// A random loopback address other than 127.0.0.1, so tests never collide with a real service.
    static func randomLoopbackAddress() -> String {
        "127.\(Int.random(in: 1...254)).\(Int.random(in: 0...254)).\(Int.random(in: 1...254))"
    }
}

/// A fresh directory under the temporary directory, removed by `remove()`.
struct ScratchDirectory: Sendable {
    let path: String

    init(_ label: String) throws {
        path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("example-\(label)-\(UUID().uuidString.lowercased())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func at(_ relative: String) -> String { path + "/" + relative }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A test failure with a message.
struct ExampleTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// File helpers for fixtures.
enum TestFile {
    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    static func write(_ text: String, to path: String, mode: Int = 0o644) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    /// Copies a directory tree (the staging step of the build script).
    static func copyTree(_ source: String, to destination: String) throws {
        try? FileManager.default.removeItem(atPath: destination)
        try FileManager.default.copyItem(atPath: source, toPath: destination)
    }
}
