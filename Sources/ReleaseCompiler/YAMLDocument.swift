import DeployerSupport
import Foundation
import GoYAML

/// Reading helpers over a release file (`release.MF`, a job or package `spec`,
/// `stemcell.MF`, `config/blobs.yml`), parsed with yaml.v2's rules as bosh-cli reads them
/// (`GoYAML`: the last of duplicate keys wins, merge keys, alias limits).
///
/// Values that bosh-cli reads into Go `string` fields (versions like `1.10`, fingerprints,
/// digests) are read from the scalar's text, so an unquoted `1.10` is not turned into `1.1`;
/// property defaults are read as yaml.v2 decodes them into `interface{}`.
struct YAMLDocument {
    let node: YAMLSourceNode
    let path: String

    /// Parses `text` read from `path` (used in errors only).
    static func parse(_ text: String, path: String) throws -> YAMLDocument {
        // Old Ruby-built releases write the non-standard `!binary` tag; bosh-cli rewrites it to
        // the standard `!!binary` before parsing, and so do we.
        let fixed =
            text
            .replacingOccurrences(of: "sha1: !binary |-", with: "sha1: !!binary |-")
            .replacingOccurrences(of: "version: !binary |-", with: "version: !!binary |-")
            .replacingOccurrences(of: "fingerprint: !binary |-", with: "fingerprint: !!binary |-")
        let node: YAMLSourceNode
        do {
            node = try YAMLCodec.parseSource(bytes: Array(fixed.utf8))
        } catch {
            throw ReleaseError.invalidManifest(path: path, reason: "not valid YAML: \(error)")
        }
        guard case .mapping = node else {
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
        guard let value = node[key], value.value != .null else { return nil }
        return YAMLDocument(node: value, path: path)
    }

    /// A scalar as a Go `string` field holds it (binary scalars decoded), or nil when
    /// absent or null.
    func string(_ key: String) -> String? {
        child(key)?.scalarText
    }

    var scalarText: String? { node.text }

    func requiredString(_ key: String, context: String) throws -> String {
        guard let value = string(key), !value.isEmpty else {
            throw ReleaseError.invalidManifest(path: path, reason: "\(context)missing '\(key)'")
        }
        return value
    }

    func bool(_ key: String) -> Bool? {
        if case .bool(let value)? = child(key)?.node.value { return value }
        return nil
    }

    func int(_ key: String) -> Int? {
        if case .int(let value)? = child(key)?.node.value { return value }
        return nil
    }

    func list(_ key: String) -> [YAMLDocument] {
        (child(key)?.node.sequenceValue ?? []).map { YAMLDocument(node: $0, path: path) }
    }

    func stringList(_ key: String) -> [String] {
        list(key).compactMap(\.scalarText)
    }

    /// The mapping at `key` as ordered (key, value) pairs.
    func pairs(_ key: String) -> [(String, YAMLDocument)] {
        child(key)?.entries ?? []
    }

    /// This mapping as ordered (key text, value) pairs; empty for anything else.
    var entries: [(String, YAMLDocument)] {
        (node.mappingValue?.entries ?? []).map { ($0.key.text ?? "", YAMLDocument(node: $0.value, path: path)) }
    }

    /// The value as yaml.v2 decodes it, through Go's JSON round trip as bosh-cli hands
    /// properties to the templates.
    var value: PropertyValue { JSONValue(yaml: node.value) }
}
