import GoYAML
import Testing

@testable import Interpolation

/// Spec §7 items 21–29: go-patch remove, test, descriptive errors and find.
@Suite struct PatchRemoveTestFindTests {
    typealias S = PatchTestSupport

    @Test func item21_removeByIndex() throws {
        #expect(try S.remove("/-1", on: S.yaml("[1, 2, 3]")) == S.yaml("[1, 2]"))
        #expect(try S.remove("/0", on: S.yaml("[1]")) == S.yaml("[]"))
        #expect(try S.remove("/1:prev/1", on: S.yaml("[[10, 11, 12], 2, 3]")) == S.yaml("[[10, 12], 2, 3]"))
    }

    @Test func item22_removeByMatch() throws {
        #expect(try S.remove("/key=val", on: S.yaml("[{key: val}]")) == S.yaml("[]"))
        #expect(try S.remove("/key=val:next", on: S.yaml("[{key: val}, 2]")) == S.yaml("[{key: val}]"))
    }

    @Test(arguments: [
        ("/abc/opr=not-opr?", "{abc: [{opr: opr}], xyz: 1}"),
        ("/abc/efg?", "{abc: {opr: 1}, xyz: 1}"),
        ("/abc/opr?/efg", "{abc: {}, xyz: 1}"),
    ])
    func item23_optionalMissingRemovesNothing(_ path: String, _ document: String) throws {
        let doc = try S.yaml(document)
        #expect(try S.remove(path, on: doc) == doc)
    }

    @Test func item24_removeErrors() throws {
        #expect(
            S.message { try S.remove("/-", on: S.yaml("[1]")) }
                == "Expected to not find token 'patch.AfterLastIndexToken' at path '/-'")
        #expect(S.message { try S.remove("", on: S.yaml("[1]")) } == "Cannot remove entire document")
        #expect(
            S.message { try S.remove("/0:before", on: S.yaml("[1]")) }
                == "Expected to find one of the following modifiers: 'prev', 'next', but found modifier 'patch.BeforeModifier'"
        )
    }

    @Test func item25_testValue() throws {
        let doc = try S.yaml("[~, 2, 3]")
        #expect(try S.test("/0", value: nil, on: doc) == doc)
        #expect(try S.test("/1", value: .int(2), on: doc) == doc)
        #expect(
            S.message { try S.test("/0", value: .int(2), on: S.yaml("[~]")) }
                == "Found value does not match expected value")
        // Types must match: the string "2" is not the int 2.
        #expect(
            S.message { try S.test("/1", value: .string("2"), on: doc) } == "Found value does not match expected value")
        // Maps compare regardless of key order.
        #expect(
            try S.test("/0", value: S.yaml("{b: 2, a: 1}"), on: S.yaml("[{a: 1, b: 2}]")) == S.yaml("[{a: 1, b: 2}]"))
    }

    @Test func item26_absentNeedsTheParent() throws {
        #expect(
            S.message { try S.test("/0/0", absent: true, on: S.yaml("[]")) }
                == "Expected to find array index '0' but found array of length '0' for path '/0'")
        #expect(try S.test("/0", absent: true, on: S.yaml("[]")) == S.yaml("[]"))
        #expect(try S.test("/a/b", absent: true, on: S.yaml("{a: {}}")) == S.yaml("{a: {}}"))
    }

    @Test func item27_absentButPresent() throws {
        #expect(
            S.message { try S.test("/releases/0", absent: true, on: S.yaml("releases: [{name: x}]")) }
                == "Expected to not find '/releases/0'")
    }

    @Test func item28_customErrorMessage() throws {
        let doc = try S.yaml("releases: [{name: capi, version: 1}]")
        let op = Operation(.remove, path: try Pointer("/releases/0/not-there"), errorMessage: "Custom error message")
        #expect(throws: PatchError.self) { try op.apply(to: doc) }
        #expect(
            S.message { try op.apply(to: doc) }
                == "Error 'Custom error message': Expected to find a map key 'not-there' for path '/releases/0/not-there' (found map keys: 'name', 'version')"
        )
    }

    @Test func item29_find() throws {
        let doc = try S.yaml("[{xyz: xyz}]")
        #expect(try S.find("/name=val?/efg", in: doc) == .null)
        #expect(try S.find("/name=val?/efg/name=val", in: doc) == S.yaml("{name: val}"))
        #expect(
            S.message { try S.find("/abc?/0", in: S.yaml("{xyz: 1}")) }
                == "Expected to find key or matching index token at path '/abc?/0'")
        #expect(
            S.message { try S.find("/xyz/-", in: S.yaml("{xyz: [1]}")) }
                == "Expected not to find after last index token in path '/xyz/-' (not supported in find operations)")
        #expect(try S.find("", in: doc) == doc)
        #expect(try S.find("/0/xyz", in: doc) == .string("xyz"))
    }
}
