import Foundation

extension FileStateStore {
    /// A one-line account of why the JSON does not decode, with the field path.
    static func problem(in error: DecodingError, data: Data) -> String {
        func location(_ path: [any CodingKey]) -> String {
            var text = ""
            for key in path {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
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
