// deployer-bench: the Swift half of Benchmarks/archive-bench. It times what the deployer does
// with a stemcell or release tarball (one pass: extract + digest the whole file) so the bash
// driver can compare it with `sha1sum` + `tar -xzf` run on the same file.
import DeployerSupport
import Foundation

/// Peak resident set size of this process in KiB, from /proc/self/status.
func peakRSSKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }
    return -1
}

let arguments = CommandLine.arguments
guard arguments.count == 4, arguments[1] == "extract" else {
    FileHandle.standardError.write(Data("usage: deployer-bench extract <tarball> <destination>\n".utf8))
    exit(64)
}
let clock = ContinuousClock()
let start = clock.now
do {
    // sha1 only: the baseline it is compared with is `sha1sum`.
    let digest = try LibArchiveReader(digestAlgorithms: [.sha1]).extract(tarball: arguments[2], to: arguments[3])
    let elapsed = start.duration(to: clock.now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("sha1=\(digest.strongest.hex) seconds=\(String(format: "%.3f", seconds)) peak_rss_kib=\(peakRSSKiB())")
} catch {
    FileHandle.standardError.write(Data("deployer-bench: \(error)\n".utf8))
    exit(1)
}
