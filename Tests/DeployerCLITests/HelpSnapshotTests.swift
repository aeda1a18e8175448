import ArgumentParser
import Foundation
import Testing

@testable import DeployerCLI

/// Every command's help text against its reviewed copy in `HelpSnapshots/`: a flag renamed,
/// dropped or reworded shows up as a diff in review. After a deliberate change, run the tests
/// with `UPDATE_HELP_SNAPSHOTS=1` and commit the files they rewrite.
@Suite struct HelpSnapshotTests {
    static let commands: [(name: String, type: any ParsableCommand.Type)] = [
        ("deployer", DeployerCommand.self), ("interpolate", InterpolateCommand.self),
        ("create-release", CreateReleaseCommand.self), ("export-release", ExportReleaseCommand.self),
        ("deploy", DeployCommand.self), ("delete", DeleteCommand.self),
        ("plan", PlanCommand.self), ("stop", StopCommand.self), ("start", StartCommand.self),
        ("logs", LogsCommand.self),
    ]

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "HelpSnapshots")

    @Test(arguments: commands.map(\.name))
    func helpMatchesItsSnapshot(name: String) throws {
        let type = try #require(Self.commands.first { $0.name == name }?.type)
        let help = DeployerCommand.helpMessage(for: type, columns: 100) + "\n"
        let file = Self.directory.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["UPDATE_HELP_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try Data(help.utf8).write(to: file)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(help == expected, "help of '\(name)' changed; if on purpose, run with UPDATE_HELP_SNAPSHOTS=1")
    }
}
