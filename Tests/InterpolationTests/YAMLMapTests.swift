import GoYAML
import Testing

@testable import Interpolation

@Suite struct YAMLMapTests {
    @Test func keepsInsertionOrderAndReplacesInPlace() {
        var map = YAMLMap()
        map["b"] = .int(1)
        map["a"] = .string("x")
        map["b"] = .bool(true)
        #expect(map.keys == [.string("b"), .string("a")])
        #expect(map["b"] == .bool(true))
        map["b"] = nil
        #expect(map.keys == [.string("a")])
    }

    @Test func keysOfOtherScalarTypesAreDistinct() {
        var map = YAMLMap()
        map[.int(1)] = .string("int key")
        map[.string("1")] = .string("string key")
        #expect(map.count == 2)
        #expect(map[.int(1)] == .string("int key"))
    }
}
