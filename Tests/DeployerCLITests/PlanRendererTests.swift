import CPIProtocol
import Deployer
import DeployerCLI
import DeployerSupport
import Testing

@Suite struct PlanRendererTests {
    @Test func anUpToDateDeploymentGetsBoshCLIsLine() {
        #expect(PlanRenderer.text(.noChanges) == "No deployment, stemcell or release changes. Skipping deploy.\n")
    }

    @Test func changesAreNumberedWithTheirReasons() {
        let plan = Plan.changes([
            PlanStep(.createVM(instance: "bosh/0"), reasons: ["no VM in state"]),
            PlanStep(.createDisk(size: 2048), reasons: ["no persistent disk in state", "2048 MiB requested"]),
        ])
        #expect(
            PlanRenderer.text(plan) == """
                Planned changes:
                  1. VM will be created: no VM in state
                  2. disk will be created: no persistent disk in state; 2048 MiB requested

                """)
    }

    @Test func cleanUpOfAnUpToDateDeploymentFollowsTheSkipLine() {
        let plan = Plan(
            isUpToDate: true,
            steps: [
                PlanStep(
                    .deleteUnusedStemcell(name: "st", version: "0.9", cid: StemcellCID("sc-0")),
                    reasons: ["not the current stemcell"])
            ])
        #expect(
            PlanRenderer.text(plan) == """
                No deployment, stemcell or release changes. Skipping deploy.
                Clean-up left by an earlier run:
                  1. unused stemcell 'st/0.9' (cid 'sc-0') will be deleted: not the current stemcell

                """)
    }

    @Test func renderWritesTheTextToAnOutput() {
        let output = CollectingOutput()
        PlanRenderer.render(
            .changes([PlanStep(.createVM(instance: "bosh/0"), reasons: ["no VM in state"])]), to: output)
        #expect(output.text == "Planned changes:\n  1. VM will be created: no VM in state\n")
    }
}
