import DeployerSupport
import Foundation
import Interpolation

/// The state file on disk, bosh-cli compatible: read once, then rewritten atomically (temporary
/// file, fsync, rename; the previous version kept as `<file>.bak`, mode 0600) after every
/// change, while `<file>.lock` keeps a second run out.
public actor FileStateStore: StateStore {
    /// The state file's path.
    public nonisolated let path: String
    private let makeID: @Sendable () -> String
    private var heldLock: FileLock?
    private var loaded: DeploymentState?

    /// A store for the state file at `path`.
    /// - Parameters:
    ///   - path: the state file (need not exist yet).
    ///   - idGenerator: makes record ids and fresh director/installation ids (tests inject a
    ///     deterministic one).
    public init(path: String, idGenerator: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }) {
        self.path = path
        self.makeID = idGenerator
    }

    /// A store at bosh-cli's location for `manifestPath`, or at `statePath` when given.
    public init(
        manifestPath: String, statePath: String? = nil,
        idGenerator: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.init(path: Self.statePath(forManifest: manifestPath, explicit: statePath), idGenerator: idGenerator)
    }

    /// bosh-cli's location rule: `explicit` when given (as is: `--state` is not expanded),
    /// else `<manifest dir>/<manifest file name minus extension>-state.json`, where a manifest
    /// path starting with `~` counts from `home` as bosh-cli's manifest argument does.
    ///
    /// - Parameters:
    ///   - manifestPath: the manifest argument as given.
    ///   - explicit: `--state`.
    ///   - home: `$HOME`; without it a `~` manifest path is left as it is.
    public static func statePath(
        forManifest manifestPath: String, explicit: String? = nil,
        home: String? = ProcessInfo.processInfo.environment["HOME"]
    ) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        let manifestPath = (try? FileContents.replacingHome(in: manifestPath, home: home)) ?? manifestPath
        let slash = manifestPath.lastIndex(of: "/")
        let directory = slash.map { String(manifestPath[..<$0]) }
        var base = slash.map { String(manifestPath[manifestPath.index(after: $0)...]) } ?? manifestPath
        // Go's filepath.Ext: from the last dot of the last path element.
        if let dot = base.lastIndex(of: ".") { base = String(base[..<dot]) }
        let name = "\(base)-state.json"
        switch directory {
        case nil, ".": return name
        case "": return "/" + name
        case let directory?: return "\(directory)/\(name)"
        }
    }

    /// Where the previous version of the state is kept.
    public nonisolated var backupPath: String { path + ".bak" }

    /// Whether this store holds the lock.
    public var isLocked: Bool { heldLock?.isLocked ?? false }

    public nonisolated func newRecordID() -> String { makeID() }

    // MARK: Lock

    public func lock() throws {
        if isLocked { return }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StateError.unreadable(
                    path: path,
                    reason: "cannot create directory '\(directory)': "
                        + SystemErrorText.reason(for: error, path: directory))
            }
        }
        if FileKind(following: path) == .directory {
            throw StateError.unreadable(path: path, reason: "it is a directory; --state must name a file")
        }
        do {
            heldLock = try FileLock.acquire(for: path)
        } catch {
            throw StateError.lockFailed(error)
        }
    }

    public func unlock() {
        heldLock?.unlock()
        heldLock = nil
    }

    // MARK: Load

    public func load() throws -> DeploymentState {
        var state = try readState()
        // bosh-cli fills these on first use (initDefaults, TargetProvider); a hand-written
        // recovery file may lack them too.
        if state.directorID.isEmpty { state.directorID = makeID() }
        if state.installationID.isEmpty { state.installationID = makeID() }
        loaded = state
        return state
    }

    public func current() throws -> DeploymentState {
        guard let loaded else { throw StateError.notLoaded(path: path, operation: "Reading deployment state") }
        return loaded
    }

    private func readState() throws -> DeploymentState {
        guard FileManager.default.fileExists(atPath: path) else {
            return DeploymentState(directorID: "", installationID: "")
        }
        let data: Data
        do {
            data = try PlainFile.read(path)
        } catch {
            let reason = error.isDirectory ? "it is a directory; --state must name a file" : error.reason
            throw StateError.unreadable(path: path, reason: reason)
        }
        return try Self.decodeState(data, path: path)
    }

    // MARK: Save

    public func save(_ state: DeploymentState) throws {
        try write(state, operation: "Saving deployment state")
    }

    public func update<T: Sendable>(_ change: @Sendable (inout DeploymentState) throws -> T) throws -> T {
        var state = try current()
        let result = try change(&state)
        try write(state, operation: "Saving deployment state")
        return result
    }

    /// Writes a state that did not come from this file (a migrated legacy state).
    func replace(with state: DeploymentState) throws {
        guard isLocked else { throw StateError.notLocked(path: path, operation: "Saving deployment state") }
        try encodeAndWrite(state)
    }

    private func write(_ state: DeploymentState, operation: String) throws {
        guard isLocked else { throw StateError.notLocked(path: path, operation: operation) }
        // Only a successfully loaded state may be replaced: a corrupt file is never overwritten.
        guard loaded != nil else { throw StateError.notLoaded(path: path, operation: operation) }
        try encodeAndWrite(state)
    }

    private func encodeAndWrite(_ state: DeploymentState) throws {
        var state = state
        state.deployer.schemaVersion = DeployerStateMetadata.currentSchemaVersion
        let data = try Self.encodeState(state, path: path)
        do {
            try AtomicFile.write(data, to: path, mode: 0o600, keepBackup: true)
        } catch let error as FileWriteError {
            throw StateError.writeFailed(path: path, underlying: error)
        }
        loaded = state
    }

    // MARK: Remove

    public func removeFile() throws {
        guard isLocked else { throw StateError.notLocked(path: path, operation: "Removing deployment state") }
        // The backup goes too: it would list resources that no longer exist, and a later
        // "restore the .bak" would bring them back as if they did (bosh-cli keeps no backup).
        for file in [path, backupPath] where FileKind(of: file) != .missing {
            do {
                try FileManager.default.removeItem(atPath: file)
            } catch {
                throw StateError.removeFailed(path: file, reason: SystemErrorText.reason(for: error, path: file))
            }
        }
        loaded = nil
    }
}
