import GoYAML

/// The Go field types config-server decodes options into.
enum GoFieldKind: Sendable {
    case string, int, int64, bool, stringList

    var goTypeName: String {
        switch self {
        case .string: return "string"
        case .int: return "int"
        case .int64: return "int64"
        case .bool: return "bool"
        case .stringList: return "[]string"
        }
    }
}

/// A decoded option value; absent keys stay absent (Go's zero value applies).
enum GoFieldValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case stringList([String])
}

/// Decoded options, read with Go's zero values as defaults.
struct DecodedOptions: Sendable {
    var values: [String: GoFieldValue] = [:]

    func string(_ key: String) -> String {
        if case .string(let value)? = values[key] { return value }
        return ""
    }

    func int(_ key: String) -> Int {
        if case .int(let value)? = values[key] { return value }
        return 0
    }

    func bool(_ key: String) -> Bool {
        if case .bool(let value)? = values[key] { return value }
        return false
    }

    func stringList(_ key: String) -> [String] {
        if case .stringList(let value)? = values[key] { return value }
        return []
    }
}

/// Reads a YAML value into a Go-like struct the way yaml.v2 does after a marshal round
/// trip: reproduces config-server's `objToStruct` (and bosh-cli's CA value decoding).
enum ConfigServerOptions {
    /// config-server's `objToStruct`: the input must be a map (or null), every key must be in
    /// `supported`, and every value must fit its field.
    ///
    /// - Throws: `OptionsDecodingProblem`.
    static func decode(
        _ input: YAMLNode?, fields: [String: GoFieldKind], supported: [String]
    ) throws(OptionsDecodingProblem) -> DecodedOptions {
        let document = input ?? .null
        guard case .map(let map) = document else {
            if case .null = document { return DecodedOptions() }
            throw .notDeserializable([
                YAMLv2Layout.typeError(document, line: 1, into: "map[string]interface {}")
            ])
        }
        // Go walks a map in random order; report the first unknown key in sorted order so
        // the message is stable.
        let unsupported = map.keys.map(YAMLv2Layout.keyText).filter { !supported.contains($0) }
        if let key = unsupported.sorted().first {
            throw .unsupportedParameter(key)
        }
        let (options, errors) = decodeStruct(map, fields: fields)
        if !errors.isEmpty { throw .notDeserializable(errors) }
        return options
    }

    /// yaml.v2's struct decoding of a top-level map: unknown keys are ignored, type errors
    /// are collected in document order. A non-map, non-null `document` is one type error
    /// naming `goTypeName`.
    static func decodeStruct(
        document: YAMLNode, fields: [String: GoFieldKind], goTypeName: String, showValues: Bool = true
    ) -> (DecodedOptions, [String]) {
        switch document {
        case .null:
            return (DecodedOptions(), [])
        case .map(let map):
            return decodeStruct(map, fields: fields, showValues: showValues)
        default:
            return (
                DecodedOptions(),
                [
                    YAMLv2Layout.typeError(document, line: 1, into: goTypeName, showValue: showValues)
                ]
            )
        }
    }

    private static func decodeStruct(
        _ map: YAMLMap, fields: [String: GoFieldKind], showValues: Bool = true
    ) -> (DecodedOptions, [String]) {
        var options = DecodedOptions()
        var errors: [String] = []
        for entry in YAMLv2Layout.entries(of: map, firstLine: 1) {
            let key = YAMLv2Layout.keyText(entry.key)
            guard let kind = fields[key] else { continue }
            let (value, fieldErrors) = decodeField(
                entry.value, kind: kind, line: entry.valueLine, showValues: showValues)
            errors += fieldErrors
            if let value { options.values[key] = value }
        }
        return (options, errors)
    }

    private static func decodeField(
        _ node: YAMLNode, kind: GoFieldKind, line: Int, showValues: Bool
    ) -> (GoFieldValue?, [String]) {
        if case .null = node { return (nil, []) }
        let failure = [YAMLv2Layout.typeError(node, line: line, into: kind.goTypeName, showValue: showValues)]
        switch kind {
        case .string:
            guard let scalar = YAMLv2Layout.scalar(node) else { return (nil, failure) }
            return (.string(scalar.text), [])
        case .int, .int64:
            guard let scalar = YAMLv2Layout.scalar(node) else { return (nil, failure) }
            switch scalar.resolved {
            case .int(let value):
                return (.int(value), [])
            case .float(let value):
                guard let integer = goIntConversion(value) else { return (nil, failure) }
                return (.int(integer), [])
            case .uint, .string, .bool:
                // yaml.v2 refuses a uint64 beyond Int64.max for an int field.
                return (nil, failure)
            }
        case .bool:
            guard case .bool(let value) = node else { return (nil, failure) }
            return (.bool(value), [])
        case .stringList:
            guard case .array(let elements) = node else { return (nil, failure) }
            var strings: [String] = []
            var errors: [String] = []
            let lines = YAMLv2Layout.elementLines(of: elements, firstLine: line)
            for (element, elementLine) in zip(elements, lines) {
                let (value, elementErrors) = decodeField(
                    element, kind: .string, line: elementLine, showValues: showValues)
                errors += elementErrors
                if case .string(let text)? = value {
                    strings.append(text)
                } else if elementErrors.isEmpty {
                    strings.append("")  // a null element decodes to Go's zero string
                }
            }
            return (.stringList(strings), errors)
        }
    }

    /// yaml.v2 accepts a float for an int field when it is at most MaxInt64, truncating it;
    /// values below the range become MinInt64 as Go's conversion does on amd64.
    private static func goIntConversion(_ value: Double) -> Int? {
        if value.isNaN || value > 9_223_372_036_854_775_807.0 { return nil }
        if value >= 9_223_372_036_854_775_807.0 || value < -9_223_372_036_854_775_808.0 { return Int.min }
        return Int(value)
    }
}
