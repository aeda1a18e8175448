import DeployerTestSupport
import Foundation
import Testing

@testable import Interpolation

@Suite struct TemplateInterpolatorRunTests {
    @Test func varsEnvComesFromTheInjectedEnvironmentAndDashReadsStandardInput() throws {
        let interpolator = Interpolator(
            generator: FakeGenerator(),
            environment: ["DEP_port": "4222", "DEP_host": "example.org", "OTHER_port": "1"],
            standardInput: { Data("url: https://((host)):((port))\nport: ((port))\n".utf8) })
        let request = InterpolationRequest(
            manifestPath: "-", variables: VariableFlags(vars: ["host=override.org"], varsEnvPrefixes: ["DEP"]))
        #expect(try interpolator.run(request) == "port: 4222\nurl: https://override.org:4222\n")
    }

    @Test func pathExtractsAfterInterpolation() throws {
        let directory = try TemporaryDirectory("vars-tests")
        let manifest = try directory.write("m.yml", "creds: {password: ((pw)), user: admin}\n")
        let interpolator = Interpolator(generator: FakeGenerator())
        let request = InterpolationRequest(
            manifestPath: manifest, variables: VariableFlags(vars: ["pw=secret"]), path: "/creds")
        #expect(try interpolator.run(request) == "password: secret\nuser: admin\n")
        var raw = request
        raw.path = "/creds/password"
        #expect(try interpolator.run(raw) == "secret\n")
    }

    @Test func invalidOpsDefinitionIsABuildingOpsFlagError() throws {
        let directory = try TemporaryDirectory("vars-tests")
        let manifest = try directory.write("m.yml", "a: 1\n")
        let ops = try directory.write("ops.yml", "- type: replace\n  path: /a\n")
        let map = try directory.write("map.yml", "type: replace\n")
        let interpolator = Interpolator(generator: FakeGenerator())
        do {
            _ = try interpolator.run(InterpolationRequest(manifestPath: manifest, opsFiles: [ops]))
            Issue.record("expected an error")
        } catch {
            #expect(
                String(describing: error).hasPrefix(
                    "invalid argument for flag `-o, --ops-file' (expected []opts.OpsFileArg): Building ops: Replace operation [0]: Missing value"
                ))
        }
        do {
            _ = try interpolator.run(InterpolationRequest(manifestPath: manifest, opsFiles: [map]))
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error).contains("Deserializing ops file '\(map)': "))
        }
    }

    @Test func emptyOpsFilesApplyNothing() throws {
        let directory = try TemporaryDirectory("vars-tests")
        let manifest = try directory.write("m.yml", "a: 1\n")
        let empty = try directory.write("empty.yml", "")
        let comments = try directory.write("comments.yml", "# nothing\n---\n")
        let result = try Interpolator(generator: FakeGenerator()).run(
            InterpolationRequest(manifestPath: manifest, opsFiles: [empty, comments]))
        #expect(result == "a: 1\n")
    }
}
