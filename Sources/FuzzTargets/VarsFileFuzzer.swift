import Foundation
import GoYAML
import Interpolation

/// A vars store (or `-l` vars file) read through `VarsFileStore`, as `--vars-store` reads it,
/// then every stored variable looked up and used in a template.
enum VarsFileFuzzer {

    /// Refuses to generate: a fuzz input must never make the store write itself.
    struct NoGenerator: VariableGenerator {
        struct Refused: Error {}
        func generate(type: String, options: YAMLNode?, lookup: (String) throws -> YAMLNode?) throws -> YAMLNode {
            throw Refused()
        }
    }

    static func run(_ input: [UInt8]) {
        // A file per call: the regression tests run targets in parallel in one process.
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("deployer-fuzz-\(UUID().uuidString)-vars-store.yml").path
        guard FileManager.default.createFile(atPath: path, contents: Data(input)) else { return }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = VarsFileStore(path: path, generator: NoGenerator())
        do {
            _ = try store.load()
            // A template that uses the first few stored names, plain and with a dotted path.
            var template = YAMLMap()
            for name in try store.names().prefix(8) {
                template[.string(name)] = .string("((\(name)))")
                template[.string(name + ".sub")] = .string("((\(name).sub))")
                _ = try store.value(for: VariableDefinition(name: name)) { _ in nil }
            }
            _ = YAMLCodec.emit(try TemplateEvaluator.evaluate(.map(template), variables: store))
        } catch {
            _ = String(describing: error)
        }
    }
}
