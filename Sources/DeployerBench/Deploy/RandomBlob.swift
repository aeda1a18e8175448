import Foundation

/// An incompressible file: bytes from `/dev/urandom` (the kernel's generator, fast in any
/// build configuration), copied 1 MiB at a time so memory stays flat whatever the size.
enum RandomBlob {
    /// Writes `bytes` random bytes to `path` (parent directories created).
    ///
    /// - Throws: `DeployBenchError.write` naming the path.
    static func write(bytes: Int, to path: String) throws {
        let chunk = 1 << 20
        do {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw DeployBenchError.write(path: path, reason: "cannot create the file")
            }
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? output.close() }
            let random = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/urandom"))
            defer { try? random.close() }
            var left = bytes
            while left > 0 {
                guard let data = try random.read(upToCount: min(chunk, left)), !data.isEmpty else {
                    throw DeployBenchError.write(path: path, reason: "/dev/urandom returned nothing")
                }
                try output.write(contentsOf: data)
                left -= data.count
            }
        } catch let error as DeployBenchError {
            throw error
        } catch {
            throw DeployBenchError.write(path: path, reason: "\(error)")
        }
    }
}
