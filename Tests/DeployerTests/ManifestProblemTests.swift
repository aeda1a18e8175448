import Testing
@testable import Deployer

@Suite struct ManifestProblemTests {
    @Test func descriptionJoinsPathAndMessage() {
        #expect(ManifestProblem(path: "resource_pools[0].network", message: "must be provided").description
            == "resource_pools[0].network must be provided")
        #expect(ManifestProblem(path: "", message: "Manifest is empty").description == "Manifest is empty")
    }
}
