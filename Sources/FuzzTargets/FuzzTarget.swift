/// A parser of untrusted input that the fuzzer drives, with its entry point.
///
/// Every entry point takes raw bytes, hands them to the project's real parser the way the tool
/// reads that input, and then uses the result the way the tool does next (validation, error
/// descriptions, re-encoding). Thrown errors are expected; a trap, a crash or a hang is a bug.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A create-env manifest: YAML codec, `((variable))` evaluation, `ManifestParser` + validator.
    case manifest
    /// A go-patch ops file (`-o`): YAML codec, `Ops(yaml:source:)`, then applied.
    case opsFile = "ops-file"
    /// A vars store / vars file (`--vars-store`, `-l`): `VarsFileStore` over the bytes.
    case varsFile = "vars-file"
    /// A release tarball's `release.MF`.
    case releaseManifest = "release-mf"
    /// A job's spec (`job.MF` in a job tarball, `jobs/<name>/spec` in a release directory).
    case jobSpec = "job-spec"
    /// A package's `spec` in a release directory.
    case packageSpec = "package-spec"
    /// A stemcell tarball's `stemcell.MF`.
    case stemcellManifest = "stemcell-mf"
    /// A CPI's stdout (`{"result":…,"error":…,"log":…}`).
    case cpiResponse = "cpi-response"
    /// An agent's HTTP response body (`{"value":…}` / `{"exception":…}`) and the typed values
    /// the client reads from it.
    case agentResponse = "agent-response"
    /// A deployment state file (`<manifest>-state.json`).
    case stateFile = "state-file"
    /// bosh-micro's legacy `bosh-deployments.yml`, migrated on first create-env.
    case legacyState = "legacy-state"

    /// The largest input worth trying: real files of this kind are small, and a bound keeps
    /// the fuzzer from spending its time on megabyte inputs.
    public var maxLength: Int {
        switch self {
        case .manifest, .stateFile: 16_384
        case .cpiResponse, .agentResponse, .packageSpec, .legacyState: 4_096
        default: 8_192
        }
    }

    /// Runs one input through this target's parser. Never throws; must never crash.
    /// - Parameter input: the raw bytes, as read from a file, a pipe or a socket.
    /// - Returns: broken invariants the entry point checks beyond "no crash" (e.g. a state
    ///   that loads must save and load back equal); empty when all is well.
    @discardableResult
    public func run(_ input: [UInt8]) -> [String] {
        switch self {
        case .manifest: ManifestFuzzer.run(input)
        case .opsFile: OpsFileFuzzer.run(input)
        case .varsFile: VarsFileFuzzer.run(input)
        case .releaseManifest: ReleaseArtifactFuzzer.runReleaseManifest(input)
        case .jobSpec: ReleaseArtifactFuzzer.runJobSpec(input)
        case .packageSpec: ReleaseArtifactFuzzer.runPackageSpec(input)
        case .stemcellManifest: ReleaseArtifactFuzzer.runStemcellManifest(input)
        case .cpiResponse: CPIResponseFuzzer.run(input)
        case .agentResponse: AgentResponseFuzzer.run(input)
        case .stateFile: return StateFileFuzzer.run(input)
        case .legacyState: StateFileFuzzer.runLegacy(input)
        }
        return []
    }
}
