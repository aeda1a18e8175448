import Foundation

/// The steps of one deploy, read from its `deployer deploy --json` events: when each stage
/// started and finished, in seconds from the first event.
struct StageTimeline: Sendable, Equatable {
    /// One stage or step.
    struct Step: Sendable, Equatable {
        /// The stage name as printed (fingerprints and CIDs included).
        var name: String
        /// Enclosing complex stages, outermost first.
        var path: [String]
        /// `simple` or `complex`.
        var kind: String
        /// Seconds from the first event to `stage_started`.
        var start: Double
        /// Seconds from the first event to its end event.
        var end: Double
        /// How it ended: `finished`, `skipped` or `failed`.
        var outcome: String

        /// `end - start`.
        var duration: Double { end - start }
    }

    /// Steps in the order they started.
    var steps: [Step]
    /// Seconds from the first to the last event.
    var total: Double

    /// The package steps on the VM (`Compiling package '…'` in the `deploying` stage; the CPI's
    /// packages compile on this machine while `installing CPI`).
    var compileSteps: [Step] {
        steps.filter { $0.name.hasPrefix("Compiling package") && $0.path.contains("deploying") }
    }

    /// Seconds during which at least one package step on the VM was running: the part of a
    /// deploy from sources that compiling takes, which a compiled release removes.
    var compileBusySeconds: Double {
        var busy = 0.0
        var reach = -Double.infinity
        for step in compileSteps.sorted(by: { $0.start < $1.start }) {
            busy += max(0, step.end - max(step.start, reach))
            reach = max(reach, step.end)
        }
        return busy
    }

    /// Reads the NDJSON file at `path`; progress, info and warning lines only move `total`.
    ///
    /// - Throws: `DeployBenchError.badInput` for a missing file, a line that is not an event
    ///   object, or a stage that ends without having started.
    static func read(path: String) throws -> StageTimeline {
        let text = try InputFile.text(at: path)
        return try parse(text, path: path)
    }

    /// Parses NDJSON `text` (`path` only names it in errors).
    ///
    /// - Throws: `DeployBenchError.badInput`.
    static func parse(_ text: String, path: String) throws -> StageTimeline {
        struct Line: Decodable {
            var time: String
            var event: String
            var stage: String?
            var path: [String]?
            var kind: String?
        }
        let format = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        var origin: Date?
        var last = 0.0
        var steps: [Step] = []
        var open: [String: [Int]] = [:]
        for (number, raw) in text.split(separator: "\n").enumerated() {
            guard let line = try? JSONDecoder().decode(Line.self, from: Data(raw.utf8)),
                let time = try? format.parse(line.time)
            else {
                throw DeployBenchError.badInput(path: path, reason: "line \(number + 1) is not a deployer event")
            }
            let base = origin ?? time
            origin = base
            let at = time.timeIntervalSince(base)
            last = max(last, at)
            guard let name = line.stage else { continue }
            let stagePath = line.path ?? []
            let key = (stagePath + [name]).joined(separator: "\u{1F}")
            switch line.event {
            case "stage_started":
                open[key, default: []].append(steps.count)
                steps.append(
                    Step(
                        name: name, path: stagePath, kind: line.kind ?? "simple", start: at, end: at, outcome: "running"
                    ))
            case "stage_finished", "stage_skipped", "stage_failed":
                guard var indices = open[key], !indices.isEmpty else {
                    throw DeployBenchError.badInput(
                        path: path, reason: "line \(number + 1): '\(name)' ends but never started")
                }
                let index = indices.removeFirst()
                open[key] = indices
                steps[index].end = at
                steps[index].outcome = String(line.event.dropFirst("stage_".count))
            default:
                continue
            }
        }
        return StageTimeline(steps: steps, total: last)
    }
}
