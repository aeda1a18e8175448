import DeployerCLI
import DeployerSupport
import Foundation

// `deployer-with-faults`: `deployer` plus the reliability tests' kill switch
// (`DEPLOYER_FAULT_KILL_AT`, `DEPLOYER_FAULT_KILL_WHEN`, `DEPLOYER_FAULT_TRACE`; see
// FaultInjection.swift). Without those variables it behaves exactly as `deployer`.
let faults = FaultInjection.configured(environment: ProcessInfo.processInfo.environment)
let interceptor: any CallInterceptor = faults ?? PassThroughInterceptor()
await DeployerCommand.runAndExit(interceptor: interceptor)
