import Foundation
import Yams

/// Reading helpers over a composed YAML mapping, shared by the manifest readers.
///
/// Values that bosh treats as strings (versions like `1.10`, fingerprints) are read from the
/// scalar's original text so an unquoted `1.10` is not turned into `1.1`.
struct YAMLDocument {
    let node: Node
    let path: String

    /// Parses `text` read from `path` (used in errors only).
    static func parse(_ text: String, path: String) throws -> YAMLDocument {
        // Old Ruby-built releases write the non-standard `!binary` tag; bosh-cli rewrites it to
        // the standard `!!binary` before parsing, and so do we.
        let fixed = text
            .replacingOccurrences(of: "sha1: !binary |-", with: "sha1: !!binary |-")
            .replacingOccurrences(of: "version: !binary |-", with: "version: !!binary |-")
            .replacingOccurrences(of: "fingerprint: !binary |-", with: "fingerprint: !!binary |-")
        let node: Node?
        do {
            node = try Yams.compose(yaml: fixed)
        } catch {
            throw ReleaseError.invalidManifest(path: path, reason: "not valid YAML: \(error)")
        }
        guard let node, case .mapping = node else {
            throw ReleaseError.invalidManifest(path: path, reason: "expected a YAML mapping at the top level")
        }
        return YAMLDocument(node: node, path: path)
    }

    static func read(path: String) throws -> YAMLDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReleaseError.missingFile(path: path)
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    func child(_ key: String) -> YAMLDocument? {
        guard case .mapping(let mapping) = node, let value = mapping[key] else { return nil }
        if case .scalar = value, value.null != nil { return nil }
        return YAMLDocument(node: value, path: path)
    }

    /// A scalar as text (binary scalars decoded), or nil when absent or null.
    func string(_ key: String) -> String? {
        child(key)?.scalarText
    }

    var scalarText: String? {
        guard case .scalar(let scalar) = node else { return nil }
        if node.tag.rawValue == Tag.Name.binary.rawValue, let data = node.binary { return String(decoding: data, as: UTF8.self) }
        return scalar.string
    }

    func requiredString(_ key: String, context: String) throws -> String {
        guard let value = string(key), !value.isEmpty else {
            throw ReleaseError.invalidManifest(path: path, reason: "\(context)missing '\(key)'")
        }
        return value
    }

    func bool(_ key: String) -> Bool? { child(key)?.node.bool }
    func int(_ key: String) -> Int? { child(key)?.node.int }

    func list(_ key: String) -> [YAMLDocument] {
        guard case .sequence(let sequence)? = child(key)?.node else { return [] }
        return sequence.map { YAMLDocument(node: $0, path: path) }
    }

    func stringList(_ key: String) -> [String] {
        list(key).compactMap(\.scalarText)
    }

    /// The mapping at `key` as ordered (key, value) pairs.
    func pairs(_ key: String) -> [(String, YAMLDocument)] {
        guard case .mapping(let mapping)? = child(key)?.node else { return [] }
        return mapping.map { ($0.key.scalar?.string ?? "", YAMLDocument(node: $0.value, path: path)) }
    }

    var value: PropertyValue { PropertyValue(yaml: node) }
}
