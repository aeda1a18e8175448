import GoYAML
import Testing

@testable import Interpolation

/// Spec §7 items 1–9: go-patch pointer parsing (`pointer_test.go`).
@Suite struct PatchPointerTests {
    typealias Token = Pointer.Token

    private func tokens(_ text: String) throws -> [Token] {
        Array(try Pointer(text).tokens.dropFirst())
    }

    private func key(_ name: String, _ optional: Bool = false) -> Token { .key(name, optional: optional) }

    private func match(
        _ key: String, _ value: String, _ optional: Bool = false, _ modifiers: [Pointer.Modifier] = []
    ) -> Token {
        .matching(key: key, value: value, optional: optional, modifiers: modifiers)
    }

    @Test func emptyStringIsTheRoot() throws {
        #expect(try Pointer("").tokens == [.root])
        #expect(try Pointer("").description == "")
    }

    @Test func item01_slashesMakeEmptyKeys() throws {
        #expect(try tokens("/") == [key("")])
        #expect(try tokens("//") == [key(""), key("")])
        #expect(try tokens("/ ") == [key(" ")])
        #expect(try tokens("/key/") == [key("key"), key("")])
    }

    @Test func item02_dashIsSpecialOnlyWhenLast() throws {
        #expect(try tokens("/-/key") == [key("-"), key("key")])
        #expect(try tokens("/ary/-") == [key("ary"), .afterLastIndex])
    }

    @Test func item03_integersAreIndexes() throws {
        #expect(try tokens("/-2") == [.index(-2, modifiers: [])])
        #expect(try tokens("/1000001") == [.index(1_000_001, modifiers: [])])
        #expect(try tokens("/+3") == [.index(3, modifiers: [])])
    }

    @Test func item04_optionalIsStickyToTheRight() throws {
        #expect(try tokens("/key?/key2/key3") == [key("key", true), key("key2", true), key("key3", true)])
        #expect(try tokens("/key/key2?") == [key("key"), key("key2", true)])
        #expect(try Pointer("/key?/key2/key3").description == "/key?/key2/key3")
    }

    @Test func item05_optionalMatchingTokens() throws {
        #expect(try tokens("/name=val?/name2=val") == [match("name", "val", true), match("name2", "val", true)])
        #expect(try tokens("/name=val?/key") == [match("name", "val", true), key("key", true)])
        #expect(try Pointer("/name=val?/key").description == "/name=val?/key")
    }

    @Test func item06_matchingTokenEdgeCases() throws {
        #expect(try tokens("/=") == [match("", "")])
        #expect(try tokens("/=?") == [match("", "", true)])
        #expect(try tokens("/name=") == [match("name", "")])
        #expect(try tokens("/=val") == [match("", "val")])
        #expect(try tokens("/==") == [match("", "=")])
    }

    @Test func item07_escapes() throws {
        #expect(try tokens("/m~0n") == [key("m~n")])
        #expect(try tokens("/a~01b") == [key("a~1b")])
        #expect(try tokens("/a~1b") == [key("a/b")])
        #expect(try tokens("/m~7n") == [key("m:n")])
        #expect(try tokens("/name~0n=val~0n") == [match("name~n", "val~n")])
        #expect(try Pointer("/a~1b/m~7n/a~01b").description == "/a~1b/m~7n/a~01b")
    }

    @Test(arguments: ["/c%d", "/e^f", "/g|h", "/i\\j", "/k\"l"])
    func item08_otherCharactersAreLiteral(_ text: String) throws {
        #expect(try tokens(text) == [key(String(text.dropFirst()))])
        #expect(try Pointer(text).description == text)
    }

    @Test func item09_modifiersAndErrors() throws {
        #expect(try tokens("/-1:prev:before") == [.index(-1, modifiers: [.prev, .before])])
        #expect(try Pointer("/-1:prev:before").description == "/-1:prev:before")
        #expect(throws: PatchError(.invalidPointer, "Expected to start with '/'")) { try Pointer("abc") }
        #expect(
            throws: PatchError(
                .invalidPointer,
                "Expected to find one of the following modifiers: 'prev', 'next', 'before', or 'after' but found 'unknown'"
            )
        ) {
            try Pointer("/abc:unknown")
        }
        #expect(throws: PatchError(.invalidPointer, "Expected not to find any modifiers with after last index token")) {
            try Pointer("/-:prev")
        }
        #expect(throws: PatchError(.invalidPointer, "Expected not to find any modifiers with key token")) {
            try Pointer("/key:prev")
        }
    }

    @Test func questionMarkAfterAnIndexIsAKey() throws {
        #expect(try tokens("/0?") == [key("0", true)])
    }

    @Test func indexesCanBeRetriedAsKeys() throws {
        let pointer = try Pointer("/value/1/-2")
        #expect(Array(pointer.replacingIndexesWithKeys().tokens.dropFirst()) == [key("value"), key("1"), key("-2")])
        let document = try YAMLCodec.parse("value: {\"1\": one}")
        #expect(throws: PatchError.self) { try FindOp(path: pointer.prefix(3)).apply(to: document) }
        #expect(try FindOp(path: pointer.prefix(3).replacingIndexesWithKeys()).apply(to: document) == .string("one"))
    }
}
