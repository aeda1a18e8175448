// swift-tools-version: 6.2
// The tools version is 6.2 because swift-subprocess 1.0.2 requires it.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// SwiftNIO with TLS: the local agent's HTTPS server, and the test servers of the client side.
let httpsServer: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
    .product(name: "NIOHTTP1", package: "swift-nio"),
    .product(name: "NIOSSL", package: "swift-nio-ssl"),
]

/// Certificates and keys made in tests (RSA and P-256, IP SANs).
let certificates: [Target.Dependency] = [
    .product(name: "X509", package: "swift-certificates"),
    .product(name: "SwiftASN1", package: "swift-asn1"),
    .product(name: "Crypto", package: "swift-crypto"),
    .product(name: "_CryptoExtras", package: "swift-crypto"),
]

/// The shipped executables (`deployer`, `local-cpi`, `local-agent`) link the Swift runtime
/// statically in release builds, so an installed binary needs no Swift toolchain (only libc,
/// libstdc++, libcurl and libarchive). Only the link step changes: the code is compiled exactly
/// as for the test suite, which is why this is not SwiftPM's `--static-swift-stdlib` (that one
/// also compiles against the toolchain's `swift_static` modules, which have no `Testing`, so
/// one build could not serve both the suite and the installed binaries). Modules compiled
/// against the shared runtime name only `Foundation` for autolinking; the static archives need
/// the libraries it is made of, listed here (the autolink entries of an object compiled with
/// `-static-stdlib`, Swift 6.3).
let staticRuntime: [LinkerSetting] = [
    .unsafeFlags(
        [
            "-static-stdlib", "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCShims",
            "-l_FoundationCollections", "-lswiftSynchronization",
        ],
        .when(configuration: .release))
]

