import Deployer
import GoYAML
import Interpolation

/// A manifest through the steps of create-env's "Validating deployment manifest".
enum ManifestFuzzer {
    /// Values for the `((placeholders))` a fuzzed manifest may use (the seeds use these names).
    static let variables = StaticVariables([
        "internal_ip": .string("127.0.0.1"),
        "cpi_path": .string("/usr/local/bin/cpi"),
        "password": .string("fuzz-password"),
        "port": .int(6868),
        "properties": .map(YAMLMap([.init(key: .string("key"), value: .string("value"))])),
    ])

    static func run(_ input: [UInt8]) {
        // The CLI hands a manifest's bytes to the parser as they are (a BOM picks UTF-16).
        let parsed: YAMLNode
        do {
            parsed = try YAMLCodec.parse(bytes: input)
        } catch {
            _ = error.description
            return
        }
        _ = YAMLCodec.emit(parsed)
        let document: YAMLNode
        do {
            document = try TemplateEvaluator.evaluate(parsed, variables: variables)
        } catch {
            _ = String(describing: error)
            // Undefined variables stay an error in the CLI; parse the raw document anyway so
            // the parser also sees `((…))` strings where it expects numbers or maps.
            parse(parsed)
            return
        }
        parse(document)
    }

    private static func parse(_ document: YAMLNode) {
        do {
            let manifest = try ManifestParser.parse(document, path: "/fuzz/manifest.yml", homeDirectory: "/home/fuzz")
            let job = try manifest.deployment.deployableJob()
            _ = try manifest.deployment.resourcePool(for: job)
        } catch {
            _ = String(describing: error)
        }
    }
}
