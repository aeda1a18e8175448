import CPIProtocol
import Deployer
import DeployerSupport
import DeployerTestSupport
import Foundation
import Interpolation
import Testing

@testable import DeployerCLI

/// The error text after `<command> failed:` and what an interrupt says about the cloud.
@Suite struct FailureMessageTests {
    @Test func missingVariablesAreBulletedAsBoshCLIPrintsThem() {
        let error = ContextError(
            context: "Validating", underlying: VariableError.expectations(missing: ["az", "subnet_id"], unused: []))
        #expect(
            FailureMessage.detail(for: error)
                == "Validating:\n  - Expected to find variables:\n      - az\n      - subnet_id")
    }

    @Test func manifestValidationProblemsAreBulletedUnderTheirStage() {
        let problems = [
            ManifestProblem(.deploymentValidation, at: "jobs[0].name", "must be provided"),
            ManifestProblem(.deploymentValidation, at: "networks[0].type", "must be 'manual', 'dynamic' or 'vip'"),
        ]
        let error = ContextError(
            context: "Validating", underlying: ManifestError.invalid(file: "/m/bosh.yml", problems: problems))
        #expect(
            FailureMessage.detail(for: error) == """
                Validating:
                  Validating deployment manifest:
                    - jobs[0].name must be provided
                    - networks[0].type must be 'manual', 'dynamic' or 'vip'
                """)
    }

    @Test func parsingStagesNestTheirContexts() {
        let error = ManifestError.invalid(
            file: "/m/bosh.yml",
            problems: [
                ManifestProblem(.installationValidation, at: "cloud_provider.template.name", "must be provided")
            ])
        #expect(
            FailureMessage.detail(for: error) == """
                Parsing installation manifest '/m/bosh.yml':
                  Validating installation manifest:
                    - cloud_provider.template.name must be provided
                """)
    }

    @Test func anErrorWithoutAListStaysOnOneLine() {
        let error = ContextError(
            context: "Deploying", underlying: ContextError(context: "Creating VM", underlying: Boom()))
        #expect(FailureMessage.detail(for: error) == "Deploying: Creating VM: boom")
    }

    @Test func anInterruptBeforeAnythingWasCreatedSaysSo() throws {
        let scratch = try TemporaryDirectory("interrupt")
        let path = scratch.path + "/s.json"
        let text = FailureMessage.afterInterrupt(statePath: path)
        #expect(text.contains("nothing was created in the cloud yet"), "\(text)")
        #expect(!text.contains("records every cloud resource"))
        try FileStateStore.encodeState(DeploymentState(directorID: "d", installationID: "i"), path: path)
            .write(to: URL(fileURLWithPath: path))
        #expect(FailureMessage.afterInterrupt(statePath: path).contains("nothing was created in the cloud yet"))
    }

    @Test func anInterruptAfterResourcesWereRecordedNamesThem() throws {
        let scratch = try TemporaryDirectory("interrupt")
        let path = scratch.path + "/s.json"
        var state = DeploymentState(directorID: "d", installationID: "i")
        _ = try state.recordStemcell(id: "s1", name: "st", version: "1", apiVersion: 2, cid: StemcellCID("sc-1"))
        try FileStateStore.encodeState(state, path: path).write(to: URL(fileURLWithPath: path))
        let text = FailureMessage.afterInterrupt(statePath: path)
        #expect(
            text.hasPrefix("The state file '\(path)' records stemcell 'sc-1': run the same command again"), "\(text)")
    }

    @Test func anInterruptDuringACreateCallSaysTheCloudMayHoldItsResource() throws {
        let scratch = try TemporaryDirectory("interrupt")
        let path = scratch.path + "/s.json"
        var state = DeploymentState(directorID: "d", installationID: "i")
        state.deployer.pendingCreations = [.stemcell("st/1", startedAt: "2026-12-07T14:00:00Z")]
        try FileStateStore.encodeState(state, path: path).write(to: URL(fileURLWithPath: path))
        let text = FailureMessage.afterInterrupt(statePath: path)
        #expect(!text.contains("nothing was created"), "\(text)")
        #expect(text.contains("A create_stemcell call was running: the cloud may hold what it made"), "\(text)")
    }

    private struct Boom: Error, CustomStringConvertible {
        var description: String { "boom" }
    }
}
