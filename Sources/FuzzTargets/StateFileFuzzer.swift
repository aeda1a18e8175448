import Deployer
import Foundation

/// State files: the current JSON format, decoded and re-encoded as `FileStateStore` loads and
/// saves it, and the legacy `bosh-deployments.yml` that create-env migrates.
enum StateFileFuzzer {
    static func run(_ input: [UInt8]) -> [String] {
        let path = "/fuzz/manifest-state.json"
        let state: DeploymentState
        do {
            state = try FileStateStore.decodeState(Data(input), path: path)
        } catch {
            _ = error.description
            return []
        }
        // Whatever loads must save and load again unchanged: a deploy rewrites the file after
        // every step, and a state it cannot read back strands the VM and disks it records.
        do {
            let saved = try FileStateStore.encodeState(state, path: path)
            let reloaded = try FileStateStore.decodeState(saved, path: path)
            return reloaded == state ? [] : ["the saved state reads back different from the loaded one"]
        } catch {
            return ["a loaded state does not save and load again: \(error)"]
        }
    }

    static func runLegacy(_ input: [UInt8]) {
        var counter = 0
        do {
            let state = try LegacyDeploymentState.migrate(
                String(decoding: input, as: UTF8.self), file: "/fuzz/bosh-deployments.yml"
            ) {
                counter += 1
                return "id-\(counter)"
            }
            _ = try FileStateStore.encodeState(state, path: "/fuzz/manifest-state.json")
        } catch {
            _ = String(describing: error)
        }
    }
}
