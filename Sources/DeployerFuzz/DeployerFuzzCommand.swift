/// `deployer-fuzz`: one binary for every fuzz target, chosen by `DEPLOYER_FUZZ_TARGET`.
///
/// Built by `scripts/fuzz` (`-sanitize=fuzzer -D DEPLOYER_LIBFUZZER`) it is a libFuzzer
/// binary and takes libFuzzer's options; in the ordinary build it replays saved inputs.
@main
enum DeployerFuzzCommand {
    static func main() {
        #if DEPLOYER_LIBFUZZER
        LibFuzzerDriver.run()
        #else
        ReplayRunner.run(arguments: Array(CommandLine.arguments.dropFirst()))
        #endif
    }
}
