import AgentClient
import AgentProtocol
import ArgumentParser
import BenchSupport
import DeployerSupport
import Foundation

/// `blob upload|download`: one blob through AgentClient's BlobstoreClient, for
/// Benchmarks/blob-bench. Prints `seconds=<s> bytes=<n> digest=<d> peak_rss_kib=<k>`.
struct BlobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blob", abstract: "Upload or download one blob through the agent's blob store.",
        subcommands: [Upload.self, Download.self])

    /// Where the agent is and whom to trust.
    struct Agent: ParsableArguments {
        @Argument(help: "The agent's mbus URL (https://user:password@host:port).") var mbusURL: String
        @Argument(help: "A file holding the agent's CA certificate (PEM).") var caFile: String

        func client() throws -> BlobstoreClient {
            guard let url = URL(string: mbusURL) else { throw ValidationError("not a URL: the mbus URL") }
            let ca = try String(contentsOfFile: caFile, encoding: .utf8)
            return try BlobstoreClient(url: url, trust: .pinnedCA(pem: ca))
        }
    }

    struct Upload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Upload a file; with a digest, the deployer's path for a file it already verified (not hashed again).")
        @OptionGroup var agent: Agent
        @Argument(help: "The file to upload.") var file: String
        @Argument(help: "The blob's id.") var blobID: String
        @Argument(help: "The file's verified digest.") var verifiedDigest: String?

        func run() async throws {
            let client = try agent.client()
            let start = ContinuousClock.now
            let blob = try await client.upload(
                file: URL(fileURLWithPath: file), blobID: BlobID(blobID), expectedDigest: verifiedDigest,
                check: verifiedDigest == nil ? .hashWhileSending : .trustVerifiedFile)
            BlobCommand.report(blob, since: start)
        }
    }

    struct Download: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Download a blob to a file.")
        @OptionGroup var agent: Agent
        @Argument(help: "The blob's id.") var blobID: String
        @Argument(help: "Where the blob goes.") var destination: String

        func run() async throws {
            let client = try agent.client()
            let start = ContinuousClock.now
            let blob = try await client.download(blobID: BlobID(blobID), to: URL(fileURLWithPath: destination))
            BlobCommand.report(blob, since: start)
        }
    }

    static func report(_ blob: StoredBlob, since start: ContinuousClock.Instant) {
        print(
            "seconds=\(seconds(ContinuousClock.now - start)) bytes=\(blob.size) digest=\(blob.digest) peak_rss_kib=\(peakRSSKiB())"
        )
    }
}
