import DeployerSupport
import Foundation
import GoYAML

/// Runs `bosh interpolate`: read the manifest and ops files, load the variable sources, apply
/// the ops, evaluate the variables, optionally extract `--path`, and render the result.
public struct Interpolator: Sendable {
    private let generator: any VariableGenerator
    private let environment: [String: String]
    private let standardInput: @Sendable () -> Data

    /// Creates an interpolator.
    ///
    /// - Parameters:
    ///   - generator: generates typed variables missing from the vars store.
    ///   - environment: the process environment, for `--vars-env`.
    ///   - standardInput: reads the manifest when its path is `-`.
    public init(
        generator: any VariableGenerator, environment: [String: String] = [:],
        standardInput: @escaping @Sendable () -> Data = { Data() }
    ) {
        self.generator = generator
        self.environment = environment
        self.standardInput = standardInput
    }

    /// The text `bosh int` prints for `request`: the YAML document, or with `--path` a string
    /// result raw plus a newline (other results as YAML).
    ///
    /// - Throws: errors worded as bosh-cli's (render them with `BoshErrorFormat`): file errors
    ///   name the file, ops errors the ops file and path, variable errors the variables.
    public func run(_ request: InterpolationRequest) throws -> String {
        try runReporting(request).text
    }

    /// `run`, also returning the names of the variables the vars store generated (and, with
    /// `savesGeneratedVariables`, wrote), in order.
    public func runReporting(_ request: InterpolationRequest) throws -> (text: String, generated: [String]) {
        // Read in bosh-cli's order, so that the first of several problems is the one it reports.
        let manifestBytes = try readManifest(request.manifestPath)
        let ops = try request.opsFiles.map(Self.loadOps)
        let variables = try request.variables.sources(
            environment: environment, generator: generator, savesGenerated: request.savesGeneratedVariables)
        let text = try evaluate(request, manifestBytes: manifestBytes, ops: ops, variables: variables)
        var generated: [String] = []
        for case let store as VarsFileStore in variables.sources { generated += store.generatedNames }
        return (text, generated)
    }

    private func evaluate(
        _ request: InterpolationRequest, manifestBytes: Data, ops: [Ops], variables: MultiVariables
    ) throws -> String {
        let pointer = try request.path.map { text in
            do {
                return try Pointer(text)
            } catch {
                throw VariableError.invalidFlag(
                    flag: "--path", expectedType: "patch.Pointer", reason: String(describing: error))
            }
        }
        // Read the store before anything else uses it so that a broken store is one clear error.
        for case let store as VarsFileStore in variables.sources {
            _ = try store.load()
        }

        var document = try withContext("Parsing manifest '\(request.manifestPath)'") {
            try YAMLCodec.parse(bytes: manifestBytes)
        }
        document = try Ops(concatenating: ops).apply(to: document)
        document = try TemplateEvaluator.evaluate(
            document, variables: variables,
            options: .init(expectAllKeys: request.expectAllKeys, expectAllVarsUsed: request.expectAllVarsUsed))

        guard let pointer else { return YAMLCodec.emit(document) }
        let found = try FindOp(path: pointer).apply(to: document)
        // Printing an indented multi-line string (an SSH key) is not useful: strings print raw.
        if case .string(let text) = found { return text + "\n" }
        return YAMLCodec.emit(found)
    }

    private func readManifest(_ path: String) throws -> Data {
        guard !path.isEmpty else { throw VariableError.invalidValue("Expected file path to be non-empty") }
        if path == "-" { return standardInput() }
        // bosh-cli's FileBytesArg: `~` is $HOME, relative paths are from the current directory.
        let absolute = try withContext("Getting absolute path '\(path)'") {
            try FileContents.expand(path, home: environment["HOME"])
        }
        return try FileContents.read(absolute)
    }

    /// One `-o` file: every op carries `operation [i] in <path> failed` as its description.
    static func loadOps(_ path: String) throws -> Ops {
        do {
            guard !path.isEmpty else { throw VariableError.invalidValue("Expected file path to be non-empty") }
            // Read as given, not `~`-expanded: bosh-cli's OpsFileArg reads the path as it is.
            let bytes = try withContext("Reading ops file '\(path)'") { try FileContents.read(path) }
            let node = try withContext("Deserializing ops file '\(path)'") { try YAMLCodec.parse(bytes: bytes) }
            do {
                return try Ops(yaml: node, source: path)
            } catch  where error.kind == .deserializing {
                throw ContextError(context: "Deserializing ops file '\(path)'", underlying: error)
            } catch {
                throw ContextError(context: "Building ops", underlying: error)
            }
        } catch {
            throw VariableError.invalidFlag(
                flag: "-o, --ops-file", expectedType: "[]opts.OpsFileArg", reason: String(describing: error))
        }
    }
}
