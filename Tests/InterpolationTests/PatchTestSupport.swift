import GoYAML

@testable import Interpolation

/// Shorthands for the go-patch tests: documents written as YAML, ops built from text paths.
enum PatchTestSupport {
    static func yaml(_ text: String) throws -> YAMLNode {
        try YAMLCodec.parse(text)
    }

    static func replace(_ path: String, _ value: YAMLNode, on document: YAMLNode) throws -> YAMLNode {
        try Operation(.replace(value: value), path: Pointer(path)).apply(to: document)
    }

    static func remove(_ path: String, on document: YAMLNode) throws -> YAMLNode {
        try Operation(.remove, path: Pointer(path)).apply(to: document)
    }

    static func test(
        _ path: String, value: YAMLNode? = nil, absent: Bool = false, on document: YAMLNode
    ) throws -> YAMLNode {
        try Operation(.test(value: value, absent: absent), path: Pointer(path)).apply(to: document)
    }

    static func find(_ path: String, in document: YAMLNode) throws -> YAMLNode {
        try FindOp(path: Pointer(path)).apply(to: document)
    }

    /// The message of the `PatchError` that `body` throws, or nil when it throws none.
    static func message(_ body: () throws -> YAMLNode) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as PatchError {
            return error.message
        } catch {
            return "unexpected error: \(error)"
        }
    }
}
