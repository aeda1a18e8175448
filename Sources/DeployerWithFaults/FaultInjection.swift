import DeployerSupport
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The deployer's fault-injection switch, used by the reliability tests (docs/reliability.md)
/// to kill the deployer at a precise point of a run:
///
/// - `DEPLOYER_FAULT_KILL_AT=N`: the Nth cloud or agent call of the run (1-based, counting in
///   order every call the clients pass through their `CallInterceptor`: each CPI request,
///   agent action and blob transfer) sends SIGKILL to this process.
/// - `DEPLOYER_FAULT_KILL_WHEN=before|after`: right before that call is sent (default), or
///   right after its answer (or error) arrived, before the deployer acts on it.
/// - `DEPLOYER_FAULT_TRACE=FILE`: appends one line `N method` per call, so a driver learns
///   how many points a clean run has and what each one is.
///
/// With none of the variables set, `FaultInjection.from(environment:)` is nil and calls pass
/// through as in `deployer`.
final class FaultInjection: CallInterceptor {
    /// When, relative to the Nth call, the process is killed.
    enum Moment: String, Sendable {
        case before, after
    }

    /// The call number that kills the process, or nil (trace only).
    let killAt: Int?
    let moment: Moment
    /// The trace file, or nil.
    let tracePath: String?
    private let counter = Mutex<Int>(0)

    init(killAt: Int?, moment: Moment, tracePath: String?) {
        self.killAt = killAt
        self.moment = moment
        self.tracePath = tracePath
    }

    /// The switch described by `environment`, or nil when it is off. A value that is not a
    /// positive number, or an unknown moment, is an error rather than silently ignored: a
    /// reliability run that injects nothing would pass for the wrong reason.
    /// - Throws: `FaultInjectionError` naming the variable.
    static func from(environment: [String: String]) throws(FaultInjectionError) -> FaultInjection? {
        let killText = environment["DEPLOYER_FAULT_KILL_AT"].flatMap { $0.isEmpty ? nil : $0 }
        let trace = environment["DEPLOYER_FAULT_TRACE"].flatMap { $0.isEmpty ? nil : $0 }
        let momentText = environment["DEPLOYER_FAULT_KILL_WHEN"].flatMap { $0.isEmpty ? nil : $0 }
        guard killText != nil || trace != nil else { return nil }
        var killAt: Int?
        if let killText {
            guard let number = Int(killText), number > 0 else {
                throw FaultInjectionError(
                    variable: "DEPLOYER_FAULT_KILL_AT", value: killText, expected: "a number from 1")
            }
            killAt = number
        }
        var moment = Moment.before
        if let momentText {
            guard let parsed = Moment(rawValue: momentText) else {
                throw FaultInjectionError(
                    variable: "DEPLOYER_FAULT_KILL_WHEN", value: momentText, expected: "before or after")
            }
            moment = parsed
        }
        return FaultInjection(killAt: killAt, moment: moment, tracePath: trace)
    }

    /// The switch of this process's environment; nil when it is off. An invalid value ends
    /// the process with one line on stderr and exit code 64 (it is a test switch: running on
    /// without the fault asked for would make a reliability test pass for the wrong reason).
    static func configured(environment: [String: String]) -> FaultInjection? {
        do {
            return try from(environment: environment)
        } catch {
            FileHandle.standardError.write(Data("deployer: \(error)\n".utf8))
            exit(64)
        }
    }

    /// Runs one cloud or agent call: counts it, traces it, and kills the process when it is
    /// the chosen one.
    func intercept<T: Sendable>(_ method: String, _ body: @Sendable () async throws -> T) async throws -> T {
        let number = counter.withLock { value in
            value += 1
            return value
        }
        trace(number, method)
        let chosen = number == killAt
        if chosen && moment == .before { Self.killSelf() }
        do {
            let value = try await body()
            if chosen { Self.killSelf() }
            return value
        } catch {
            if chosen { Self.killSelf() }
            throw error
        }
    }

    /// Appends `N method` to the trace with one `write` (O_APPEND), so the line is on disk
    /// (in the page cache) before a SIGKILL that may follow.
    private func trace(_ number: Int, _ method: String) {
        guard let tracePath else { return }
        let fd = open(tracePath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let line = Array("\(number) \(method)\n".utf8)
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    private static func killSelf() {
        kill(getpid(), SIGKILL)
        // SIGKILL cannot be caught; the process is gone before this line.
        while true { pause() }
    }
}

/// A fault-injection variable has a value the switch does not understand.
struct FaultInjectionError: Error, Sendable, CustomStringConvertible {
    var variable: String
    var value: String
    var expected: String

    var description: String { "\(variable)='\(value)' is not valid: expected \(expected)" }
}