let package = Package(
    name: "deployer",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "deployer", targets: ["DeployerMain"]),
        .executable(name: "local-agent", targets: ["LocalAgent"]),
        .executable(name: "local-cpi", targets: ["LocalCPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/apple/swift-asn1", exact: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates", exact: "1.21.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", exact: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", exact: "1.8.1"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-ssh", exact: "0.15.1"),
    ],
    targets: [
        // System libraries. C types never leave the module that wraps them.
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CLibArchive", pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]),

        .target(
            name: "DeployerSupport",
            dependencies: [
                "CLibArchive",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strict),
        .target(
            name: "GoYAML",
            // `CYaml`, the libyaml that Yams ships, is not a product of its own: it comes with Yams.
            dependencies: ["DeployerSupport", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict),
        .target(
            name: "Interpolation",
            dependencies: [
                "DeployerSupport", "GoYAML",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict),
        .target(
            name: "CPIProtocol",
            dependencies: ["DeployerSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(
            name: "ReleaseCompiler",
            dependencies: [
                "DeployerSupport",
                "GoYAML",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // BOSH_ALL_PROXY=ssh+socks5://: an SSH connection to the jumpbox made in-process, and a
        // loopback SOCKS5 relay that libcurl uses to reach the private network through it.
        .target(
            name: "JumpboxTunnel",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSH", package: "swift-nio-ssh"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // The agent's wire types and typed actions, shared by the client and the local agent
        // (no transport: the local agent links neither libcurl nor the client).
        .target(name: "AgentProtocol", dependencies: ["DeployerSupport", "CPIProtocol"], swiftSettings: strict),
        .target(
            name: "AgentClient",
            dependencies: [
                "AgentProtocol", "CCurl", "CPIProtocol", "DeployerSupport", "JumpboxTunnel",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "LocalAgent",
            dependencies: [
                "AgentProtocol", "CPIProtocol", "DeployerSupport", "LocalCloudFaults",
                .product(name: "Logging", package: "swift-log"),
            ]
                + httpsServer,
            swiftSettings: strict,
            linkerSettings: staticRuntime),
        // The fault plans `local-cpi` and `local-agent` read in tests (docs/local-cloud.md).
        .target(name: "LocalCloudFaults", dependencies: ["DeployerSupport"], swiftSettings: strict),
        .executableTarget(
            name: "LocalCPI",
            dependencies: [
                "CPIProtocol", "DeployerSupport", "LocalCloudFaults",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict,
            linkerSettings: staticRuntime),
        .target(
            name: "Deployer",
            dependencies: [
                "DeployerSupport", "GoYAML", "Interpolation", "CPIProtocol", "ReleaseCompiler", "AgentProtocol",
                "AgentClient", .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // The commit `deployer --version` prints: scripts/install sets DEPLOYER_COMMIT, which
        // reaches only this target's one C file (nothing is generated in the tree, and only
        // it recompiles when the commit changes); a plain `swift build` says "unknown".
        .target(
            name: "CBuildInfo",
            cSettings: Context.environment["DEPLOYER_COMMIT"].map { commit in
                [.define("DEPLOYER_COMMIT", to: "\"\(commit.filter { $0.isLetter || $0.isNumber || $0 == "-" })\"")]
            } ?? []),
        .target(
            name: "DeployerCLI",
            dependencies: [
                "Deployer", "Interpolation", "DeployerSupport", "ReleaseCompiler", "AgentProtocol", "AgentClient",
                "CPIProtocol", "CBuildInfo", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "DeployerMain",
            dependencies: ["DeployerCLI"],
            swiftSettings: strict,
            linkerSettings: staticRuntime),
        // `deployer` with the reliability tests' fault switch (docs/reliability.md): a test-only
        // executable (no product), so the shipped `deployer` carries no fault injection.
        .executableTarget(
            name: "DeployerWithFaults",
            dependencies: ["DeployerCLI", "DeployerSupport"],
            swiftSettings: strict),

        // The benchmarks' one executable (Benchmarks/ scripts call its subcommands). A target,
        // not a product: `swift build --product deployer-bench` builds it all the same.
        .executableTarget(
            name: "deployer-bench",
            dependencies: [
                "AgentClient", "AgentProtocol", "BenchSupport", "DeployerSupport", "ReleaseCompiler",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/DeployerBench",
            swiftSettings: strict),
        // Generated-release and measurement helpers of the benchmarks.
        .target(name: "BenchSupport", dependencies: ["DeployerSupport"], swiftSettings: strict),

        // Helpers shared by the test targets (never linked into a product).
        .target(
            name: "DeployerTestSupport", dependencies: ["Deployer", "DeployerSupport"] + certificates,
            swiftSettings: strict),

        // Fuzzing (docs/fuzzing.md): one entry point per parser of untrusted input, and one
        // driver that is a libFuzzer binary when built by scripts/fuzz and a replayer otherwise.
        .target(
            name: "FuzzTargets",
            dependencies: [
                "Deployer", "GoYAML", "Interpolation", "CPIProtocol", "ReleaseCompiler", "AgentProtocol", "AgentClient",
                "DeployerSupport",
            ],
            swiftSettings: strict),
        .executableTarget(name: "DeployerFuzz", dependencies: ["FuzzTargets"], swiftSettings: strict),

        .testTarget(
            name: "DeployerSupportTests",
            dependencies: ["DeployerTestSupport", "DeployerSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "InterpolationTests",
            dependencies: [
                "DeployerTestSupport", "DeployerSupport", "GoYAML", "Interpolation",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "CPIProtocolTests",
            dependencies: [
                "DeployerTestSupport", "CPIProtocol", "DeployerSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "ReleaseCompilerTests",
            dependencies: ["DeployerTestSupport", "ReleaseCompiler", "DeployerSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "JumpboxTunnelTests",
            dependencies: [
                "JumpboxTunnel", "DeployerTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSH", package: "swift-nio-ssh"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "AgentProtocolTests",
            dependencies: ["AgentProtocol", "DeployerSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "AgentClientTests",
            dependencies: ["AgentClient", "AgentProtocol", "DeployerSupport", "DeployerTestSupport", "JumpboxTunnel"]
                + httpsServer + certificates,
            swiftSettings: strict),
        .testTarget(
            name: "LocalAgentTests",
            dependencies: ["DeployerTestSupport", "AgentProtocol", "AgentClient", "DeployerSupport"] + certificates,
            swiftSettings: strict),
        .testTarget(
            name: "LocalCPITests",
            dependencies: ["DeployerTestSupport", "CPIProtocol", "DeployerSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "DeployerTests",
            dependencies: [
                "Deployer", "GoYAML", "Interpolation", "CPIProtocol", "AgentProtocol", "AgentClient", "ReleaseCompiler",
                "DeployerSupport", "DeployerTestSupport", .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "ExampleTests",
            dependencies: [
                "DeployerTestSupport", "ReleaseCompiler", "DeployerSupport", "AgentProtocol", "AgentClient",
                "CPIProtocol",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "EndToEndTests", dependencies: ["DeployerSupport", "DeployerTestSupport", "ReleaseCompiler"],
            swiftSettings: strict),
        .testTarget(name: "ReliabilityTests", dependencies: ["DeployerTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "DeployerCLITests",
            dependencies: [
                "DeployerCLI", "Deployer", "CPIProtocol", "Interpolation", "DeployerTestSupport", "AgentClient",
                "DeployerSupport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["HelpSnapshots"],
            swiftSettings: strict),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzTargets"], swiftSettings: strict),
    ]
)
