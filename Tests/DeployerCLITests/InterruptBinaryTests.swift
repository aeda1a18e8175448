import DeployerTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM during the downloads of a first deploy: nothing exists in the cloud yet, and the
/// message must say so instead of claiming the state records what was created.
@Suite(.serialized) struct InterruptBinaryTests {
    @Test func anInterruptDuringTheDownloadsSaysNothingWasCreated() async throws {
        let scratch = try TemporaryDirectory("interrupt-cli")
        let listener = try SilentListener()
        defer { listener.close() }
        // A valid manifest whose every artifact URL is a server that accepts and never answers.
        let fixture = BuiltProducts.packageRoot.appendingPathComponent("Tests/DeployerTests/Fixtures/manifests/aws.yml")
        let manifest = try String(contentsOf: fixture, encoding: .utf8).replacingOccurrences(
            of: #"url: https://\S+"#, with: "url: http://127.0.0.1:\(listener.port)/artifact.tgz",
            options: .regularExpression)
        try manifest.write(toFile: scratch.path + "/bosh.yml", atomically: false, encoding: .utf8)
        let output = scratch.path + "/output.txt"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProducts.executable("deployer"))
        process.arguments = ["deploy", "bosh.yml"]
        process.currentDirectoryURL = URL(fileURLWithPath: scratch.path)
        process.environment = ProcessInfo.processInfo.environment.merging(["DEPLOYER_HOME": scratch.path + "/home"]) {
            _, new in new
        }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let downloading = await eventually(within: 60) { listener.hasPendingConnection || !process.isRunning }
        #expect(downloading && process.isRunning, "no download started")
        kill(process.processIdentifier, SIGTERM)
        let ended = await eventually(within: 60) { !process.isRunning }
        if !ended { process.terminate() }
        process.waitUntilExit()
        try log.close()
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(process.terminationStatus == 130, "\(text)")
        #expect(text.contains("deploy interrupted:"), "\(text)")
        #expect(text.contains("nothing was created in the cloud yet"), "\(text)")
        #expect(!text.contains("records every cloud resource created so far"), "\(text)")
    }
}

/// A loopback TCP port that accepts connections (the kernel completes them) and never reads
/// or answers, so a download from it waits until it is stopped.
private final class SilentListener {
    let port: Int
    private let fd: Int32

    init() throws {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socketFD, generic, length) == 0 && getsockname(socketFD, generic, &length) == 0
                    && listen(socketFD, 16) == 0
            }
        }
        try #require(socketFD >= 0 && listening, "cannot listen on a loopback port")
        fd = socketFD
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether a connection waits to be accepted.
    var hasPendingConnection: Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) == 1
    }

    func close() { _ = Glibc.close(fd) }
}
