import ArgumentParser
import Foundation
import Interpolation

/// `deployer interpolate` (alias `int`): bosh-cli's `bosh interpolate`, same flags, same output,
/// same error texts.
public struct InterpolateCommand: AsyncParsableCommand, EventStreamCommand {
    public static let configuration = CommandConfiguration(
        commandName: "interpolate",
        abstract: "Interpolates variables and applies ops files to a YAML template, like `bosh int`.",
        aliases: ["int"]
    )

    @Argument(help: "Path to a template that will be interpolated ('-' for standard input).")
    var manifest: String

    @OptionGroup var variables: VariableOptions

    @Option(
        name: .customLong("path"),
        help: ArgumentHelp("Extract value out of template (e.g.: /private_key).", valueName: "OP-PATH"))
    var path: String?

    @Flag(name: .customLong("var-errs"), help: "Expect all variables to be found, otherwise error.")
    var varErrs = false

    @Flag(name: .customLong("var-errs-unused"), help: "Expect all variables to be used, otherwise error.")
    var varErrsUnused = false

    public init() {}

    /// The request these flags describe.
    var request: InterpolationRequest {
        InterpolationRequest(
            manifestPath: manifest, opsFiles: variables.opsFiles,
            variables: variables.variableFlags,
            path: path, expectAllKeys: varErrs, expectAllVarsUsed: varErrsUnused)
    }

    @OptionGroup var output: JSONOutputOption

    @OptionGroup var global: GlobalOptions

    var writesJSON: Bool { output.json }

    public func run() async throws {
        let interpolator = Interpolator(
            generator: BoshVariableGenerator(), environment: ProcessInfo.processInfo.environment,
            standardInput: { FileHandle.standardInput.readDataToEndOfFile() })
        let document: String
        do {
            document = try interpolator.run(request)
        } catch {
            throw CommandFailure(message: BoshErrorFormat.multiline(error))
        }
        if output.json {
            CommandOutput.current.eventStream().emit(.interpolated(output: document))
        } else {
            CommandOutput.current.standardOutput.write(document)
        }
    }
}
