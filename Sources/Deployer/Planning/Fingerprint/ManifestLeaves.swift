import DeployerSupport
import Foundation

/// The leaves of a manifest, each with its path in go-patch's syntax (what an ops file
/// would name): `/instance_groups/name=bosh/jobs/name=app/properties/app/port`.
///
/// A list whose items are all maps with distinct `name`s is walked by name (`name=app`), so
/// inserting a job does not shift every path after it; any other list by index. A leaf is a
/// scalar, or an empty map or list; its text is its JSON form, so `1` and `"1"` differ.
enum ManifestLeaves {
    struct Leaf: Sendable, Hashable {
        var path: String
        var text: String
    }

    static func of(_ value: JSONValue) -> [Leaf] {
        var leaves: [Leaf] = []
        collect(value, path: "", into: &leaves)
        return leaves
    }

    private static func collect(_ value: JSONValue, path: String, into leaves: inout [Leaf]) {
        switch value {
        case .object(let members) where !members.isEmpty:
            for key in members.keys.sorted() {
                collect(members[key] ?? .null, path: path + "/" + escape(key), into: &leaves)
            }
        case .array(let items) where !items.isEmpty:
            let names = items.map { $0.objectValue?["name"]?.stringValue }
            let byName = names.allSatisfy { $0 != nil } && Set(names).count == names.count
            for (index, item) in items.enumerated() {
                let token = byName ? "name=" + escape(names[index] ?? "") : String(index)
                collect(item, path: path + "/" + token, into: &leaves)
            }
        default:
            leaves.append(Leaf(path: path.isEmpty ? "/" : path, text: value.jsonText))
        }
    }

    /// go-patch's escaping of `~` and `/` inside a token.
    private static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
