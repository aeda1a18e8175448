import Crypto
import DeployerSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The secret that keys `ManifestFingerprint`: 32 random bytes in
/// `<deployer home>/keys/manifest-fingerprint`, mode 0600, made by the first deploy that
/// records a fingerprint. It never goes into a state file, a log or the output.
public struct ManifestFingerprintKey: Sendable {
    private let key: SymmetricKey

    /// A key over `bytes` (tests; the file's content otherwise).
    public init(bytes: Data) {
        key = SymmetricKey(data: bytes)
    }

    /// The key's file under `home`.
    public static func path(home: String) -> String { home + "/keys/manifest-fingerprint" }

    /// A name for the key that does not give it back: the first 64 bits of
    /// HMAC-SHA256(key, "key id"), in hex.
    public var id: String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Data("key id".utf8), using: key).prefix(8))
    }

    /// HMAC-SHA256 of `data`, its first 128 bits in hex.
    func digest(_ data: Data) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: data, using: key).prefix(16))
    }

    /// The key this machine already has, or nil: `plan` never makes one.
    /// - Throws: `ManifestFingerprintKeyError` when the file exists but cannot be read or is
    ///   not 32 bytes.
    public static func existing(home: String) throws(ManifestFingerprintKeyError) -> ManifestFingerprintKey? {
        let path = path(home: home)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw ManifestFingerprintKeyError(path: path, problem: "cannot be read")
        }
        guard bytes.count == 32 else {
            throw ManifestFingerprintKeyError(
                path: path, problem: "holds \(bytes.count) bytes, not 32; delete it to make a new key")
        }
        return ManifestFingerprintKey(bytes: bytes)
    }

    /// The key this machine has, made first when there is none. Two runs making it at once
    /// agree on one: the file appears whole through `link(2)`, which never replaces.
    /// - Throws: `ManifestFingerprintKeyError` naming the file.
    public static func existingOrNew(home: String) throws(ManifestFingerprintKeyError) -> ManifestFingerprintKey {
        if let key = try existing(home: home) { return key }
        let path = path(home: home)
        let directory = (path as NSString).deletingLastPathComponent
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let temporary = directory + "/.manifest-fingerprint-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try AtomicFile.write(bytes, to: temporary, mode: 0o600)
        } catch {
            throw ManifestFingerprintKeyError(path: path, problem: "cannot be written (\(Self.reason(of: error)))")
        }
        defer { unlink(temporary) }
        if link(temporary, path) != 0 && errno != EEXIST {
            throw ManifestFingerprintKeyError(
                path: path, problem: "cannot be written (\(String(cString: strerror(errno))))")
        }
        guard let key = try existing(home: home) else {
            throw ManifestFingerprintKeyError(path: path, problem: "disappeared while it was made")
        }
        return key
    }

    private static func reason(of error: any Error) -> String {
        if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
            posix.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(Int32(posix.code)))
        }
        return "I/O error"
    }
}

/// The fingerprint key file cannot be used.
public struct ManifestFingerprintKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key's file.
    public var path: String
    /// What is wrong with it.
    public var problem: String

    public var description: String { "The manifest fingerprint key '\(path)' \(problem)" }
}
