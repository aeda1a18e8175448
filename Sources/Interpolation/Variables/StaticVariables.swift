import GoYAML

/// Variables given on the command line (`-v`, `--var-file`, `-l`, `--vars-env`), merged into one
/// map (bosh-cli `StaticVariables`).
///
/// A name containing `.` defines a nested map: `-v a.b=1` provides `a` = `{b: 1}`. Plain names
/// are placed first and dotted names merged into them, so `--var-file docker_tls.ca=PATH`
/// overrides only the `ca` key of a `docker_tls` map from `-l` (bosh-cli gets the same result
/// but depends on Go's random map order to do so).
public struct StaticVariables: VariableSource {
    /// The variables as given, before dotted names are split.
    public let raw: [String: YAMLNode]
    /// The variables by base name, dotted names nested.
    public let values: [String: YAMLNode]

    /// Creates the map from names as given.
    public init(_ raw: [String: YAMLNode] = [:]) {
        self.raw = raw
        self.values = Self.nest(raw)
    }

    /// The value under the definition's name; type and options are ignored.
    public func value(for definition: VariableDefinition, lookup: (String) throws -> YAMLNode?) -> YAMLNode? {
        values[definition.name]
    }

    /// The base names provided.
    public func names() -> [String] {
        values.keys.sorted()
    }

    private static func nest(_ raw: [String: YAMLNode]) -> [String: YAMLNode] {
        var result: [String: YAMLNode] = [:]
        for (name, value) in raw where !name.contains(".") {
            result[name] = value
        }
        for name in raw.keys.sorted() where name.contains(".") {
            guard let value = raw[name] else { continue }
            let pieces = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard let first = pieces.first else { continue }
            result[first] = setting(value, at: pieces.dropFirst(), in: result[first])
        }
        return result
    }

    /// `container` with `value` placed under the key path `path`, creating maps as needed.
    private static func setting(_ value: YAMLNode, at path: ArraySlice<String>, in container: YAMLNode?) -> YAMLNode {
        guard let key = path.first else { return value }
        var map = container?.mapValue ?? YAMLMap()
        map[key] = setting(value, at: path.dropFirst(), in: map[key])
        return .map(map)
    }
}
