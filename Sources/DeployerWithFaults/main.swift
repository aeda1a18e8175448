import DeployerCLI
import Foundation

// `deployer-with-faults`: `deployer` plus the reliability tests' kill switch
// (`DEPLOYER_FAULT_KILL_AT`, `DEPLOYER_FAULT_KILL_WHEN`, `DEPLOYER_FAULT_TRACE`; see
// FaultInjection.swift). Without those variables it behaves exactly as `deployer`.
let faults = FaultInjection.configured(environment: ProcessInfo.processInfo.environment)
let decoration =
    faults.map { faults in
        PortDecoration(
            provisioner: { FaultInjectingProvisioner(base: $0, faults: faults) },
            connector: { FaultInjectingConnector(base: $0, faults: faults) })
    } ?? .none
await DeployerCommand.runAndExit(decoration: decoration)
