import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import Interpolation

/// `~` in the file flags, as bosh-cli treats each: `--var-file`, `--vars-store` and the
/// manifest argument go through bosh-utils' `ExpandPath` (a leading `~` is `$HOME`, whatever
/// follows is appended, then the path is made absolute); `-l` and `-o` read the path as given.
@Suite struct FilePathExpansionTests {
    @Test func expandFormsAreBoshUtils() throws {
        #expect(try FileContents.expand("~", home: "/home/op") == "/home/op")
        #expect(try FileContents.expand("~/", home: "/home/op/") == "/home/op")
        #expect(try FileContents.expand("~/creds/x.yml", home: "/home/op") == "/home/op/creds/x.yml")
        // No `~user` form: the name is just appended to $HOME.
        #expect(try FileContents.expand("~other/x.yml", home: "/home/op") == "/home/op/other/x.yml")
        // Only a leading `~` counts.
        #expect(try FileContents.expand("/a/~/b", home: "/home/op") == "/a/~/b")
        #expect(try FileContents.replacingHome(in: "a/~b", home: "/home/op") == "a/~b")
        #expect(try FileContents.replacingHome(in: "~/d/../m.yml", home: "/home/op") == "/home/op/m.yml")
    }

    @Test func aTildeWithoutHomeIsBoshUtilsError() {
        for home in [nil, ""] as [String?] {
            do {
                _ = try FileContents.expand("~/x.yml", home: home)
                Issue.record("expected an error")
            } catch {
                #expect(String(describing: error) == "Getting current user home dir: $HOME is not defined")
            }
        }
        // A path without `~` needs no home.
        #expect(throws: Never.self) { try FileContents.expand("/x.yml", home: nil) }
    }

    @Test func varFileAndVarsStoreAndManifestExpand() throws {
        let home = try TemporaryDirectory("vars-tests")
        try home.write("ca.pem", "pem\n")
        try home.write("store.yml", "stored: S\n")
        try home.write("m.yml", "a: ((ca))\nb: ((stored))\n")
        let environment = ["HOME": home.path]
        let flags = VariableFlags(varFiles: ["ca=~/ca.pem"], varsStore: "~/store.yml")
        let sources = try flags.sources(environment: environment, generator: FakeGenerator())
        let store = try #require(sources.sources.compactMap { $0 as? VarsFileStore }.first)
        #expect(store.path == home.path + "/store.yml")
        let interpolator = Interpolator(generator: FakeGenerator(), environment: environment)
        let output = try interpolator.run(InterpolationRequest(manifestPath: "~/m.yml", variables: flags))
        #expect(output == "a: |\n  pem\nb: S\n")
    }

    @Test func varFileWithoutHomeNamesTheFlagAndPath() {
        do {
            _ = try VariableFlags(varFiles: ["ca=~/ca.pem"]).staticVariables(environment: [:])
            Issue.record("expected an error")
        } catch {
            #expect(
                String(describing: error) == "invalid argument for flag `--var-file' (expected []template.VarFileArg): "
                    + "Getting absolute path '~/ca.pem': Getting current user home dir: $HOME is not defined")
        }
    }

    @Test func varsFileAndOpsFilePathsAreNotExpanded() throws {
        let home = try TemporaryDirectory("vars-tests")
        try home.write("vars.yml", "a: 1\n")
        try home.write("ops.yml", "[]\n")
        let manifest = try home.write("m.yml", "a: 1\n")
        let environment = ["HOME": home.path]
        // bosh-cli reads `~/vars.yml` literally, relative to the working directory.
        do {
            _ = try VariableFlags(varsFiles: ["~/vars.yml"]).staticVariables(environment: environment)
            Issue.record("expected an error")
        } catch {
            #expect(
                String(describing: error).contains(
                    "Reading variables file '~/vars.yml': Opening file ~/vars.yml: open ~/vars.yml:"))
        }
        let interpolator = Interpolator(generator: FakeGenerator(), environment: environment)
        do {
            _ = try interpolator.run(InterpolationRequest(manifestPath: manifest, opsFiles: ["~/ops.yml"]))
            Issue.record("expected an error")
        } catch {
            #expect(
                String(describing: error).contains(
                    "Reading ops file '~/ops.yml': Opening file ~/ops.yml: open ~/ops.yml:"))
        }
    }
}
