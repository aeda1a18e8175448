import DeployerCLI

/// The `deployer` executable: everything it does lives in the testable `DeployerCLI` library.
@main
enum Entrypoint {
    static func main() async {
        await DeployerCommand.runAndExit()
    }
}
