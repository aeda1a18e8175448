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
        // Yams expands aliases into copies: a few hundred bytes of nested aliases ("billion
        // laughs") become millions of nodes that reading the properties then walks. A real
        // manifest has a few thousand nodes; yaml.v2 refuses such documents too.
        guard expandedSize(of: node, limit: maximumNodes) <= maximumNodes else {
            throw ReleaseError.invalidManifest(
                path: path, reason: "more than \(maximumNodes) YAML nodes once its aliases are expanded")
        }
        return YAMLDocument(node: node, path: path)
    }

    /// The most nodes a manifest may hold, aliases expanded.
    static let maximumNodes = 100_000

    /// How many nodes `node` holds, counting stops once past `limit`.
    private static func expandedSize(of node: Node, limit: Int) -> Int {
        var count = 0
        var pending = [node]
        while let next = pending.popLast(), count <= limit {
            count += 1
            switch next {
            case .scalar, .alias: break
            case .sequence(let sequence): pending.append(contentsOf: sequence)
            case .mapping(let mapping):
                for pair in mapping {
                    pending.append(pair.key)
                    pending.append(pair.value)
                }
            }
        }
        return count
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
