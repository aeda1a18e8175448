import AgentClient
import ArgumentParser
import CPIProtocol
import DeployerSupport
import Foundation
import Interpolation
import Testing

@testable import DeployerCLI

@Suite struct StopStartAndRunFlagsParsingTests {
    @Test(arguments: ["stop", "stop-env"])
    func stopTakesTheSharedFlagsAndSkipDrain(name: String) throws {
        let parsed = try DeployerCommand.parseAsRoot([
            name, "env/manifest.yml", "--state", "s.json", "--skip-drain", "--json", "--log-level", "debug",
            "--log-file", "d.log", "-o", "ops.yml", "-v", "a=1", "-l", "vars.yml", "--vars-store", "creds.yml",
        ])
        let stop = try #require(parsed as? StopCommand)
        #expect(stop.skipDrain)
        #expect(stop.options.manifest == "env/manifest.yml")
        #expect(stop.options.statePath == "s.json")
        #expect(stop.options.json)
        #expect(stop.options.logLevel == "debug")
        #expect(stop.options.logFile == "d.log")
        #expect(stop.options.interpolation.opsFiles == ["ops.yml"])
        #expect(stop.options.variables.vars == ["a=1"])
        #expect(stop.options.variables.varsFiles == ["vars.yml"])
        #expect(stop.options.variables.varsStore == "creds.yml")
    }

    @Test func stopDrainsByDefaultAndFindsTheStateBesideTheManifest() throws {
        let stop = try #require(try DeployerCommand.parseAsRoot(["stop", "env/manifest.yml"]) as? StopCommand)
        #expect(!stop.skipDrain)
        #expect(stop.options.statePath == "env/manifest-state.json")
    }

    @Test(arguments: ["start", "start-env"])
    func startTakesTheSharedFlags(name: String) throws {
        let parsed = try DeployerCommand.parseAsRoot([name, "m.yml", "--state", "s.json", "--json", "-v", "x=y"])
        let start = try #require(parsed as? StartCommand)
        #expect(start.options.statePath == "s.json")
        #expect(start.options.json)
        #expect(start.options.variables.vars == ["x=y"])
    }

    @Test(arguments: [["start", "m.yml", "--skip-drain"], ["stop", "m.yml", "--parallel", "2"], ["stop"], ["start"]])
    func stopAndStartRejectFlagsTheyDoNotHave(arguments: [String]) {
        #expect(throws: (any Error).self) { try DeployerCommand.parseAsRoot(arguments) }
    }

    @Test func deployDefaultsToOneCompilePerProcessorAndBoshCLIsWaits() throws {
        let deploy = try #require(try DeployerCommand.parseAsRoot(["deploy", "m.yml"]) as? DeployCommand)
        #expect(deploy.tuning.maxParallel == ProcessInfo.processInfo.activeProcessorCount)
        #expect(deploy.tuning.cpiTimeout == nil)
        #expect(deploy.tuning.agentTimeout == .seconds(600))
    }

    @Test func deployTakesParallelAndTimeouts() throws {
        let parsed = try DeployerCommand.parseAsRoot([
            "create-env", "m.yml", "--parallel", "3", "--cpi-timeout", "120", "--agent-timeout", "45",
        ])
        let deploy = try #require(parsed as? DeployCommand)
        #expect(deploy.tuning == RunTuning(maxParallel: 3, cpiTimeout: .seconds(120), agentTimeout: .seconds(45)))
    }

    @Test func deleteTakesParallelAndTheCPITimeoutButNoAgentTimeout() throws {
        let parsed = try DeployerCommand.parseAsRoot(["delete", "m.yml", "--parallel", "1", "--cpi-timeout", "30"])
        let delete = try #require(parsed as? DeleteCommand)
        let tuning = delete.cpi.applied(to: RunTuning())
        #expect(tuning.maxParallel == 1)
        #expect(tuning.cpiTimeout == .seconds(30))
        #expect(throws: (any Error).self) {
            try DeployerCommand.parseAsRoot(["delete", "m.yml", "--agent-timeout", "30"])
        }
    }

    @Test(arguments: [
        (["deploy", "m.yml", "--parallel", "0"], "--parallel must be at least 1"),
        (["delete", "m.yml", "--parallel", "0"], "--parallel must be at least 1"),
        (["deploy", "m.yml", "--cpi-timeout", "0"], "--cpi-timeout must be at least 1 second"),
        (["deploy", "m.yml", "--agent-timeout", "0"], "--agent-timeout must be at least 1 second"),
    ])
    func valuesBelowOneAreRejectedWithAClearMessage(arguments: [String], message: String) {
        do {
            _ = try DeployerCommand.parseAsRoot(arguments)
            Issue.record("\(arguments) was accepted")
        } catch {
            #expect(DeployerCommand.message(for: error).contains(message), "\(DeployerCommand.message(for: error))")
        }
    }

    @Test func aCPITimeoutNamesTheMethodAndTheFlag() {
        let error = ContextError(
            context: "Deploying",
            underlying: ContextError(
                context: "Creating VM", underlying: CPIError.timedOut(method: "create_vm", seconds: 120, stderrTail: "")
            ))

        let advice = FailureAdvice.text(for: error, statePath: "s.json")

        #expect(advice.contains("'create_vm'"))
        #expect(advice.contains("120 s"))
        #expect(advice.contains("raise --cpi-timeout"))
    }

    @Test func anAgentThatNeverAnsweredNamesTheWaitAndTheFlag() {
        var silent = AgentError(
            endpoint: "https://mbus:<redacted>@127.0.0.2:6868",
            operation: "waiting for the agent to be ready (600 seconds allowed)",
            reason: .connectionRefused(detail: "refused"))
        silent.endedWaitForReadiness = true
        let error = ContextError(context: "Waiting for the agent on VM 'vm-1' to be ready", underlying: silent)

        let advice = FailureAdvice.text(for: error, statePath: "s.json")

        #expect(advice.contains("raise --agent-timeout"))
        #expect(String(describing: error).contains("Waiting for the agent on VM 'vm-1' to be ready"))
    }

    @Test func aWrongCertificateIsNotBlamedOnTheTimeout() {
        let rejected = AgentError(
            endpoint: "https://mbus:<redacted>@127.0.0.2:6868",
            operation: "waiting for the agent to be ready (600 seconds allowed)",
            reason: .certificateNotTrusted(detail: "unknown CA"))

        #expect(FailureAdvice.timeoutAdvice(for: rejected) == nil)
        #expect(!FailureAdvice.text(for: rejected, statePath: "s.json").contains("--agent-timeout"))
    }
}
