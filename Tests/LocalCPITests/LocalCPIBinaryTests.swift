import Foundation
import Testing

@Suite struct LocalCPIBinaryTests {
    @Test func binaryIsBuiltNextToTheTests() {
        let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/local-cpi").path
        #expect(FileManager.default.isExecutableFile(atPath: binary))
    }
}
