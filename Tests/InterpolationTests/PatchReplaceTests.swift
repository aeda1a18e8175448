import GoYAML
import Testing

@testable import Interpolation

/// Spec §7 items 10–20: go-patch replace (`replace_op_test.go`).
@Suite struct PatchReplaceTests {
    typealias S = PatchTestSupport

    @Test func item10_indexModifiers() throws {
        let doc = try S.yaml("[1, 2, 3]")
        #expect(try S.replace("/3:prev", .int(10), on: doc) == S.yaml("[1, 2, 10]"))
        #expect(try S.replace("/3:prev:after", .int(10), on: doc) == S.yaml("[1, 2, 3, 10]"))
        #expect(try S.replace("/1:before", .int(10), on: doc) == S.yaml("[1, 10, 2, 3]"))
        #expect(try S.replace("/0:next/1", .int(10), on: S.yaml("[1, [2, 3], 4]")) == S.yaml("[1, [2, 10], 4]"))
    }

    @Test func item11_matchingWithModifiers() throws {
        let doc = try S.yaml("[{key: val}, {key: val2}]")
        #expect(try S.replace("/key=val2:prev", .int(100), on: doc) == S.yaml("[100, {key: val2}]"))
        #expect(try S.replace("/key=val2:before", .int(100), on: doc) == S.yaml("[{key: val}, 100, {key: val2}]"))
        #expect(try S.replace("/key=val:next:after", .int(100), on: doc) == S.yaml("[{key: val}, {key: val2}, 100]"))
    }

    @Test func item12_matchingSkipsNonMaps() throws {
        #expect(try S.replace("/key=val", .int(100), on: S.yaml("[3, {key: val}]")) == S.yaml("[3, 100]"))
        // An int 1 does not match the string "1".
        #expect(
            S.message { try S.replace("/name=1", .int(5), on: S.yaml("[{name: 1}]")) }
                == "Expected to find exactly one matching array item for path '/name=1' but found 0")
    }

    @Test func item13_optionalMatchingAppendsANewMap() throws {
        let doc = try S.yaml("[{xyz: xyz}]")
        #expect(try S.replace("/name=val?/efg", .int(1), on: doc) == S.yaml("[{xyz: xyz}, {name: val, efg: 1}]"))
        #expect(
            try S.replace("/name=val?/efg/name=val", .int(1), on: doc) == S.yaml("[{xyz: xyz}, {name: val, efg: [1]}]"))
    }

    @Test func item14_optionalKeysCreateContainers() throws {
        let doc = try S.yaml("{xyz: xyz}")
        #expect(try S.replace("/abc?/-", .int(1), on: doc) == S.yaml("{xyz: xyz, abc: [1]}"))
        #expect(try S.replace("/abc?/other/efg", .int(1), on: doc) == S.yaml("{xyz: xyz, abc: {other: {efg: 1}}}"))
    }

    @Test func item15_optionalKeyThenIndexIsAnError() throws {
        #expect(
            S.message { try S.replace("/abc?/0", .int(1), on: S.yaml("{xyz: xyz}")) }
                == "Expected to find key, matching index or after last index token at path '/abc?/0'")
    }

    @Test func item16_optionalInTheMiddle() throws {
        let result = try S.replace("/abc/opr?/efg", .int(1), on: S.yaml("{abc: {efg: {}}}"))
        #expect(result == (try S.yaml("{abc: {efg: {}, opr: {efg: 1}}}")))
    }

    @Test func item17_missingKeyListsOnlyStringKeysSorted() throws {
        let doc = try S.yaml("{xyz: 1, 123: 2, other-xyz: 3}")
        #expect(
            S.message { try S.replace("/abc", .int(1), on: doc) }
                == "Expected to find a map key 'abc' for path '/abc' (found map keys: 'other-xyz', 'xyz')")
        #expect(
            S.message { try S.replace("/abc", .int(1), on: S.yaml("{}")) }
                == "Expected to find a map key 'abc' for path '/abc' (found no other map keys)")
    }

    @Test func item18_typeMismatches() throws {
        #expect(
            S.message { try S.replace("/0", .int(1), on: S.yaml("{a: 1}")) }
                == "Expected to find an array at path '/0' but found 'map[interface {}]interface {}'")
        #expect(
            S.message { try S.replace("/abc", .int(1), on: S.yaml("[1]")) }
                == "Expected to find a map at path '/abc' but found '[]interface {}'")
        #expect(
            S.message { try S.replace("/key/-", .int(1), on: S.yaml("{key: {}}")) }
                == "Expected to find an array at path '/key/-' but found 'map[interface {}]interface {}'")
        #expect(
            S.message { try S.replace("/key/a", .int(1), on: S.yaml("{key: 1.5}")) }
                == "Expected to find a map at path '/key/a' but found 'float64'")
        #expect(
            S.message { try S.replace("/key/a", .int(1), on: S.yaml("{key: ~}")) }
                == "Expected to find a map at path '/key/a' but found '<nil>'")
    }

    @Test func item19_missingIndex() throws {
        let doc = try S.yaml("[]")
        #expect(
            S.message { try S.replace("/1", .int(1), on: doc) }
                == "Expected to find array index '1' but found array of length '0' for path '/1'")
        #expect(
            S.message { try S.replace("/1/1", .int(1), on: doc) }
                == "Expected to find array index '1' but found array of length '0' for path '/1'")
    }

    @Test func item20_replacingWithNullSetsNull() throws {
        #expect(try S.replace("/a", .null, on: S.yaml("{a: 1, b: 2}")) == S.yaml("{a: null, b: 2}"))
    }

    @Test func rootPathReplacesTheDocument() throws {
        #expect(try S.replace("", .string("x"), on: S.yaml("{a: 1}")) == .string("x"))
    }

    @Test func valueIsNormalizedThroughYAMLLikeGoPatch() throws {
        // go-patch clones values with a yaml.v2 round trip: the float 1.0 comes back as int 1.
        #expect(try S.replace("/a", .float(1.0), on: S.yaml("{a: 0}")) == S.yaml("{a: 1}"))
    }
}
