import Foundation
import Testing

/// The `--json` contract, checked on a command's whole output (stdout and stderr together):
/// every line is one JSON object with the schema version, and the last is the run's only
/// `result`, whose exit code is the process's status.
struct EventStream {
    /// Every line, parsed.
    let events: [[String: Any]]

    /// Parses `result`'s output and checks the contract for `command` exiting `status`.
    /// - Throws: when a line is not a JSON object or there is no final `result`.
    init(
        _ result: CommandResult, command: String, status: Int32, sourceLocation: SourceLocation = #_sourceLocation
    )
        throws
    {
        #expect(result.status == status, "\(result.output)", sourceLocation: sourceLocation)
        #expect(result.output.hasSuffix("\n"), "\(result.output)", sourceLocation: sourceLocation)
        var events: [[String: Any]] = []
        for line in result.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            events.append(try #require(object, "not one JSON object: \(line)", sourceLocation: sourceLocation))
        }
        self.events = events
        #expect(events.allSatisfy { $0["schema_version"] as? Int == 1 }, sourceLocation: sourceLocation)
        #expect(self.events(of: "result").count == 1, "\(result.output)", sourceLocation: sourceLocation)
        let last = try #require(events.last, sourceLocation: sourceLocation)
        #expect(last["event"] as? String == "result", sourceLocation: sourceLocation)
        #expect(last["command"] as? String == command, sourceLocation: sourceLocation)
        #expect(last["exit_code"] as? Int == Int(status), sourceLocation: sourceLocation)
        #expect(last["duration_seconds"] is Double, sourceLocation: sourceLocation)
        let failed = self.events(of: "error").count == 1
        #expect(
            failed == (last["outcome"] as? String == "failed"), "an error event comes with a failed result",
            sourceLocation: sourceLocation)
    }

    /// The events of type `type`, in order.
    func events(of type: String) -> [[String: Any]] {
        events.filter { $0["event"] as? String == type }
    }
}
