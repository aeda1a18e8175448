import DeployerSupport
import Foundation
import GoYAML
import Synchronization

/// The `--vars-store` file: a YAML map of variable values that generates typed variables the
/// first time they are needed and remembers them (bosh-cli `VarsFSStore`).
///
/// - An absent or empty file is an empty store; a file that is not a YAML map is an error
///   naming the file.
/// - A stored value is returned as is (type and options are not compared), so nothing is ever
///   regenerated.
/// - After each generation the whole store is written atomically with mode 0600 (bosh-cli
///   uses 0666 minus umask; we keep secrets private). Nothing is written when nothing was
///   generated, and the file is untouched when anything fails before a generation succeeds.
/// - With `saves` false (`deployer plan`) generated values live in memory only, and
///   `generatedNames` says which would have been written.
public final class VarsFileStore: VariableSource {
    /// The store file (absolute).
    public let path: String
    private let generator: any VariableGenerator
    private let saves: Bool
    /// The store's content once loaded; file reads happen once per instance, not per lookup.
    private let loaded = Mutex<YAMLMap?>(nil)
    private let generated = Mutex<[String]>([])

    /// Creates a store over `path`; the file is read on first use.
    ///
    /// - Parameters:
    ///   - path: the store file; bosh-cli expands `~` and makes it absolute (`FileContents.expand`).
    ///   - generator: creates missing typed variables.
    ///   - saves: whether generated values are written to the file (false: kept in memory).
    public init(path: String, generator: any VariableGenerator, saves: Bool = true) {
        self.path = path
        self.generator = generator
        self.saves = saves
    }

    /// The variables this store generated, in order (written to the file only when it saves).
    public var generatedNames: [String] { generated.withLock { $0 } }

    /// The stored value, or a newly generated (and saved) one for a typed definition.
    ///
    /// - Throws: `ContextError` "Deserializing variables file store '<path>'" for a file that is
    ///   not a YAML map, "Generating variable '<name>'" around a generator failure, and
    ///   "Writing variables to file store '<path>'" when saving fails.
    public func value(for definition: VariableDefinition, lookup: (String) throws -> YAMLNode?) throws -> YAMLNode? {
        let variables = try load()
        if let value = variables[definition.name] { return value }
        guard !definition.type.isEmpty else { return nil }

        // The lock is not held while generating: a certificate's `lookup` reads this store again.
        let value = try withContext("Generating variable '\(definition.name)'") {
            try generator.generate(type: definition.type, options: definition.options, lookup: lookup)
        }
        var updated = try load()
        updated[definition.name] = value
        if saves { try save(updated) }
        loaded.withLock { $0 = updated }
        generated.withLock { $0.append(definition.name) }
        return value
    }

    /// The stored names (a dotted key counts under its first part, as bosh-cli lists them).
    ///
    /// - Throws: as `value(for:lookup:)` when the file cannot be loaded.
    public func names() throws -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for key in try load().keys {
            guard let name = key.stringValue?.split(separator: ".", omittingEmptySubsequences: false).first else {
                continue
            }
            if seen.insert(String(name)).inserted { result.append(String(name)) }
        }
        return result
    }

    /// The store's content, read from disk on first use.
    ///
    /// - Throws: the read error, or "Deserializing variables file store '<path>'".
    public func load() throws -> YAMLMap {
        if let cached = loaded.withLock({ $0 }) { return cached }
        var variables = YAMLMap()
        if FileContents.exists(path) {
            let bytes = try FileContents.read(path)
            variables = try withContext("Deserializing variables file store '\(path)'") {
                try VariablesDocument.map(from: YAMLCodec.parse(bytes: bytes))
            }
        }
        loaded.withLock { $0 = variables }
        return variables
    }

    private func save(_ variables: YAMLMap) throws {
        try withContext("Writing variables to file store '\(path)'") {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            try AtomicFile.write(Data(YAMLCodec.emit(.map(variables)).utf8), to: path, mode: 0o600)
        }
    }
}
