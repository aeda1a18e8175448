import ArgumentParser
import BenchSupport
import DeployerSupport
import Foundation

/// `extract`: the Swift half of Benchmarks/archive-bench. It times what the deployer does with a
/// stemcell or release tarball (one pass: extract and digest the whole file) so the script can
/// compare it with `sha1sum` and `tar -xzf` run on the same file.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract a tarball and digest it in one pass; prints sha1, seconds and peak RSS.")

    @Argument(help: "The tarball.") var tarball: String
    @Argument(help: "The directory to extract into.") var destination: String

    func run() throws {
        let start = ContinuousClock.now
        // sha1 only: the baseline it is compared with is `sha1sum`.
        let digest = try LibArchiveReader(digestAlgorithms: [.sha1]).extract(tarball: tarball, to: destination)
        let elapsed = seconds(ContinuousClock.now - start)
        print("sha1=\(digest.strongest.hex) seconds=\(String(format: "%.3f", elapsed)) peak_rss_kib=\(peakRSSKiB())")
    }
}
