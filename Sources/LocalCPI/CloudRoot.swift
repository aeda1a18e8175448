import CPIProtocol
import DeployerSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The local cloud's files under its root directory:
///
/// ```
/// <root>/.lock                          flock held by every call that reads or changes resources
/// <root>/stemcells/<cid>/stemcell.json  record (written last)      image/  the unpacked image
/// <root>/vms/<cid>/vm.json              record (written last)      settings.json  agent settings
///                 agent.log             the agent's stdout/stderr  (the rest is the agent's /var/vcap)
/// <root>/disks/<cid>/disk.json          record (written last)      data/  what the VM mounts
/// ```
///
/// A resource exists from the moment its directory does; its record is written atomically
/// once the resource is complete. A crash in between leaves a directory without a record,
/// which `list` reports as incomplete and the delete methods remove like any other.
struct CloudRoot: Sendable {
    /// The kinds of resources, by their directory name.
    enum Kind: String, Sendable, CaseIterable {
        case stemcells, vms, disks

        /// The record file's name inside a resource directory.
        var recordName: String {
            switch self {
            case .stemcells: return "stemcell.json"
            case .vms: return "vm.json"
            case .disks: return "disk.json"
            }
        }

        /// The prefix of new CIDs.
        var cidPrefix: String {
            switch self {
            case .stemcells: return "stemcell-"
            case .vms: return "vm-"
            case .disks: return "disk-"
            }
        }
    }

    /// The root directory (absolute).
    let path: String

    func directory(_ kind: Kind) -> String { path + "/" + kind.rawValue }

    /// The resource directory of `cid`, or nil when `cid` cannot name one (empty, `/`, `..`...).
    func resource(_ kind: Kind, _ cid: String) -> String? {
        guard Self.isValidCID(cid) else { return nil }
        return directory(kind) + "/" + cid
    }

    func record(_ kind: Kind, _ cid: String) -> String? {
        resource(kind, cid).map { $0 + "/" + kind.recordName }
    }

    /// A fresh CID for `kind`.
    func newCID(_ kind: Kind) -> String {
        kind.cidPrefix + UUID().uuidString.lowercased()
    }

    /// CIDs are file names: letters, digits, `.`, `_`, `-`, not starting with a dot.
    static func isValidCID(_ cid: String) -> Bool {
        guard !cid.isEmpty, cid.utf8.count <= 200, !cid.hasPrefix(".") else { return false }
        return cid.unicodeScalars.allSatisfy { scalar in
            (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
                || scalar == "." || scalar == "_" || scalar == "-"
        }
    }

    /// Whether the resource directory of `cid` exists (complete or not).
    func exists(_ kind: Kind, _ cid: String) -> Bool {
        guard let directory = resource(kind, cid) else { return false }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Every resource directory of `kind`, sorted.
    func cids(_ kind: Kind) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory(kind))) ?? []
        return names.filter { Self.isValidCID($0) && exists(kind, $0) }.sorted()
    }

    /// Creates the root and the kind directories.
    func prepare() throws {
        for directory in [path] + Kind.allCases.map(directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw LocalCPIError("Creating directory '\(directory)': \(error.localizedDescription)")
            }
        }
    }

    /// Reads the record of `cid`; nil when it has none (missing or incomplete resource).
    /// - Throws: `LocalCPIError` when the record exists but cannot be decoded.
    func read<Record: Decodable>(_ type: Record.Type, _ kind: Kind, _ cid: String) throws -> Record? {
        guard let file = record(kind, cid), let data = FileManager.default.contents(atPath: file) else { return nil }
        do {
            return try JSONDecoder().decode(Record.self, from: data)
        } catch {
            throw LocalCPIError("Reading record '\(file)': it is not a valid \(kind.recordName)")
        }
    }

    /// Writes the record of `cid` atomically.
    /// - Throws: `LocalCPIError` naming the file.
    func write<Record: Encodable>(_ record: Record, _ kind: Kind, _ cid: String) throws {
        guard let file = self.record(kind, cid) else { throw LocalCPIError("invalid CID '\(cid)'") }
        try Self.writeJSON(record, to: file)
    }

    /// Removes a resource: the record first, so an interrupted removal leaves an incomplete
    /// resource that a second delete finishes.
    func remove(_ kind: Kind, _ cid: String) throws {
        guard let directory = resource(kind, cid), let file = record(kind, cid) else { return }
        if unlink(file) != 0, errno != ENOENT {
            throw LocalCPIError("Removing '\(file)': \(String(cString: strerror(errno)))")
        }
        do {
            try FileManager.default.removeItem(atPath: directory)
        } catch {
            throw LocalCPIError("Removing '\(directory)': \(error.localizedDescription)")
        }
    }

    /// Encodes `value` as sorted JSON and writes it atomically (mode 0600).
    static func writeJSON<Value: Encodable>(_ value: Value, to file: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw LocalCPIError("Encoding '\(file)': \(error)")
        }
        do {
            try AtomicFile.write(data, to: file)
        } catch {
            throw LocalCPIError("\(error)")
        }
    }

    /// Runs `body` holding the exclusive `flock` on `<root>/.lock`, creating the root first.
    /// Every call of every `local-cpi` process on this root is serialized by it.
    func withLock<T>(_ body: () async throws -> T) async throws -> T {
        try prepare()
        let lockPath = path + "/.lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LocalCPIError("Opening lock '\(lockPath)': \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw LocalCPIError("Locking '\(lockPath)': \(String(cString: strerror(errno)))")
            }
        }
        defer { flock(fd, LOCK_UN) }
        return try await body()
    }
}
