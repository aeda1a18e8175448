import Foundation

/// The stemcell a compiled package was built on: release.MF's `stemcell: <os>/<version>`, or
/// the stemcell a deployment uses. The Director knows a compiled package by these two alone,
/// never by the stemcell's name: one OS and version built for any cloud is the same system.
public struct StemcellTarget: Sendable, Hashable, CustomStringConvertible {
    /// The operating system, e.g. `ubuntu-jammy`.
    public var os: String
    /// The stemcell version, e.g. `1.83`.
    public var version: String

    /// Creates a value from its parts.
    public init(os: String, version: String) {
        self.os = os
        self.version = version
    }

    /// Reads `<os>/<version>`, split at the first `/` as the Director splits it; nil for text
    /// without a `/` or with an empty side.
    public init?(_ text: String) {
        guard let slash = text.firstIndex(of: "/") else { return nil }
        let os = String(text[..<slash])
        let version = String(text[text.index(after: slash)...])
        guard !os.isEmpty, !version.isEmpty else { return nil }
        self.init(os: os, version: version)
    }

    /// `<os>/<version>`.
    public var description: String { "\(os)/\(version)" }

    /// The Director's exact match: the same OS and the same version text.
    public func isExactly(_ other: StemcellTarget) -> Bool {
        os == other.os && version == other.version
    }

    /// The Director's looser match for packages without source: the same OS and the same
    /// major version, i.e. the first component of the release part of a semi-semantic version
    /// (`_` read as `.`, as old stemcell versions wrote it), so `1.83` fits `1.90` but not `2.1`.
    /// Versions that are not semi-semantic never match loosely.
    public func isOnSameLine(as other: StemcellTarget) -> Bool {
        guard os == other.os, let mine = Self.major(version), let theirs = Self.major(other.version) else {
            return false
        }
        return mine == theirs
    }

    /// The line's name for messages: `ubuntu-jammy/1.x`.
    public var lineDescription: String {
        "\(os)/\(Self.major(version).map { "\($0).x" } ?? version)"
    }

    /// The first release component, numbers compared as numbers (`01` is `1`); nil when the
    /// version is not semi-semantic.
    static func major(_ version: String) -> String? {
        let normalized = version.replacingOccurrences(of: "_", with: ".")
        let release = normalized.prefix { $0 != "-" && $0 != "+" }
        let components = release.split(separator: ".", omittingEmptySubsequences: false)
        guard let first = components.first,
            components.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
        else { return nil }
        if let number = Int(first) { return String(number) }
        return String(first)
    }
}
