import Foundation

/// Locates the package's built executables for tests that run them (`deployer`, `local-cpi`,
/// `local-agent`). SwiftPM puts the test runner beside the products it built, so they are
/// looked for in the running test executable's directory first: that holds for
/// `--scratch-path .build-NAME` and for `-c release` alike. `.build/debug` is the fallback.
public enum BuiltProducts {
    /// The package root: three levels above `Sources/DeployerTestSupport/BuiltProducts.swift`.
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// The directory of the built products.
    public static let directory: String = {
        let runner =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first ?? ""
        let beside = URL(fileURLWithPath: runner).deletingLastPathComponent().path
        if FileManager.default.isExecutableFile(atPath: beside + "/deployer") { return beside }
        return packageRoot.appendingPathComponent(".build/debug").path
    }()

    /// `deployer` with the reliability tests' fault switch (the `DeployerWithFaults` target, an
    /// executable that is built but not shipped).
    public static var deployerWithFaults: String { executable("DeployerWithFaults") }

    /// The path of the built executable `name`.
    public static func executable(_ name: String) -> String {
        directory + "/" + name
    }
}
