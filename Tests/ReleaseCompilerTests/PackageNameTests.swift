import Foundation
import Testing

@testable import ReleaseCompiler

@Suite struct PackageNameTests {
    @Test func encodesAsPlainString() throws {
        let data = try JSONEncoder().encode([PackageName("ruby-3.3")])
        #expect(String(decoding: data, as: UTF8.self) == #"["ruby-3.3"]"#)
        #expect(try JSONDecoder().decode([PackageName].self, from: data) == [PackageName("ruby-3.3")])
    }
}
