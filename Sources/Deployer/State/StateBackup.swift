import DeployerSupport
import Foundation

/// What `<state>.bak` (the state before the last save) holds, told to the operator when the
/// state file itself cannot be used, so the advice to restore it is never given blindly.
public struct StateBackup: Sendable, Hashable {
    /// The backup's path.
    public let path: String
    /// The cloud resources it lists, worded for people (`VM 'vm-1'`, `disk 'disk-2'`);
    /// empty when it lists none or is not a valid state itself.
    public let resources: [String]
    /// Whether it is a valid state file.
    public let isValid: Bool

    /// The backup of the state file at `statePath`, nil when `<statePath>.bak` does not exist.
    public static func inspect(statePath: String) -> StateBackup? {
        let path = statePath + ".bak"
        guard FileKind(following: path) == .file else { return nil }
        let resources = recordedResources(inFile: path)
        return StateBackup(path: path, resources: resources ?? [], isValid: resources != nil)
    }

    /// The cloud resources the state file at `path` lists, worded for people; nil when it
    /// cannot be read or is not a valid state (an absent file lists nothing: empty).
    public static func recordedResources(inFile path: String) -> [String]? {
        guard FileKind(following: path) != .missing else { return [] }
        guard let data = try? PlainFile.read(path), !isBlank(data),
            let state = try? JSONDecoder().decode(DeploymentState.self, from: data)
        else { return nil }
        return state.resourceNames
    }

    /// Whether `data` is empty or only whitespace, which no save ever writes.
    static func isBlank(_ data: Data) -> Bool {
        data.allSatisfy { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
    }

    /// One sentence on what the backup holds and what to do with it, for the state at `statePath`.
    func advice(statePath: String) -> String {
        guard isValid else { return "'\(path)' exists but is not a valid state file either" }
        guard !resources.isEmpty else {
            return "'\(path)' (the state before the last save) lists no cloud resources"
        }
        return "'\(path)' (the state before the last save) lists \(resources.joined(separator: ", ")): "
            + "if those still exist, restore it (cp '\(path)' '\(statePath)') and run the command again"
    }
}
