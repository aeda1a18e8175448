import AgentProtocol
import Dispatch
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Starts the agent: reads options and settings, serves the mbus until SIGTERM or SIGINT,
/// then cancels running tasks and stops every job process before exiting.
enum LocalAgentMain {
    /// - Returns: the process exit code (0 after a signal, 1 on start-up failure, 64 for
    ///   bad command-line arguments).
    static func run(arguments: [String]) async -> Int32 {
        let options: AgentOptions
        do {
            options = try AgentOptions(arguments: arguments)
        } catch {
            printError("\(error)\n\(AgentOptions.usage)")
            return 64
        }
        do {
            let serve = try await start(options)
            // Until here SIGTERM simply ends the process: there is nothing to clean up yet.
            return await serve(terminationSignalSources())
        } catch {
            printError("\(error)")
            return 1
        }
    }

    /// Builds every service; returns the function that serves until a signal.
    private static func start(
        _ options: AgentOptions
    ) async throws -> @Sendable ([any DispatchSourceSignal]) async -> Int32 {
        let layout = VMLayout(root: options.vmDirectory)
        try layout.createBaseDirectories()
        let handler = try FileLogHandler(path: layout.logFile, label: "local-agent")
        let logger = Logger(label: "local-agent") { _ in handler }
        let settings: AgentSettings
        let listen: MbusListenConfiguration
        do {
            var loaded = try AgentSettings.load(path: options.settingsPath)
            if let data = FileManager.default.contents(atPath: layout.updateSettingsFile),
                let update = try? JSONDecoder().decode(AgentJSON.self, from: data)
            {
                loaded.applyUpdate(update)
            }
            settings = loaded
            listen = try MbusListenConfiguration(url: settings.mbusURL)
        } catch {
            logger.critical("cannot start: \(error)")
            throw error
        }
        let sslContext = try MbusServer.makeSSLContext(
            certificatePEM: settings.certificatePEM, privateKeyPEM: settings.privateKeyPEM)
        let blobstore = LocalBlobstore(layout: layout)
        let context = AgentContext(
            layout: layout, settingsPath: options.settingsPath, settings: settings, blobstore: blobstore,
            specStore: SpecStore(layout: layout), supervisor: JobSupervisor(layout: layout, logger: logger),
            disks: try DiskManager(layout: layout, settingsPath: options.settingsPath), tasks: TaskQueue(),
            logger: logger)
        let server = MbusServer(
            configuration: listen, sslContext: sslContext,
            connection: MbusConnection(
                configuration: listen, dispatcher: ActionDispatcher(context: context), blobstore: blobstore,
                logger: logger),
            logger: logger)
        logger.info("starting agent \(settings.agentID) in '\(layout.root)'")

        return { sources in
            let signals = AsyncStream<Int32> { continuation in
                for source in sources {
                    let number = Int32(source.handle)
                    source.setEventHandler { continuation.yield(number) }
                    source.resume()
                }
            }
            let outcome = await withTaskGroup(of: String?.self) { group in
                group.addTask {
                    do {
                        try await server.run {
                            printError("local-agent: listening on \(listen.redactedURL)")
                        }
                        return "the listener stopped"
                    } catch is CancellationError {
                        return nil
                    } catch {
                        return "\(error)"
                    }
                }
                group.addTask {
                    for await number in signals {
                        logger.info("received signal \(number), shutting down")
                        return nil
                    }
                    return nil
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
            await context.tasks.cancelAll()
            do {
                try await context.supervisor.stopAll()
            } catch {
                logger.error("stopping jobs at shutdown: \(error)")
            }
            if let outcome {
                logger.critical("exiting: \(outcome)")
                printError("local-agent: \(outcome)")
                return 1
            }
            logger.info("stopped")
            return 0
        }
    }

    /// SIGTERM and SIGINT are handled by dispatch sources instead of killing the process.
    /// The sources are resumed at once by the caller (releasing a suspended one traps).
    private static func terminationSignalSources() -> [any DispatchSourceSignal] {
        [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            return DispatchSource.makeSignalSource(signal: number, queue: DispatchQueue.global())
        }
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
