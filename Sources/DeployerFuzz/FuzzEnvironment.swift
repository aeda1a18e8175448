import Foundation
import FuzzTargets

/// How the driver learns which target to run: one binary serves every target, so that the
/// sanitized build links once.
enum FuzzEnvironment {
    /// The environment variable naming the target (`FuzzTarget` raw value, e.g. `manifest`).
    static let variable = "DEPLOYER_FUZZ_TARGET"

    /// The target named by the environment, nil when unset.
    static var requestedName: String? {
        ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The list printed when the name is missing or unknown.
    static var usage: String {
        "set \(variable) to one of: " + FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
    }
}
