import CPIProtocol
import DeployerSupport
import Foundation

/// The entry point: `local-cpi [--config PATH]` answers one CPI request from stdin;
/// `local-cpi list [--root DIR | --config PATH]` (alias `inventory`) prints the inventory.
enum LocalCPIMain {
    static let usage = """
        usage: local-cpi [--config PATH]                      one CPI request on stdin, response on stdout
               local-cpi list [--root DIR | --config PATH]    inventory of stemcells, VMs and disks as JSON
        """

    /// - Returns: the process exit status (0 after any CPI answer, 64 for bad arguments).
    static func run(arguments: [String], environment: [String: String]) async -> Int32 {
        var arguments = arguments
        let listing = arguments.first == "list" || arguments.first == "inventory"
        if listing { arguments.removeFirst() }
        let options: [String: String]
        do {
            options = try NamedOptions.parse(arguments, allowed: listing ? ["--root", "--config"] : ["--config"])
        } catch {
            printError("local-cpi: \(error)\n\(usage)")
            return 64
        }
        let configuration = loadConfiguration(explicitPath: options["--config"], environment: environment)
        if listing { return await list(root: options["--root"], configuration: configuration) }
        let request = (try? FileHandle.standardInput.readToEnd()) ?? Data()
        // The test switch of docs/local-cloud.md ("Injecting faults"); no plan file, no effect.
        let injected: Data? =
            if case .success(let config) = configuration {
                await CPIFaultInjector(root: config.rootDirectory).intercept(request)
            } else {
                nil
            }
        let response =
            if let injected {
                injected
            } else {
                await CPIServer(cloud: LocalCloud(configuration: configuration)).respond(to: request)
            }
        do {
            try FileHandle.standardOutput.write(contentsOf: response)
            return 0
        } catch {
            return 1
        }
    }

    /// The configuration, or why it is unusable (every CPI call but `info` reports it).
    static func loadConfiguration(
        explicitPath: String?, environment: [String: String]
    ) -> Result<
        LocalCPIConfig, LocalCPIError
    > {
        do {
            let path = try LocalCPIConfig.locate(explicitPath: explicitPath, environment: environment)
            return .success(try LocalCPIConfig.load(path: path))
        } catch let error as LocalCPIError {
            return .failure(error)
        } catch {
            return .failure(LocalCPIError("\(error)"))
        }
    }

    private static func list(
        root explicitRoot: String?, configuration: Result<LocalCPIConfig, LocalCPIError>
    ) async
        -> Int32
    {
        let rootPath: String
        if let explicitRoot, !explicitRoot.isEmpty {
            rootPath = (explicitRoot as NSString).standardizingPath
        } else {
            switch configuration {
            case .success(let config): rootPath = config.rootDirectory
            case .failure(let error):
                printError("local-cpi list: \(error)")
                return 1
            }
        }
        guard rootPath.hasPrefix("/") else {
            printError("local-cpi list: --root must be an absolute path, got '\(rootPath)'")
            return 64
        }
        let root = CloudRoot(path: rootPath)
        do {
            let inventory = try await root.withLock { Inventory(root: root).collect() }
            FileHandle.standardOutput.write(Data((inventory.jsonText + "\n").utf8))
            return 0
        } catch {
            printError("local-cpi list: \(error)")
            return 1
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
