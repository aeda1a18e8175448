import Foundation
import Testing

@testable import DeployerSupport

@Suite struct AtomicFileTests {
    private func makeDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func writesWithModeAndKeepsBackup() throws {
        let dir = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/state.json"
        try AtomicFile.write(Data("one".utf8), to: path)
        try AtomicFile.write(Data("two".utf8), to: path, keepBackup: true)

        #expect(String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) == "two")
        #expect(String(decoding: FileManager.default.contents(atPath: path + ".bak") ?? Data(), as: UTF8.self) == "one")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func failureLeavesExistingFileAlone() throws {
        let dir = try makeDirectory()
        defer {
            chmod(dir, 0o755)
            try? FileManager.default.removeItem(atPath: dir)
        }
        let path = dir + "/vars.yml"
        try AtomicFile.write(Data("keep".utf8), to: path)
        chmod(dir, 0o500)
        // root ignores directory permissions; only assert when the write really is refused.
        do {
            try AtomicFile.write(Data("lost".utf8), to: path)
            #expect(getuid() == 0, "a non-root user must not be able to write into a read-only directory")
        } catch let error as FileWriteError {
            #expect(error.description.contains(path))
            #expect(String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) == "keep")
        }
    }
}
