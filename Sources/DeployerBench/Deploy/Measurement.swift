import Foundation

/// One timed command of the benchmark script: a line of the results file,
/// `workload<TAB>mode<TAB>operation<TAB>round<TAB>seconds<TAB>load`.
struct Measurement: Sendable, Equatable {
    /// `local` or `heavy`.
    var workload: String
    /// `parallel-1` or `default`.
    var mode: String
    /// `fresh`, `noop` or `delete`.
    var operation: String
    /// Round number, from 1.
    var round: Int
    /// Wall time of the command.
    var seconds: Double
    /// The 1-minute load average when the command finished.
    var load: Double

    /// Reads every line of `path` (blank lines and `#` comments skipped).
    ///
    /// - Throws: `DeployBenchError.badInput` naming the file and line.
    static func read(path: String) throws -> [Measurement] {
        let text = try InputFile.text(at: path)
        var rows: [Measurement] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 6, let round = Int(fields[3]), let seconds = Double(fields[4]),
                let load = Double(fields[5])
            else {
                throw DeployBenchError.badInput(
                    path: path, reason: "line \(number + 1) is not 6 tab-separated fields: '\(line)'")
            }
            rows.append(
                Measurement(
                    workload: fields[0], mode: fields[1], operation: fields[2], round: round, seconds: seconds,
                    load: load))
        }
        return rows
    }
}

/// One deployed workload as the script describes it: a line of the workloads file,
/// `name<TAB>release and stemcell bytes<TAB>packages compiled on the VM<TAB>description`.
struct Workload: Sendable, Equatable {
    /// `local` or `heavy`.
    var name: String
    /// Total size of the release and stemcell tarballs the manifest names.
    var bytes: Int64
    /// Packages the deploy compiles on the VM.
    var packages: Int
    /// One line saying what it is.
    var description: String

    /// Reads every line of `path`.
    ///
    /// - Throws: `DeployBenchError.badInput` naming the file and line.
    static func read(path: String) throws -> [Workload] {
        let text = try InputFile.text(at: path)
        var rows: [Workload] = []
        for (number, line) in text.split(separator: "\n").enumerated() where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, let bytes = Int64(fields[1]), let packages = Int(fields[2]) else {
                throw DeployBenchError.badInput(
                    path: path, reason: "line \(number + 1) is not 4 tab-separated fields: '\(line)'")
            }
            rows.append(Workload(name: fields[0], bytes: bytes, packages: packages, description: fields[3]))
        }
        return rows
    }
}
