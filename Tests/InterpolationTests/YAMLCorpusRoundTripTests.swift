import Foundation
import GoYAML
import Testing

@testable import Interpolation

/// Every `bosh int` output of the shared corpus must parse and re-emit byte for byte; without
/// the corpus, the samples kept in `Fixtures/` stand in (never an empty run).
@Suite struct YAMLCorpusRoundTripTests {
    struct Sample: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var testDescription: String { name }
    }

    static func samples() -> [Sample] {
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let cases = repository.deletingLastPathComponent().appendingPathComponent("shared/corpus/cases")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: cases.path)) ?? []
        var found: [Sample] = []
        for name in names.sorted() {
            let file = cases.appendingPathComponent(name).appendingPathComponent("expected.yml")
            guard let text = try? String(contentsOf: file, encoding: .utf8),
                !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            else { continue }
            // `bosh int --path` prints a string result raw, not as YAML: nothing to round-trip.
            let command =
                (try? String(
                    contentsOf: cases.appendingPathComponent(name).appendingPathComponent("cmd"), encoding: .utf8))
                ?? ""
            if command.contains("--path"), let node = try? YAMLCodec.parse(text), case .string = node { continue }
            found.append(Sample(name: name, text: text))
        }
        if found.isEmpty {
            found = YAMLRoundTripSamples.all.map { Sample(name: $0.name, text: $0.text) }
        }
        return found
    }

    @Test func thereAreSamples() {
        #expect(Self.samples().count >= 3)
    }

    @Test(arguments: samples())
    func roundTripsByteForByte(_ sample: Sample) throws {
        let node = try YAMLCodec.parse(sample.text)
        let emitted = YAMLCodec.emit(node)
        if emitted != sample.text {
            let expectedLines = sample.text.split(separator: "\n", omittingEmptySubsequences: false)
            let actualLines = emitted.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDifference = zip(expectedLines, actualLines).enumerated()
                .first { $0.element.0 != $0.element.1 }
            Issue.record(
                """
                \(sample.name) differs at line \((firstDifference?.offset ?? min(expectedLines.count, actualLines.count)) + 1):
                expected: \(firstDifference.map { String($0.element.0) } ?? "<end>")
                actual:   \(firstDifference.map { String($0.element.1) } ?? "<end>")
                """)
        }
    }

    @Test(arguments: YAMLRoundTripSamples.all.map { Sample(name: $0.name, text: $0.text) })
    func fixtureSamplesRoundTrip(_ sample: Sample) throws {
        #expect(YAMLCodec.emit(try YAMLCodec.parse(sample.text)) == sample.text)
    }
}
