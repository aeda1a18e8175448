import DeployerSupport
import Foundation
import GoYAML

/// Replaces `((name))` placeholders in a YAML tree (bosh-cli `interpolator`): values and map
/// keys, recursively; a whole-value placeholder keeps the value's type, an inline one needs a
/// string or an integer. Unknown names stay as they are.
struct TemplateInterpolator {
    /// Finds a (possibly dotted) name's value; nil when not found.
    let lookup: (String) throws -> YAMLNode?

    /// `node` with every found placeholder replaced.
    ///
    /// - Throws: `ContextError` "Finding variable '<name>'" around a lookup failure, or
    ///   `VariableError.invalidInlineType`.
    func interpolate(_ node: YAMLNode) throws -> YAMLNode {
        switch node {
        case .map(let map):
            var result = YAMLMap()
            for entry in map.entries {
                // bosh-cli evaluates the value before the key; lookups (and generation) follow suit.
                let value = try interpolate(entry.value)
                let key = try interpolate(entry.key)
                result[key] = value
            }
            return .map(result)
        case .array(let items):
            return .array(try items.map(interpolate))
        case .string(let text):
            return try interpolate(string: text)
        default:
            return node
        }
    }

    private func interpolate(string original: String) throws -> YAMLNode {
        var text = original
        for name in PlaceholderSyntax.names(in: original) {
            let found = try withContext("Finding variable '\(name)'") { try lookup(name) }
            guard let value = found else { continue }
            if PlaceholderSyntax.isWholeValue(text) { return value }
            let replacement: String
            switch value {
            case .string(let string): replacement = string
            case .int(let int): replacement = String(int)
            case .uint(let uint): replacement = String(uint)
            default:
                throw VariableError.invalidInlineType(
                    goType: GoValueDescription.typeName(value), value: VariablesDocument.scalarText(value), name: name)
            }
            // Only the exact spellings are replaced: `(( name ))` inline stays verbatim (bosh-cli quirk).
            text = text.replacingOccurrences(of: "((\(name)))", with: replacement)
            text = text.replacingOccurrences(of: "((!\(name)))", with: replacement)
        }
        return .string(text)
    }
}
