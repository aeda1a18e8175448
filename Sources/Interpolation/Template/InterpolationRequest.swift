/// Everything `deployer interpolate` was asked to do, as given on the command line.
public struct InterpolationRequest: Sendable, Hashable {
    /// The manifest (template) path; `-` reads standard input.
    public var manifestPath: String
    /// `-o` ops files, applied in order.
    public var opsFiles: [String]
    /// `-v`, `--var-file`, `-l`, `--vars-env`, `--vars-store`.
    public var variables: VariableFlags
    /// `--path`: a go-patch pointer to extract from the result.
    public var path: String?
    /// `--var-errs`.
    public var expectAllKeys: Bool
    /// `--var-errs-unused`.
    public var expectAllVarsUsed: Bool
    /// Whether variables generated for the vars store are written to it; false for a run that
    /// must change nothing (`deployer plan`).
    public var savesGeneratedVariables: Bool = true

    /// Creates a request.
    public init(
        manifestPath: String, opsFiles: [String] = [], variables: VariableFlags = VariableFlags(),
        path: String? = nil, expectAllKeys: Bool = false, expectAllVarsUsed: Bool = false
    ) {
        self.manifestPath = manifestPath
        self.opsFiles = opsFiles
        self.variables = variables
        self.path = path
        self.expectAllKeys = expectAllKeys
        self.expectAllVarsUsed = expectAllVarsUsed
    }
}
