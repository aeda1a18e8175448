import ArgumentParser
import Foundation
import Testing

@testable import DeployerCLI

/// Mistyped commands get a suggestion, `help` for an unknown command fails, `--version` names
/// the commit, and `completion` prints scripts that know bosh-cli's aliases.
@Suite struct CommandNamesTests {
    func run(_ arguments: [String]) async -> InProcessRun {
        await InProcessRun.run(arguments)
    }

    @Test func aTypoGetsTheClosestCommand() async {
        let typo = await run(["deplyo", "m.yml"])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("Unknown command 'deplyo'. Did you mean 'deploy'?"), "\(typo.stderr)")
        #expect(typo.stdout.isEmpty)
        #expect(await run(["create-evn"]).stderr.contains("Did you mean 'create-env'?"))
        #expect(await run(["interpolat"]).stderr.contains("Did you mean 'interpolate'?"))
        let unknown = await run(["frobnicate"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("Unknown command 'frobnicate'. Run 'deployer --help'"))
    }

    @Test func editDistanceCountsASwapOnce() {
        #expect(CommandNames.editDistance("deplyo", "deploy") == 1)
        #expect(CommandNames.editDistance("stat", "start") == 1)
        #expect(CommandNames.editDistance("", "int") == 3)
        #expect(CommandNames.editDistance("logs", "logs") == 0)
    }

    @Test func helpForAnUnknownCommandFails() async {
        let nope = await run(["help", "nope"])
        #expect(nope.status == 1)
        #expect(nope.stderr.contains("Unknown command 'nope' for help."), "\(nope.stderr)")
        #expect(await run(["help", "delpoy"]).stderr.contains("Did you mean 'deploy'?"))
        let known = await run(["help", "create-env"])
        #expect(known.status == 0)
        #expect(known.stdout.contains("USAGE: deployer deploy"), "\(known.stdout)")
    }

    @Test func versionNamesTheCommit() async {
        let version = await run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == "0.1.0 (commit \(BuildVersion.commit))\n")
        #expect(!BuildVersion.commit.isEmpty)
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsKnowEveryNameAndAlias(_ shell: String) async {
        let completion = await run(["completion", shell])
        #expect(completion.status == 0, "\(completion.stderr)")
        let names = CommandNames.all.flatMap { [$0.name] + $0.aliases }
        #expect(names.contains("create-env") && names.contains("int") && names.contains("delete-env"))
        for name in names {
            #expect(completion.stdout.contains(name), "\(shell) script lacks '\(name)'")
        }
        #expect(completion.stdout.contains("vars-store"))
    }

    @Test func anAliasCompletesTheFlagsOfItsCommand() {
        let script = CompletionCommand.script(for: .bash)
        // The function of `create-env` offers deploy's own flags.
        let aliasFunction = script.components(separatedBy: "_deployer_create-env()").dropFirst().first ?? ""
        #expect(aliasFunction.contains("--recreate-persistent-disks"), "\(script)")
    }

    @Test func anUnknownShellIsAUsageError() async {
        let tcsh = await run(["completion", "tcsh"])
        #expect(tcsh.status == 1)
        #expect(tcsh.stderr.contains("Unknown shell 'tcsh'"))
    }
}
