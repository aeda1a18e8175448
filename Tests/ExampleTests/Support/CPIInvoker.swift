import DeployerSupport
import Foundation
import ReleaseCompiler

/// Sends CPI requests (API v2) through an installed CPI's `bin/cpi`, as the deployer does.
struct CPIInvoker: Sendable {
    let installation: CPIInstallation

    /// Sends one request and returns its `result`.
    /// - Throws: `ExampleTestError` naming the method for a crash or a CPI error.
    @discardableResult
    func call(_ method: String, _ arguments: [Any]) async throws -> Any? {
        let request: [String: Any] = [
            "method": method, "arguments": arguments, "context": ["director_uuid": "example-tests"], "api_version": 2,
        ]
        let input = try JSONSerialization.data(withJSONObject: request)
        let result = try await ProcessRunner().run(
            .init(
                executable: installation.executable, environment: .inherit(overrides: installation.environment),
                standardInput: Array(input), timeout: .seconds(60)))
        guard result.exitStatus.isSuccess,
            let response = try JSONSerialization.jsonObject(with: Data(result.standardOutput)) as? [String: Any]
        else { throw ExampleTestError("\(method): \(result.exitStatus): \(result.standardErrorText)") }
        if let error = response["error"] as? [String: Any] {
            throw ExampleTestError("\(method) failed: \(error["type"] ?? "?"): \(error["message"] ?? "?")")
        }
        return response["result"]
    }

    /// Installs the CPI release built with the real `local-cpi` binary, rooted at `root`.
    static func installRealCPI(
        in scratch: ScratchDirectory, root: String, mbus: String? = nil
    ) async throws -> CPIInvoker {
        let built = try await ExampleReleases.buildCPI(in: scratch, binaryPath: ExampleFiles.builtBinary("local-cpi"))
        let installer = CPIInstaller(
            compiler: PackageCompiler(
                store: PackageStore(root: scratch.at("packages")), workDirectory: scratch.at("work")))
        var properties: [String: PropertyValue] = ["local_cpi": .object(["root_dir": .string(root)])]
        if let mbus { properties["agent"] = .object(["mbus": .string(mbus)]) }
        let installation = try await installer.installCPI(
            jobs: [CPIJobSource(release: "local-cpi", tarball: built.tarball, job: "local_cpi")],
            properties: .object(properties),
            deploymentName: "local-notes", installationDirectory: scratch.at("installation"))
        return CPIInvoker(installation: installation)
    }
}
