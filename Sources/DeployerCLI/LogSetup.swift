import ArgumentParser
import Foundation
import Logging

/// The debug log of a run: its level and file from the flags and bosh-cli's variables.
enum LogSetup {
    /// The run's logger: silent, on stderr, or into the log file.
    /// - Throws: `ValidationError` for an unknown level or a log file that cannot be written.
    static func logger(options: DeployOptions, environment: [String: String]) throws -> Logger {
        let (level, path) = try logSettings(options: options, environment: environment)
        guard let level else {
            // bosh-cli opens BOSH_LOG_PATH even when nothing will be logged to it.
            if let path { _ = try logSink(path: path.file, append: path.append) }
            return Logger(label: "deployer") { _ in SwiftLogNoOpLogHandler() }
        }
        var logger: Logger
        if let path {
            let sink = try logSink(path: path.file, append: path.append)
            logger = Logger(label: "deployer") { DeployLogHandler(label: $0, sink: sink) }
        } else {
            logger = Logger(label: "deployer") { StreamLogHandler.standardError(label: $0) }
        }
        logger.logLevel = level
        return logger
    }

    /// The log level and file of this run: `--log-level`, else `DEPLOYER_LOG_LEVEL`, else
    /// bosh-cli's `BOSH_LOG_LEVEL` (its five levels, any case; none by default, but debug with
    /// `--log-file`); `--log-file` (written anew), else `BOSH_LOG_PATH` (appended to, as
    /// bosh-cli does). The file is created with mode 0600 either way: a debug log names hosts
    /// and paths that are not for everyone.
    /// - Throws: `ValidationError` for an unknown level, naming where it came from.
    static func logSettings(
        options: DeployOptions, environment: [String: String]
    )
        throws -> (level: Logger.Level?, path: (file: String, append: Bool)?)
    {
        let boshPath = environment["BOSH_LOG_PATH"].flatMap { $0.isEmpty ? nil : $0 }
        let path = options.logFile.map { (file: $0, append: false) } ?? boshPath.map { (file: $0, append: true) }
        if let text = options.logLevel ?? environment["DEPLOYER_LOG_LEVEL"].flatMap({ $0.isEmpty ? nil : $0 }) {
            switch text.lowercased() {
            case "none", "": return (nil, path)
            case "debug": return (.debug, path)
            case "info": return (.info, path)
            case "warn", "warning": return (.warning, path)
            case "error": return (.error, path)
            default: throw ValidationError("Unknown log level '\(text)'; use debug, info, warn, error or none")
            }
        }
        if let text = environment["BOSH_LOG_LEVEL"], !text.isEmpty {
            switch text.uppercased() {
            case "DEBUG": return (.debug, path)
            case "INFO": return (.info, path)
            case "WARN": return (.warning, path)
            case "ERROR": return (.error, path)
            case "NONE": return (nil, path)
            default:
                // bosh-utils' Levelify, wrapped as bosh-cli's main.go wraps it.
                throw ValidationError(
                    "Invalid BOSH_LOG_LEVEL value: unknown LogLevel string '\(text)', expected one of [DEBUG, INFO, WARN, ERROR, NONE]"
                )
            }
        }
        return (options.logFile == nil ? nil : .debug, path)
    }

    static func logSink(path: String, append: Bool) throws -> DeployLogHandler.Sink {
        do {
            return try DeployLogHandler.Sink(path: path, append: append)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
