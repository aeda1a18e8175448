import DeployerTestSupport
import Foundation
import GoYAML
import Testing

@testable import Interpolation

@Suite struct VarsFlagsTests {
    @Test func varValuesAreYAMLButStringsKeepTheirRawText() throws {
        #expect(try VariableFlags.keyValue("n=10") == ("n", .int(10)))
        #expect(try VariableFlags.keyValue("b=true") == ("b", .bool(true)))
        #expect(try VariableFlags.keyValue("l=[1,2]") == ("l", .array([.int(1), .int(2)])))
        #expect(try VariableFlags.keyValue("x=null") == ("x", .null))
        #expect(try VariableFlags.keyValue("s=\"quoted\"") == ("s", .string("quoted")))
        #expect(try VariableFlags.keyValue("s='single'") == ("s", .string("single")))
        #expect(try VariableFlags.keyValue("k=a=b") == ("k", .string("a=b")))
        #expect(try VariableFlags.keyValue("m=line1\n  line2") == ("m", .string("line1\n  line2")))
        #expect(try VariableFlags.keyValue("net=VM Network") == ("net", .string("VM Network")))
    }

    @Test func varFormatErrors() {
        #expect(throws: VariableError.invalidValue("Expected var 'abc' to be in format 'name=value'")) {
            try VariableFlags.keyValue("abc")
        }
        #expect(throws: VariableError.invalidValue("Expected var '=v' to specify non-empty name")) {
            try VariableFlags.keyValue("=v")
        }
        #expect(throws: VariableError.invalidValue("Expected var 'n=' to specify non-empty value")) {
            try VariableFlags.keyValue("n=")
        }
    }

    @Test func badVarYAMLIsReportedWithTheFlag() throws {
        let flags = VariableFlags(vars: ["x=[1, 2"])
        do {
            _ = try flags.staticVariables(environment: [:])
            Issue.record("expected an error")
        } catch {
            let text = String(describing: error)
            #expect(
                text.hasPrefix(
                    "invalid argument for flag `-v, --var' (expected []template.VarKV): Deserializing variables 'x=[1, 2': yaml: "
                ))
        }
    }

    @Test func varFileKeepsTheWholeTextAndErrorsNameTheFile() throws {
        let directory = try TemporaryDirectory("vars-tests")
        let file = try directory.write("ca.pem", "line1\nline2\n")
        #expect(try VariableFlags.varFile("ca=\(file)", home: nil) == ("ca", .string("line1\nline2\n")))
        let missing = directory.path + "/missing.pem"
        do {
            _ = try VariableFlags.varFile("ca=\(missing)", home: nil)
            Issue.record("expected an error")
        } catch {
            #expect(
                String(describing: error)
                    == "Reading variable from file '\(missing)': Opening file \(missing): open \(missing): no such file or directory"
            )
        }
        do {
            _ = try VariableFlags.varFile("ca=\(directory.path)", home: nil)
            Issue.record("expected an error")
        } catch {
            #expect(
                String(describing: error)
                    == "Reading variable from file '\(directory.path)': Reading file content \(directory.path): read \(directory.path): is a directory"
            )
        }
        #expect(throws: VariableError.invalidValue("Expected var 'ca=' to specify non-empty path")) {
            try VariableFlags.varFile("ca=", home: nil)
        }
    }

    @Test func varsFileMustBeAYAMLMap() throws {
        let directory = try TemporaryDirectory("vars-tests")
        let good = try directory.write("good.yml", "a: 1\nb: {c: d}\n")
        let empty = try directory.write("empty.yml", "")
        let list = try directory.write("list.yml", "- a\n")
        let broken = try directory.write("broken.yml", "a: [1\n")
        #expect(try VariableFlags.varsFile(good) == ["a": .int(1), "b": (try yaml("c: d"))])
        #expect(try VariableFlags.varsFile(empty).isEmpty)
        do {
            _ = try VariableFlags.varsFile(list)
            Issue.record("expected an error")
        } catch {
            #expect(
                String(describing: error).hasPrefix("Deserializing variables file '\(list)': yaml: unmarshal errors:"))
        }
        do {
            _ = try VariableFlags.varsFile(broken)
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error).hasPrefix("Deserializing variables file '\(broken)': yaml: line "))
        }
        do {
            _ = try VariableFlags(varsFiles: [directory.path + "/nope.yml"]).staticVariables(environment: [:])
            Issue.record("expected an error")
        } catch {
            let nope = directory.path + "/nope.yml"
            #expect(
                String(describing: error)
                    == "invalid argument for flag `-l, --vars-file' (expected []template.VarsFileArg): "
                    + "Reading variables file '\(nope)': Opening file \(nope): open \(nope): no such file or directory")
        }
    }

    @Test func varsEnvReadsPrefixedVariablesAsYAML() throws {
        let environment = ["MY_port": "4222", "MY_name": "bosh", "MYX_other": "1", "OTHER": "2", "MY_list": "[a, b]"]
        let values = try VariableFlags.environmentVariables("MY", environment)
        #expect(values == ["port": .int(4222), "name": .string("bosh"), "list": .array([.string("a"), .string("b")])])
        #expect(throws: VariableError.invalidValue("Expected environment variable prefix to be non-empty")) {
            try VariableFlags.environmentVariables("", environment)
        }
        do {
            _ = try VariableFlags.environmentVariables("MY", ["MY_bad": "[1"])
            Issue.record("expected an error")
        } catch {
            #expect(
                String(describing: error).hasPrefix("Deserializing YAML from environment variable 'MY_bad': yaml: "))
        }
    }

    @Test func precedenceIsVarThenVarFileThenVarsFileThenEnv() throws {
        let directory = try TemporaryDirectory("vars-tests")
        let first = try directory.write("first.yml", "a: from-l1\nb: from-l1\nc: from-l1\nd: from-l1\n")
        let second = try directory.write("second.yml", "a: from-l2\nb: from-l2\nc: from-l2\n")
        let fileValue = try directory.write("value.txt", "from-var-file")
        let flags = VariableFlags(
            vars: ["a=from-v1", "a=from-v2"], varFiles: ["b=\(fileValue)", "a=\(fileValue)"],
            varsFiles: [first, second],
            varsEnvPrefixes: ["E"])
        let environment = ["E_a": "env", "E_b": "env", "E_c": "env", "E_d": "env", "E_e": "env"]
        let variables = try flags.staticVariables(environment: environment)
        #expect(
            variables.values == [
                "a": .string("from-v2"), "b": .string("from-var-file"), "c": .string("from-l2"),
                "d": .string("from-l1"), "e": .string("env"),
            ])
    }

    @Test func storeComesLastAndDottedNamesNest() throws {
        let directory = try TemporaryDirectory("vars-tests")
        let store = try directory.write("store.yml", "a: from-store\nonly: store\n")
        let sources = try VariableFlags(vars: ["a=flag", "tls.ca=override"], varsStore: store)
            .sources(environment: [:], generator: FakeGenerator())
        #expect(try sources.value(named: "a") == .string("flag"))
        #expect(try sources.value(named: "only") == .string("store"))
        #expect(try sources.value(named: "tls") == (try yaml("ca: override")))
        #expect(try sources.value(named: "nothing") == nil)
    }

    @Test func dottedNamesOverrideKeysOfAPlainMap() throws {
        let variables = StaticVariables(["tls": (try yaml("ca: old\ncertificate: c")), "tls.ca": .string("new")])
        #expect(variables.values["tls"] == (try yaml("ca: new\ncertificate: c")))
        #expect(variables.names() == ["tls"])
    }

    @Test func emptyVarsStorePathIsAnError() throws {
        #expect(
            throws: VariableError.invalidFlag(
                flag: "--vars-store", expectedType: "opts.VarsFSStore", reason: "Expected file path to be non-empty")
        ) {
            try VariableFlags(varsStore: "").sources(environment: [:], generator: FakeGenerator())
        }
    }

    @Test func pathsExpandLikeBoshCLI() throws {
        #expect(try FileContents.expand("~/x/../store.yml", home: "/home/op") == "/home/op/store.yml")
        #expect(try FileContents.expand("/a/./b//c", home: nil) == "/a/b/c")
        #expect(try FileContents.expand("rel.yml", home: nil) == FileManager.default.currentDirectoryPath + "/rel.yml")
    }
}
