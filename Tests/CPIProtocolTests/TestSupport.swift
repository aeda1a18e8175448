import Foundation
import Logging
import Synchronization
import Testing

@testable import CPIProtocol

#if canImport(Glibc)
import Glibc
import DeployerTestSupport
#endif

/// A temp directory holding a fake CPI (a bash script) and what it records: every request it
/// read (`requests`, one per line), its environment and arguments (`env`), PIDs.
final class FakeCPIDirectory {
    private let scratch: TemporaryDirectory
    var path: String { scratch.path }

    init() throws {
        scratch = try TemporaryDirectory("cpi")
    }

    /// Writes `bin/cpi`: the prelude records the request and sets `$method`, then `body` answers.
    func writeCPI(_ body: String) throws -> String {
        let script = """
            #!/bin/bash
            dir='\(path)'
            req=$(cat)
            printf '%s\\n' "$req" >> "$dir/requests"
            printf 'packages=%s\\njobs=%s\\nargc=%s\\nhome=%s\\n' "$BOSH_PACKAGES_DIR" "$BOSH_JOBS_DIR" "$#" "${HOME:+set}" > "$dir/env"
            method=$(printf '%s' "$req" | sed -E 's/^\\{"method":"([a-z_]+)".*/\\1/')
            # count calls per method, for scripts that answer differently on a retry
            n=$(cat "$dir/count-$method" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$dir/count-$method"
            ok() { printf '{"result":%s,"error":null,"log":""}' "$1"; }
            fail() { printf '{"result":null,"error":{"type":"%s","message":"%s","ok_to_retry":%s},"log":""}' "$1" "$2" "${3:-false}"; }
            info_v2() { ok '{"api_version":2,"stemcell_formats":["general-tar"]}'; }
            \(body)

            """
        let bin = path + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let file = bin + "/cpi"
        try Data(script.utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file)
        return file
    }

    /// The requests the CPI received, in order.
    var requests: [CPIRequest] {
        guard let text = try? String(contentsOfFile: path + "/requests", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONDecoder().decode(CPIRequest.self, from: Data($0.utf8))
        }
    }

    /// Raw request lines.
    var rawRequests: [String] {
        guard let text = try? String(contentsOfFile: path + "/requests", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }

    func file(_ name: String) -> String? {
        try? String(contentsOfFile: path + "/" + name, encoding: .utf8)
    }

    func pid(_ name: String) -> Int32? {
        file(name).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// A configuration for this CPI with fast retries.
    func configuration(
        executable: String, stemcellAPIVersion: Int? = 3,
        retry: CPIRetryPolicy = CPIRetryPolicy(
            maxRetries: 2, initialDelay: .milliseconds(10), maxDelay: .milliseconds(50))
    ) -> ExternalCPIConfiguration {
        ExternalCPIConfiguration(
            executablePath: executable, jobsDirectory: path + "/jobs", packagesDirectory: path + "/packages",
            directorUUID: "uuid-1", stemcellAPIVersion: stemcellAPIVersion, timeout: .seconds(30),
            terminationGracePeriod: .milliseconds(500), retry: retry)
    }
}

/// True when `pid` exists and is not a zombie.
func processIsAlive(_ pid: Int32) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return false }
    let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).prefix(1)
    return state != "Z" && state != "X"
}

/// Collects log lines (message and metadata) for assertions.
final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }
    var text: String { all.joined(separator: "\n") }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var logger: Logger {
        Logger(label: "test.cpi") { _ in RecordingHandler(recorder: self) }
    }

    struct RecordingHandler: LogHandler {
        let recorder: LogRecorder
        var logLevel: Logger.Level = .debug
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let extra = (event.metadata ?? [:]).map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
            recorder.append("\(event.level) \(event.message) \(extra)")
        }
    }
}
