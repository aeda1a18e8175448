import CPIProtocol
import DeployerSupport
import Foundation
import GoYAML
import Interpolation

/// bosh-micro's `bosh-deployments.yml`, which create-env converts into a state file when no
/// state file exists yet (bosh-cli `config/legacy_deployment_state_migrator.go`).
public enum LegacyDeploymentState {
    /// `bosh-deployments.yml` beside the manifest.
    public static func path(forManifest manifestPath: String) -> String {
        let statePath = FileStateStore.statePath(forManifest: manifestPath)
        guard let slash = statePath.lastIndex(of: "/") else { return "bosh-deployments.yml" }
        return String(statePath[...slash]) + "bosh-deployments.yml"
    }

    /// The state bosh-cli makes of a legacy file's first instance: its `uuid` becomes the
    /// director id; the VM becomes current; the disk becomes the current disk record with size
    /// 0 (so the next deploy migrates it); the stemcell becomes a record that is not current,
    /// with an empty version that never matches a real stemcell.
    /// - Parameters:
    ///   - text: the legacy file's content (Ruby-symbol keys `:key` are read as `key`).
    ///   - file: its path, for error messages.
    ///   - newID: makes record ids and any missing director/installation id.
    /// - Throws: `StateError.unreadable` when the text is not YAML of the expected shape.
    public static func migrate(_ text: String, file: String, newID: () -> String) throws -> DeploymentState {
        // Ruby wrote symbol keys (`- :uuid: x`, `  :vm_cid: y`); yaml.v2 cannot read a key
        // starting with ':', so bosh-cli strips it where it follows "\n- " or "\n  ", as here.
        let readable = text.replacingOccurrences(of: "\n- :", with: "\n- ").replacingOccurrences(
            of: "\n  :", with: "\n  ")
        let root: YAMLNode
        do {
            root = try YAMLCodec.parse(readable)
        } catch {
            throw StateError.unreadable(path: file, reason: "it is not a legacy state file (not YAML: \(error))")
        }
        if root != .null, root.mapValue == nil {
            throw StateError.unreadable(
                path: file, reason: "it is not a legacy state file (expected a map at the top level)")
        }
        let instances = root["instances"]?.arrayValue ?? []
        let instance = instances.first?.mapValue ?? YAMLMap()
        func field(_ name: String) -> String {
            switch instance[name] {
            case .string(let value)?: value
            case .int(let value)?: String(value)
            case .uint(let value)?: String(value)
            default: ""
            }
        }
        var state = DeploymentState(
            directorID: field("uuid").isEmpty ? newID() : field("uuid"), installationID: newID())
        let diskCID = field("disk_cid")
        if !diskCID.isEmpty {
            let id = newID()
            state.disks = [DiskRecord(id: id, cid: DiskCID(diskCID), size: 0, cloudProperties: [:])]
            state.currentDiskID = id
        }
        let vmCID = field("vm_cid")
        if !vmCID.isEmpty { state.currentVMCID = VMCID(vmCID) }
        let stemcellCID = field("stemcell_cid")
        if !stemcellCID.isEmpty {
            let name = field("stemcell_name")
            state.stemcells = [
                StemcellRecord(
                    id: newID(), name: name.isEmpty ? "unknown-stemcell" : name, version: "",
                    cid: StemcellCID(stemcellCID))
            ]
        }
        return state
    }
}
