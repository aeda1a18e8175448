import Foundation
import FuzzTargets
import Testing

/// Every seed of `Fuzz/corpus/<target>/` and every saved crash of `Fuzz/regressions/<target>/`
/// through the same entry points the fuzzer drives, in the ordinary debug build: a crash
/// fixed once stays fixed, and no seed breaks a parser.
@Suite struct FuzzRegressionTests {
    /// The repository's `Fuzz` directory, found from this file.
    static let fuzzDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    /// The regular files directly inside `Fuzz/<kind>/<target>/`, sorted (none when absent).
    static func inputs(_ kind: String, _ target: FuzzTarget) -> [URL] {
        let directory = fuzzDirectory.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
    }

    @Test(arguments: FuzzTarget.allCases)
    func everySeedRunsCleanly(_ target: FuzzTarget) throws {
        let seeds = Self.inputs("corpus", target)
        #expect(!seeds.isEmpty, "Fuzz/corpus/\(target.rawValue)/ has no seed")
        for seed in seeds {
            let broken = target.run(Array(try Data(contentsOf: seed)))
            #expect(broken.isEmpty, "\(seed.lastPathComponent): \(broken)")
        }
    }

    // Saved inputs include hangs (alias bombs): bounded, so a regression fails instead of
    // stalling the suite.
    @Test(.timeLimit(.minutes(1)), arguments: FuzzTarget.allCases)
    func everySavedCrashStaysFixed(_ target: FuzzTarget) throws {
        for input in Self.inputs("regressions", target) {
            let start = ContinuousClock.now
            let broken = target.run(Array(try Data(contentsOf: input)))
            #expect(broken.isEmpty, "\(input.lastPathComponent): \(broken)")
            #expect(ContinuousClock.now - start < .seconds(10), "\(input.lastPathComponent) is slow again")
        }
    }

    @Test func everyTargetDirectoryNamesATarget() throws {
        for kind in ["corpus", "regressions"] {
            let directory = Self.fuzzDirectory.appendingPathComponent(kind)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for name in names where !name.hasPrefix(".") {
                #expect(FuzzTarget(rawValue: name) != nil, "Fuzz/\(kind)/\(name) is not a fuzz target")
            }
        }
    }

    /// Inputs that broke parsers elsewhere: empty, NUL, invalid UTF-8, deep nesting, huge
    /// numbers, a self-referencing alias.
    static let hostileInputs: [[UInt8]] = [
        [], [0], [0xFF, 0xFE, 0x00, 0xC3], Array("-".utf8), Array("~".utf8), Array(":".utf8),
        Array(String(repeating: "[", count: 2_000).utf8),
        Array(String(repeating: "{\"a\":", count: 2_000).utf8),
        Array(String(repeating: "- ", count: 1_000).utf8),
        Array("{\"value\":1e400,\"result\":-1e400,\"schema_version\":99999999999999999999}".utf8),
        Array("a: &a [*a]\n".utf8),
        Array("instances: &i [{vm_cid: *i}]\n".utf8),
        Array("- type: replace\n  path: /a/b:before/c?/-/0\n  value: &v [*v]\n".utf8),
    ]

    @Test(arguments: FuzzTarget.allCases)
    func hostileInputsRunCleanly(_ target: FuzzTarget) {
        for (index, input) in Self.hostileInputs.enumerated() {
            #expect(target.run(input).isEmpty, "hostile input \(index)")
        }
    }
}
