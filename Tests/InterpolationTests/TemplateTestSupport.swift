import GoYAML
import Synchronization

@testable import Interpolation

/// A variable source that records every definition it is asked for, for lookup-order tests.
final class RecordingVariables: VariableSource {
    let values: [String: YAMLNode]
    let requests = Mutex<[String]>([])

    init(_ values: [String: YAMLNode]) {
        self.values = values
    }

    func value(for definition: VariableDefinition, lookup: (String) throws -> YAMLNode?) throws -> YAMLNode? {
        requests.withLock { $0.append(definition.name) }
        return values[definition.name]
    }

    func names() -> [String] { values.keys.sorted() }
}

/// A generator that returns `generated-<name of type>-<n>` strings and counts its calls; it
/// fails for the type `broken`.
final class FakeGenerator: VariableGenerator {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "Unsupported value type: broken" }
    }

    let calls = Mutex<[String]>([])

    func generate(type: String, options: YAMLNode?, lookup: (String) throws -> YAMLNode?) throws -> YAMLNode {
        if type == "broken" { throw Failure() }
        let count = calls.withLock { calls -> Int in
            calls.append(type)
            return calls.count
        }
        if type == "certificate", let ca = options?["ca"]?.stringValue {
            // Like the real generator, a leaf certificate reads its CA through `lookup`.
            let caValue = try lookup(ca)
            return .map(
                YAMLMap([
                    .init(key: .string("ca"), value: caValue?["certificate"] ?? .null),
                    .init(key: .string("certificate"), value: .string("cert-\(count)")),
                ]))
        }
        return .string("generated-\(type)-\(count)")
    }
}

/// Parses YAML test input; the tests' documents are valid.
func yaml(_ text: String) throws -> YAMLNode {
    try YAMLCodec.parse(text)
}

/// Evaluates `text` with static variables `values`.
func evaluate(
    _ text: String, _ values: [String: YAMLNode] = [:], expectAllKeys: Bool = false, expectAllVarsUsed: Bool = false
) throws -> YAMLNode {
    try TemplateEvaluator.evaluate(
        yaml(text), variables: StaticVariables(values),
        options: .init(expectAllKeys: expectAllKeys, expectAllVarsUsed: expectAllVarsUsed))
}
