import DeployerSupport
import Foundation

/// The machine the numbers were taken on: cores, CPU model, compiler.
public struct MachineInfo: Sendable {
    /// Active processors (what `nproc` prints and PackageCompiler's default).
    public var cores: Int
    /// `model name` from /proc/cpuinfo.
    public var cpuModel: String
    /// First line of `cc --version`.
    public var compiler: String

    /// The 1-minute load average from /proc/loadavg: other work competing for the cores
    /// while the benchmark runs (near 0 on an idle machine).
    public static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").first.map(String.init) ?? "unknown"
    }

    /// Reads the current machine's facts; unknown ones read "unknown".
    public static func current() async -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n")
            .first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        let version = try? await ProcessRunner().run(
            .init(executable: "cc", arguments: ["--version"], timeout: .seconds(10)))
        let compiler = version?.standardOutputText.split(separator: "\n").first.map(String.init) ?? "unknown"
        return MachineInfo(cores: ProcessInfo.processInfo.activeProcessorCount, cpuModel: model, compiler: compiler)
    }
}
