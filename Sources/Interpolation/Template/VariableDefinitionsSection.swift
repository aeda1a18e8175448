import GoYAML

/// The `variables:` section of a document: reading its definitions and removing the ones
/// whose values were found (bosh-cli `varDefinitions` and `FoundVars`).
enum VariableDefinitionsSection {
    /// The definitions under the root map's `variables` key, in order; none when the root is
    /// not a map or has no such key. Other keys of an entry (`update_mode`, `consumes`) are ignored.
    ///
    /// - Throws: `VariableError.unexpectedShape` (yaml.v2's wording) when the section or an entry
    ///   has the wrong shape.
    static func definitions(in document: YAMLNode) throws -> [VariableDefinition] {
        guard case .map(let root) = document, let section = root["variables"] else { return [] }
        switch section {
        case .null:
            return []
        case .array(let entries):
            return try entries.map(definition)
        default:
            throw shapeError(section, into: "[]template.VariableDefinition")
        }
    }

    private static func definition(_ entry: YAMLNode) throws -> VariableDefinition {
        switch entry {
        case .null:
            return VariableDefinition(name: "")
        case .map(let map):
            return VariableDefinition(
                name: try string(map["name"]), type: try string(map["type"]),
                options: map["options"].flatMap { $0 == .null ? nil : $0 })
        default:
            throw shapeError(entry, into: "template.VariableDefinition")
        }
    }

    /// A scalar decoded into a Go string field (yaml.v2 keeps any scalar's text).
    private static func string(_ node: YAMLNode?) throws -> String {
        switch node {
        case nil, .null?: return ""
        case .array?, .map?:
            throw shapeError(node ?? .null, into: "string")
        case let scalar?:
            return VariablesDocument.scalarText(scalar)
        }
    }

    private static func shapeError(_ node: YAMLNode, into type: String) -> VariableError {
        .unexpectedShape("yaml: unmarshal errors:\n  cannot unmarshal \(VariablesDocument.yamlTag(node)) into \(type)")
    }

    /// `document` without the `variables` entry named `name` (a go-patch remove of
    /// `/variables/name=<name>`, which needs exactly one match, as bosh-cli does).
    ///
    /// - Throws: `PatchError` with go-patch's message when there is not exactly one match.
    static func removing(_ name: String, from document: YAMLNode) throws -> YAMLNode {
        let path = Pointer(tokens: [
            .root, .key("variables", optional: false),
            .matching(key: "name", value: name, optional: false, modifiers: []),
        ])
        return try Operation(.remove, path: path).apply(to: document)
    }
}
