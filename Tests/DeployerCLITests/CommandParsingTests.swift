import ArgumentParser
import Testing

@testable import DeployerCLI

@Suite struct CommandParsingTests {
    @Test func rootCommandIsNamedDeployer() {
        #expect(DeployerCommand.configuration.commandName == "deployer")
    }
}
