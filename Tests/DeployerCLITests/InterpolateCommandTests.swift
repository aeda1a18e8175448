import ArgumentParser
import DeployerTestSupport
import Foundation
import Testing

@testable import DeployerCLI
@testable import Interpolation

@Suite struct InterpolateCommandParsingTests {
    @Test func parsesEveryFlagIntoTheRequest() throws {
        let command = try DeployerCommand.parseAsRoot([
            "int", "m.yml", "-o", "a.yml", "--ops-file", "b.yml", "-v", "x=1", "--var", "network_name=VM Network",
            "--var-file", "ca=ca.pem", "-l", "c.yml", "--vars-file", "d.yml", "--vars-env", "MY", "--vars-store",
            "s.yml",
            "--path", "/a", "--var-errs", "--var-errs-unused",
        ])
        let interpolate = try #require(command as? InterpolateCommand)
        #expect(
            interpolate.request
                == InterpolationRequest(
                    manifestPath: "m.yml", opsFiles: ["a.yml", "b.yml"],
                    variables: VariableFlags(
                        vars: ["x=1", "network_name=VM Network"], varFiles: ["ca=ca.pem"],
                        varsFiles: ["c.yml", "d.yml"],
                        varsEnvPrefixes: ["MY"], varsStore: "s.yml"),
                    path: "/a", expectAllKeys: true, expectAllVarsUsed: true))
    }

    @Test func interpolateIsTheFullNameAndDefaultsAreOff() throws {
        let command = try DeployerCommand.parseAsRoot(["interpolate", "m.yml"])
        let interpolate = try #require(command as? InterpolateCommand)
        #expect(interpolate.request == InterpolationRequest(manifestPath: "m.yml"))
    }
}

