import DeployerSupport

/// The composition root's one seam: the interceptor that every CPI call, agent action and blob
/// transfer of the running command passes through. The shipped `deployer` passes them through
/// as they are; the test-only `deployer-with-faults` executable injects its faults there, so
/// none of that code is in the binary operators run.
enum CommandInterception {
    /// The interceptor of the running command (`DeployerCommand.runAndExit(_:interceptor:)`).
    @TaskLocal static var current: any CallInterceptor = PassThroughInterceptor()
}
