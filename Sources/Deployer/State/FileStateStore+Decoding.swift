import Foundation

extension FileStateStore {
    /// Decodes the content of the state file at `path` as `load()` does, without touching the
    /// file: a schema newer than this build is refused, and so is blank content, as bosh-cli
    /// refuses it ("unexpected end of JSON input"): no save writes an empty file, so one means
    /// the file was truncated or replaced, and reading it as "nothing deployed" would make
    /// the next deploy create a second VM beside the one `<path>.bak` may still list.
    ///
    /// - Throws: `StateError.corrupt` (with what `<path>.bak` holds when it exists) or
    ///   `.unsupportedSchemaVersion`, both naming `path`.
    public static func decodeState(_ data: Data, path: String) throws(StateError) -> DeploymentState {
        func corrupt(_ problem: String) -> StateError {
            .corrupt(path: path, problem: problem, backup: StateBackup.inspect(statePath: path))
        }
        if StateBackup.isBlank(data) {
            throw corrupt("it is empty (unexpected end of JSON input)")
        }
        let state: DeploymentState
        do {
            state = try JSONDecoder().decode(DeploymentState.self, from: data)
        } catch let error as DecodingError {
            throw corrupt(problem(in: error, data: data))
        } catch {
            throw corrupt(String(describing: error))
        }
        if state.deployer.schemaVersion > DeployerStateMetadata.currentSchemaVersion {
            throw StateError.unsupportedSchemaVersion(
                path: path, found: state.deployer.schemaVersion, supported: DeployerStateMetadata.currentSchemaVersion)
        }
        return state
    }

    /// The bytes `save` writes for `state` (bosh-cli's layout and key order), without
    /// touching the file.
    ///
    /// - Throws: `StateError.encodingFailed` naming `path`.
    public static func encodeState(_ state: DeploymentState, path: String) throws(StateError) -> Data {
        do {
            // Codable gives the fields; the writer gives bosh-cli's layout and order.
            let fields = try JSONDecoder().decode([String: StateJSONValue].self, from: JSONEncoder().encode(state))
            return Data(StateJSONWriter.document(fields).utf8)
        } catch {
            throw StateError.encodingFailed(path: path, reason: String(describing: error))
        }
    }

    /// A one-line account of why the JSON does not decode, with the field path.
    static func problem(in error: DecodingError, data: Data) -> String {
        func location(_ path: [any CodingKey]) -> String {
            var text = ""
            for key in path {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "top level" : "'\(text)'"
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            // JSONDecoder does not say where the syntax breaks; JSONSerialization does.
            do {
                _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            } catch let parse as NSError {
                let detail = parse.userInfo[NSDebugDescriptionErrorKey] as? String ?? parse.localizedDescription
                return "invalid JSON (\(detail.hasSuffix(".") ? String(detail.dropLast()) : detail))"
            }
            return "invalid JSON"
        case .dataCorrupted(let context):
            return "invalid value at \(location(context.codingPath))"
        case .typeMismatch(let type, let context):
            return "wrong type at \(location(context.codingPath)) (expected \(Self.jsonName(of: type)))"
        case .valueNotFound(let type, let context):
            return "missing value at \(location(context.codingPath)) (expected \(Self.jsonName(of: type)))"
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)' at \(location(context.codingPath))"
        @unknown default:
            return String(describing: error)
        }
    }

    private static func jsonName(of type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Dictionary") || name.hasPrefix("[") && name.contains(":") { return "an object" }
        if name.hasPrefix("Array") || name.hasPrefix("[") { return "an array" }
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "a boolean"
        default: return "an object"
        }
    }
}