/// Runs the built `deployer` binary on small fixtures in a temporary directory.
@Suite(.serialized) final class InterpolateCommandBinaryTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    let directory: String

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("interpolate-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    static var binary: URL {
        URL(fileURLWithPath: BuiltProducts.executable("deployer"))
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: directory + "/" + name, atomically: false, encoding: .utf8)
        return name
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
    }

    /// Runs `deployer interpolate ARGS` with the fixture directory as working directory.
    func run(_ arguments: [String]) throws -> Run {
        try Self.runBinary(["interpolate"] + arguments, in: directory)
    }

    /// Runs the built `deployer ARGS` in `directory`, with `environment` added to ours.
    static func runBinary(
        _ arguments: [String], in directory: String, environment extra: [String: String] = [:]
    ) throws -> Run {
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build first: \(binary.path)")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Outputs here are small; reading both after exit cannot fill a pipe.
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    @Test func printsTheInterpolatedDocument() throws {
        try write("m.yml", "b: ((from_file))\na: ((x))\nvariables:\n- name: x\n")
        try write("vars.yml", "from_file: value\n")
        let result = try run(["m.yml", "-v", "x=1", "-l", "vars.yml"])
        #expect(result.status == 0)
        #expect(result.stdout == "a: 1\nb: value\nvariables: []\n")
        #expect(result.stderr.isEmpty)
    }

    // §6.8: ops see the raw placeholders; variables are interpolated after them.
    @Test func opsApplyBeforeVariables() throws {
        try write("m.yml", "a: b\n")
        try write("ops.yml", "- type: replace\n  path: /a\n  value: ((c))\n")
        #expect(try run(["m.yml", "-o", "ops.yml", "-v", "c=x"]).stdout == "a: x\n")
        let missing = try run(["m.yml", "-o", "ops.yml", "--var-errs"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "- Expected to find variables:\n    - c\nExit code 1\n")
    }

    @Test func pathPrintsStringsRaw() throws {
        try write("m.yml", "key: |\n  line1\n  line2\nport: 4222\n")
        #expect(try run(["m.yml", "--path", "/key"]).stdout == "line1\nline2\n\n")
        #expect(try run(["m.yml", "--path", "/port"]).stdout == "4222\n")
        #expect(try run(["m.yml", "--path", "/nope?"]).stdout == "null\n")
    }

    @Test func malformedManifestNamesTheFile() throws {
        try write("bad.yml", "a: b\n  c: d\n")
        let result = try run(["bad.yml"])
        #expect(result.status == 1)
        #expect(result.stdout == "\n")
        #expect(result.stderr.hasPrefix("Parsing manifest 'bad.yml':\n  yaml: line 2: "))
        #expect(result.stderr.hasSuffix("\nExit code 1\n"))
    }

    @Test func missingManifestNamesTheFile() throws {
        let result = try run(["absent.yml"])
        #expect(result.status == 1)
        let path = directory + "/absent.yml"
        #expect(
            result.stderr.hasSuffix("Opening file \(path):\n  open \(path): no such file or directory\nExit code 1\n"))
    }

    @Test func opsFileWithABadPathNamesFileAndPath() throws {
        try write("m.yml", "a: 1\n")
        try write("ops.yml", "- type: replace\n  path: /nope/key\n  value: 2\n")
        let result = try run(["m.yml", "-o", "ops.yml"])
        #expect(result.status == 1)
        #expect(result.stdout == "\n")
        #expect(
            result.stderr == "Error 'operation [0] in ops.yml failed': "
                + "Expected to find a map key 'nope' for path '/nope' (found map keys: 'a')\nExit code 1\n")
    }

    @Test func missingOpsFileIsAFlagError() throws {
        try write("m.yml", "a: 1\n")
        let result = try run(["m.yml", "-o", "gone.yml"])
        #expect(result.status == 1)
        #expect(
            result.stderr == "invalid argument for flag `-o, --ops-file' (expected []opts.OpsFileArg): "
                + "Reading ops file 'gone.yml': Opening file gone.yml: open gone.yml: no such file or directory\nExit code 1\n"
        )
    }

    @Test func missingVariableWithVarErrs() throws {
        try write("m.yml", "a: ((zeta))\nb: ((alpha))\nc: ((known))\n")
        let result = try run(["m.yml", "-v", "known=1", "--var-errs"])
        #expect(result.status == 1)
        #expect(result.stdout == "\n")
        #expect(result.stderr == "- Expected to find variables:\n    - alpha\n    - zeta\nExit code 1\n")
    }

    @Test func unreadableVarsFileNamesTheFile() throws {
        try write("m.yml", "a: ((x))\n")
        try FileManager.default.createDirectory(atPath: directory + "/adir", withIntermediateDirectories: true)
        let missing = try run(["m.yml", "-l", "missing.yml"])
        #expect(missing.status == 1)
        #expect(
            missing.stderr == "invalid argument for flag `-l, --vars-file' (expected []template.VarsFileArg): "
                + "Reading variables file 'missing.yml': Opening file missing.yml: open missing.yml: no such file or directory\nExit code 1\n"
        )
        let unreadable = try run(["m.yml", "-l", "adir"])
        #expect(unreadable.status == 1)
        #expect(
            unreadable.stderr.contains(
                "Reading variables file 'adir': Reading file content adir: read adir: is a directory"))
        let varFile = try run(["m.yml", "--var-file", "x=adir"])
        #expect(varFile.status == 1)
        #expect(varFile.stderr.contains("Reading variable from file '\(directory)/adir'"))
    }

    @Test func varsStoreThatIsNotYAMLIsOneErrorAndStaysUntouched() throws {
        try write("m.yml", "p: ((pw))\nvariables:\n- name: pw\n  type: password\n")
        let broken = "pw: [unclosed\n"
        try write("store.yml", broken)
        let result = try run(["m.yml", "--vars-store", "store.yml"])
        #expect(result.status == 1)
        #expect(result.stdout == "\n")
        #expect(result.stderr.hasPrefix("Deserializing variables file store '\(directory)/store.yml':\n  yaml: line "))
        #expect(result.stderr.hasSuffix("\nExit code 1\n"))
        #expect(try read("store.yml") == broken)
    }

    @Test func varsStoreGeneratesOnceWithMode0600() throws {
        try write("m.yml", "p: ((pw))\nvariables:\n- name: pw\n  type: password\n")
        let first = try run(["m.yml", "--vars-store", "creds/store.yml"])
        #expect(first.status == 0)
        let stored = try read("creds/store.yml")
        let password = try #require(stored.split(separator: " ").last.map { String($0.dropLast()) })
        #expect(stored == "pw: \(password)\n")
        #expect(password.count == 20)
        #expect(first.stdout == "p: \(password)\nvariables: []\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/creds/store.yml")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let second = try run(["m.yml", "--vars-store", "creds/store.yml"])
        #expect(second.stdout == first.stdout)
        #expect(try read("creds/store.yml") == stored)
    }

    @Test func badFlagValuesExitOneWithBoshText() throws {
        try write("m.yml", "a: 1\n")
        let badVar = try run(["m.yml", "-v", "novalue"])
        #expect(badVar.status == 1)
        #expect(
            badVar.stderr == "invalid argument for flag `-v, --var' (expected []template.VarKV): "
                + "Expected var 'novalue' to be in format 'name=value'\nExit code 1\n")
        let badPath = try run(["m.yml", "--path", "a"])
        #expect(badPath.status == 1)
        #expect(
            badPath.stderr
                == "invalid argument for flag `--path' (expected patch.Pointer): Expected to start with '/'\nExit code 1\n"
        )
    }
}
