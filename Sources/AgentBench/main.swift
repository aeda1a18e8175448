// agent-bench: one blob upload or download through AgentClient's BlobstoreClient, for
// Benchmarks/blob-bench. Prints `seconds=<s> bytes=<n> digest=<d> peak_rss_kib=<k>`.
//
//   agent-bench upload   <mbus-url> <ca-pem-file> <file> <blob-id> [<verified-digest>]
//     (with a digest: the deployer's path for a file it already verified, not hashed again)
//   agent-bench download <mbus-url> <ca-pem-file> <blob-id> <destination>
import AgentClient
import Foundation

func peakRSSKiB() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }
    return 0
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 5 || (arguments.count == 6 && arguments[0] == "upload"), let url = URL(string: arguments[1]),
    let ca = try? String(contentsOfFile: arguments[2], encoding: .utf8)
else {
    FileHandle.standardError.write(Data("usage: agent-bench upload|download <mbus-url> <ca-pem-file> <a> <b>\n".utf8))
    exit(64)
}
do {
    let client = try BlobstoreClient(url: url, trust: .pinnedCA(pem: ca))
    let start = ContinuousClock.now
    let blob: StoredBlob
    switch arguments[0] {
    case "upload":
        let verified = arguments.count == 6 ? arguments[5] : nil
        blob = try await client.upload(
            file: URL(fileURLWithPath: arguments[3]), blobID: arguments[4], expectedDigest: verified,
            check: verified == nil ? .hashWhileSending : .trustVerifiedFile)
    case "download":
        blob = try await client.download(blobID: arguments[3], to: URL(fileURLWithPath: arguments[4]))
    default:
        FileHandle.standardError.write(Data("unknown mode '\(arguments[0])'\n".utf8))
        exit(64)
    }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("seconds=\(seconds) bytes=\(blob.size) digest=\(blob.digest) peak_rss_kib=\(peakRSSKiB())")
} catch {
    FileHandle.standardError.write(Data("agent-bench: \(error)\n".utf8))
    exit(1)
}
