import Foundation

/// The benchmark script's input files (results, workloads, events), read one way.
enum InputFile {
    /// The whole text of `path`.
    ///
    /// - Throws: `DeployBenchError.badInput` naming the file when it cannot be read as UTF-8.
    static func text(at path: String) throws -> String {
        do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw DeployBenchError.badInput(path: path, reason: "\(error)")
        }
    }
}
