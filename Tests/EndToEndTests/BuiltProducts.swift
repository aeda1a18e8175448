import Foundation

/// Locates the package's built executables (`.build/debug/<name>`) from this file's path.
enum BuiltProducts {
    /// The package root: two levels above `Tests/EndToEndTests/`.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `.build/debug/<name>`.
    static func executable(_ name: String) -> String {
        packageRoot.appendingPathComponent(".build/debug/\(name)").path
    }
}
