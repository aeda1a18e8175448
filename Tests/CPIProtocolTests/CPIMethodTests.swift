import Testing

@testable import CPIProtocol

@Suite struct CPIMethodTests {
    @Test func wireNamesAreSnakeCase() {
        #expect(CPIMethod.createVM.rawValue == "create_vm")
        #expect(CPIMethod(rawValue: "set_disk_metadata") == .setDiskMetadata)
    }
}
